"""Runs the alert sweep in every `openwfo serve` process (a `kit/lifecycle.py` start hook): a daemon
thread calling `service.sweep` every OPENWFO_ALERT_SWEEP_SECONDS (0: off). Several processes sweeping
at once raise each alert once (the unique key), and only the raising process publishes it."""

from __future__ import annotations

from ...kit import lifecycle
from . import service


@lifecycle.on_start
def start_sweeper(app):
    every = float(getattr(app.state.settings, "alert_sweep_seconds", 0) or 0)
    if every <= 0:
        return None
    database = app.state.database
    return lifecycle.every(every, lambda: service.sweep(database), "alert-sweep", join_s=10)
