"""Publishers: give each event an id, keep a short buffer for replay, fan events out to subscribers.

Ids are `"<epoch>-<seq>"`: `seq` counts a tenant's events without gaps (1, 2, 3, ...), `epoch`
names the buffer they belong to (a process start on the embedded default, the Redis keyspace in
scale-out mode). A reconnecting client sends the last id it saw; `since()` answers the events after
it, or None when they can no longer be replayed (another epoch, or trimmed from the buffer) — the
stream then starts over with a fresh snapshot, so a client never silently misses a change.

- `InProcessPublisher` (embedded default, one server process): a bounded in-memory buffer per
  tenant; delivery happens in the publishing thread, in id order (under one lock).
- `RedisPublisher` (OPENWFO_REDIS_URL set, any number of processes): one Lua script per batch
  atomically numbers the events (INCRBY), appends them to a per-tenant Redis stream trimmed to
  `buffer_size` (the replay buffer) and PUBLISHes them on one channel, so every process receives
  every event in id order; a listener thread per process hands them to its local subscribers.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import orjson

from ..kit.clock import now_ms

log = logging.getLogger("openwfo.live")

BUFFER_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class LiveEvent:
    id: str
    tenant_id: int
    kind: str
    data: dict
    at_ms: int

    @property
    def seq(self) -> int:
        return int(self.id.rsplit("-", 1)[1])


def parse_id(value: str | None) -> tuple[str, int] | None:
    """`"<epoch>-<seq>"` → (epoch, seq); None for anything else."""
    if not value or len(value) > 64:
        return None
    epoch, _, seq = value.strip().rpartition("-")
    if not epoch or not seq.isdigit():
        return None
    return epoch, int(seq)


class Subscription:
    """A subscriber's registration; `callback(event)` runs on the publisher's thread: keep it short."""

    def __init__(self, fanout: Fanout, tenant_id: int, callback: Callable[[LiveEvent], None]):
        self.fanout, self.tenant_id, self.callback = fanout, tenant_id, callback

    def close(self) -> None:
        self.fanout.remove(self)


class Fanout:
    """This process's subscribers, by tenant."""

    def __init__(self) -> None:
        self._subs: dict[int, tuple[Subscription, ...]] = {}
        self._lock = threading.Lock()

    def add(self, tenant_id: int, callback) -> Subscription:
        sub = Subscription(self, tenant_id, callback)
        with self._lock:
            self._subs[tenant_id] = (*self._subs.get(tenant_id, ()), sub)
        return sub

    def remove(self, sub: Subscription) -> None:
        with self._lock:
            left = tuple(s for s in self._subs.get(sub.tenant_id, ()) if s is not sub)
            if left:
                self._subs[sub.tenant_id] = left
            else:
                self._subs.pop(sub.tenant_id, None)

    def count(self) -> int:
        return sum(len(s) for s in self._subs.values())

    def deliver(self, events: Iterable[LiveEvent]) -> None:
        for ev in events:
            for sub in self._subs.get(ev.tenant_id, ()):
                try:
                    sub.callback(ev)
                except Exception:
                    log.exception("live subscriber failed")


class InProcessPublisher:
    def __init__(self, buffer_size: int = BUFFER_SIZE):
        self.epoch = f"p{now_ms()}"
        self.buffer_size = buffer_size
        self.fanout = Fanout()
        self._seq: dict[int, int] = {}
        self._buffers: dict[int, deque[LiveEvent]] = {}
        self._lock = threading.Lock()

    def publish(self, items: list[tuple[int, str, dict]]) -> list[LiveEvent]:
        at = now_ms()
        with self._lock:
            events = []
            for tenant_id, kind, data in items:
                seq = self._seq.get(tenant_id, 0) + 1
                self._seq[tenant_id] = seq
                ev = LiveEvent(f"{self.epoch}-{seq}", tenant_id, kind, data, at)
                buf = self._buffers.get(tenant_id)
                if buf is None:
                    buf = self._buffers[tenant_id] = deque(maxlen=self.buffer_size)
                buf.append(ev)
                events.append(ev)
            self.fanout.deliver(events)
        return events

    def subscribe(self, tenant_id: int, callback) -> tuple[Subscription, str]:
        """Register `callback`; answers the subscription and the id of the tenant's latest event
        (every later event reaches the callback)."""
        with self._lock:
            return self.fanout.add(tenant_id, callback), f"{self.epoch}-{self._seq.get(tenant_id, 0)}"

    def since(self, tenant_id: int, last_id: str | None) -> list[LiveEvent] | None:
        parsed = parse_id(last_id)
        if parsed is None or parsed[0] != self.epoch:
            return None
        last = parsed[1]
        with self._lock:
            head = self._seq.get(tenant_id, 0)
            if last > head:
                return None
            buf = list(self._buffers.get(tenant_id, ()))
        if last == head:
            return []
        if not buf or buf[0].seq > last + 1:
            return None  # trimmed
        return [ev for ev in buf if ev.seq > last]

    def close(self) -> None:
        pass


