"""Reading a Server-Sent Events stream in tests: a thread parses the stream into events on a queue."""

from __future__ import annotations

import json
import queue
import threading
import time


class SseReader:
    """`client.stream("GET", url)` read by a thread; `next(kind)` waits for the next event (of that kind)."""

    def __init__(self, client, url: str, headers: dict | None = None):
        self._cm = client.stream("GET", url, headers=headers or {})
        self.response = self._cm.__enter__()
        assert self.response.status_code == 200, self.response.read()
        assert self.response.headers["content-type"].startswith("text/event-stream")
        self.events: queue.Queue = queue.Queue()
        self.comments: list[str] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        event: dict = {}
        try:
            for line in self.response.iter_lines():
                if line == "":
                    if "event" in event:
                        event["data"] = json.loads(event.get("data", "null"))
                        self.events.put(event)
                    event = {}
                elif line.startswith(":"):
                    self.comments.append(line)
                else:
                    key, _, value = line.partition(":")
                    event[key] = value[1:] if value.startswith(" ") else value
        except Exception:
            pass

    def next(self, kind: str | None = None, timeout: float = 5.0) -> dict:
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError(f"no {kind or 'event'} within {timeout} s")
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if kind is None or event["event"] == kind:
                return event

    def drain(self, wait: float = 0.3) -> list[dict]:
        """Every event that arrives within `wait` seconds."""
        out = []
        deadline = time.time() + wait
        while time.time() < deadline:
            try:
                out.append(self.events.get(timeout=max(0.01, deadline - time.time())))
            except queue.Empty:
                pass
        return out

    def close(self) -> None:
        self._cm.__exit__(None, None, None)
        self._thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
