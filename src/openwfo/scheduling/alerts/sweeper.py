"""Runs the alert sweep in every `openwfo serve` process (a `kit/lifecycle.py` start hook): a daemon
thread calling `service.sweep` every OPENWFO_ALERT_SWEEP_SECONDS (0: off). Several processes sweeping
at once raise each alert once (the unique key), and only the raising process publishes it."""

from __future__ import annotations

import logging
import threading

from ...kit import lifecycle
from . import service

log = logging.getLogger("openwfo.alerts")


@lifecycle.on_start
def start_sweeper(app):
    every = float(getattr(app.state.settings, "alert_sweep_seconds", 0) or 0)
    if every <= 0:
        return None
    database = app.state.database
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            try:
                service.sweep(database)
            except Exception:
                log.exception("alert sweep failed")

    thread = threading.Thread(target=loop, name="openwfo-alert-sweep", daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(timeout=10)

    return halt
