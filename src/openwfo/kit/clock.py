"""The server clock. Everything that asks "what time is it" asks here, so tests can set it."""

from __future__ import annotations

import threading
import time


class Clock:
    """Wall clock in epoch milliseconds, with an offset tests can move."""

    def __init__(self) -> None:
        self._offset_ms = 0
        self._frozen_ms: int | None = None
        self._lock = threading.Lock()

    def now_ms(self) -> int:
        if self._frozen_ms is not None:
            return self._frozen_ms
        return int(time.time() * 1000) + self._offset_ms

    def advance(self, *, seconds: float = 0, minutes: float = 0, hours: float = 0) -> None:
        delta = int((seconds + minutes * 60 + hours * 3600) * 1000)
        with self._lock:
            if self._frozen_ms is not None:
                self._frozen_ms += delta
            else:
                self._offset_ms += delta

    def freeze(self, at_ms: int | None = None) -> None:
        self._frozen_ms = self.now_ms() if at_ms is None else at_ms

    def reset(self) -> None:
        self._offset_ms = 0
        self._frozen_ms = None


clock = Clock()


def now_ms() -> int:
    return clock.now_ms()
