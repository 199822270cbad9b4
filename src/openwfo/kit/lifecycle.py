"""Start/stop hooks for long-running helpers inside the server process (e.g. folder watchers).

A module registers `on_start(hook)`; `hook(app)` runs when the server starts and may return a
callable that stops what it started. app.py's lifespan calls start_all/stop_all.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("openwfo.lifecycle")
_HOOKS: list[Callable] = []


def on_start(hook: Callable) -> Callable:
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def start_all(app) -> list[Callable]:
    stops = []
    for hook in _HOOKS:
        try:
            stop = hook(app)
        except Exception:  # a helper that cannot start must not keep the API down
            log.exception("start hook %s failed", getattr(hook, "__name__", hook))
            continue
        if stop is not None:
            stops.append(stop)
    return stops


def stop_all(stops: list[Callable]) -> None:
    for stop in reversed(stops):
        try:
            stop()
        except Exception:
            log.exception("stop hook failed")


def every(seconds: float, work: Callable[[], object], name: str, *, join_s: float = 30) -> Callable[[], None]:
    """Run work() every `seconds` in a daemon thread named openwfo-<name>; a round that fails is logged
    and the next one still runs. Answers the stop function that a start hook returns."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(seconds):
            try:
                work()
            except Exception:
                log.exception("%s failed", name)

    thread = threading.Thread(target=loop, name=f"openwfo-{name}", daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(timeout=join_s)

    return halt