_PUBLISH = """
local epoch = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[1]
  redis.call('SET', KEYS[3], epoch)
end
local n = #ARGV - 3
local last = redis.call('INCRBY', KEYS[2], n)
local first = last - n + 1
for i = 1, n do
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], (first + i - 1) .. '-0', 'e', ARGV[3 + i])
end
redis.call('PUBLISH', KEYS[4], ARGV[3] .. '|' .. epoch .. '|' .. first .. '\\n' .. table.concat(ARGV, '\\n', 4))
return {epoch, first}
"""


class RedisPublisher:
    def __init__(self, redis_url: str, namespace: str, buffer_size: int = BUFFER_SIZE):
        import redis

        self.redis = redis.Redis.from_url(redis_url)
        self.prefix = f"openwfo:live:{namespace}"
        self.channel = f"{self.prefix}:events"
        self.buffer_size = buffer_size
        self.fanout = Fanout()
        self._script = self.redis.register_script(_PUBLISH)
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="openwfo-live", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def _keys(self, tenant_id: int) -> list[str]:
        return [f"{self.prefix}:{tenant_id}:stream", f"{self.prefix}:{tenant_id}:seq", f"{self.prefix}:epoch",
                self.channel]

    def publish(self, items: list[tuple[int, str, dict]]) -> None:
        at = now_ms()
        by_tenant: dict[int, list[bytes]] = {}
        for tenant_id, kind, data in items:
            by_tenant.setdefault(tenant_id, []).append(orjson.dumps([kind, data, at]))
        for tenant_id, encoded in by_tenant.items():
            for i in range(0, len(encoded), 1000):
                self._script(keys=self._keys(tenant_id),
                             args=[f"r{now_ms()}", self.buffer_size, tenant_id, *encoded[i:i + 1000]])

    def subscribe(self, tenant_id: int, callback) -> tuple[Subscription, str]:
        sub = self.fanout.add(tenant_id, callback)
        keys = self._keys(tenant_id)
        epoch, seq = self.redis.mget(keys[2], keys[1])
        if epoch is None:
            self.redis.set(keys[2], f"r{now_ms()}", nx=True)
            epoch = self.redis.get(keys[2])
        return sub, f"{epoch.decode()}-{int(seq or 0)}"

    def since(self, tenant_id: int, last_id: str | None) -> list[LiveEvent] | None:
        parsed = parse_id(last_id)
        if parsed is None:
            return None
        keys = self._keys(tenant_id)
        epoch, head = self.redis.mget(keys[2], keys[1])
        if epoch is None or parsed[0] != epoch.decode():
            return None
        last, head = parsed[1], int(head or 0)
        if last > head:
            return None
        if last == head:
            return []
        first = self.redis.xrange(keys[0], "-", "+", count=1)
        if not first or int(first[0][0].split(b"-")[0]) > last + 1:
            return None  # trimmed
        prefix = epoch.decode()
        out = []
        for entry_id, fields in self.redis.xrange(keys[0], f"({last}-0", "+"):
            kind, data, at = orjson.loads(fields[b"e"])
            out.append(LiveEvent(f"{prefix}-{int(entry_id.split(b'-')[0])}", tenant_id, kind, data, at))
        return out

    def _listen(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.channel)
                pubsub.get_message(timeout=1)  # the subscribe confirmation
                self._ready.set()
                backoff = 0.5
                while not self._stop.is_set():
                    msg = pubsub.get_message(timeout=1.0)
                    if msg is not None and msg["type"] == "message":
                        self.fanout.deliver(_decode(msg["data"]))
            except Exception:
                if self._stop.is_set():
                    break
                log.exception("live event listener lost Redis; reconnecting")
                time.sleep(backoff)
                backoff = min(backoff * 2, 10)
            finally:
                try:
                    pubsub.close()
                except Exception:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)
        self.redis.close()


def _decode(message: bytes) -> list[LiveEvent]:
    header, _, body = message.partition(b"\n")
    tenant, epoch, first = header.decode().split("|")
    tenant_id, seq = int(tenant), int(first)
    events = []
    for i, line in enumerate(body.split(b"\n")):
        kind, data, at = orjson.loads(line)
        events.append(LiveEvent(f"{epoch}-{seq + i}", tenant_id, kind, data, at))
    return events


def build_publisher(settings, database):
    if settings.redis_url:
        namespace = hashlib.sha256(database.url.encode()).hexdigest()[:12]
        return RedisPublisher(settings.redis_url, namespace)
    return InProcessPublisher()


_lazy_lock = threading.Lock()


def publisher_for(database):
    """The store's publisher (set by the app); a process without one (CLI) gets an in-process one."""
    pub = getattr(database, "live_publisher", None)
    if pub is None:
        with _lazy_lock:
            pub = getattr(database, "live_publisher", None)
            if pub is None:
                pub = database.live_publisher = InProcessPublisher()
    return pub
