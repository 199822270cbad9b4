"""The live view's hub: one per tenant per event loop (server process), shared by every stream of the
tenant that process serves.

It holds the watched agents' live status (state, scheduled activity, in/out of adherence since when),
takes the tenant's live events from the publisher (one subscription, whatever the number of streams),
times the watched agents' activity boundaries (a one-second ticker) and refreshes activities and
adherence rules every `REFRESH_S`. Each event is applied and formatted once, and the same bytes are
queued on every stream watching that agent. Everything runs on the event loop; the publisher's thread only
hands events over (`call_soon_threadsafe`, batched).

Event ids: `<publisher id>@<timeline position>`. The publisher id (`<epoch>-<seq>`) is the newest
published event (state, alert) the hub had applied; the position is how far the activity timeline had
been played: `<t>` (every boundary at or before t) or `<t>:<agentId>` (boundaries before t, and those at t
of agents up to that id). A reconnecting client's `Last-Event-ID` therefore says exactly what it saw: the
stream replays the published events after the publisher id (`publisher.since`) and the activity
boundaries after the position (from the activities the hub holds), then goes on live. When either is no
longer available (another publisher epoch, trimmed, or the position older than `MAX_REPLAY_MS`) it sends
a fresh snapshot instead.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import orjson
from fastapi.concurrency import run_in_threadpool

from ...errors import AppError
from ...kit import lifecycle
from ...kit.clock import now_ms
from ...live import LiveEvent, publisher_for
from ...live.publisher import parse_id
from ..adherence.rules import Rules
from . import service
from .status import Activity, Status, activity_at, adheres

log = logging.getLogger("openwfo.live_view")

TICK_S = 1.0
HEARTBEAT_S = 15.0       # an idle stream writes a comment this often (proxies keep it open)
REFRESH_S = 60.0
MAX_QUEUED = 20_000          # frames waiting on one stream; a client that slow is disconnected (it reconnects)
MAX_REPLAY_MS = 12 * 3_600_000
FORWARDED = {"state": "state", "alert": "alert", "alertEnded": "alertEnded", "alertAcknowledged": "alertAcknowledged"}
SCHEDULE, MEMBERSHIP = "schedule", "membership"  # published by live_view.changes


def sse(event: str, event_id: str | None, data: dict) -> bytes:
    head = f"event: {event}\n" + (f"id: {event_id}\n" if event_id else "")
    return head.encode() + b"data: " + orjson.dumps(data) + b"\n\n"


def parse_position(text: str) -> tuple[int, int] | None:
    """`<t>` → (t, ∞); `<t>:<agent>` → (t, agent)."""
    t, _, agent = text.partition(":")
    if not t.isdigit() or len(t) > 16 or (agent and (not agent.isdigit() or len(agent) > 19)):
        return None
    return int(t), int(agent) if agent else INF


INF = 2**63


def position_text(t: int, agent: int = INF) -> str:
    return str(t) if agent >= INF else f"{t}:{agent}"


def boundaries(acts: list[Activity], after: int, upto: int) -> list[int]:
    """Instants in (after, upto] where an activity starts or ends."""
    return sorted({x for a in acts for x in (a[1], a[2]) if after < x <= upto})


@dataclass
class AgentLive:
    id: int
    employee_id: str | None
    first_name: str
    last_name: str
    acts: list[Activity]
    status: Status
    next_at: int | None = None

    def wire(self, now: int) -> dict:
        return {"agentId": self.id, "employeeId": self.employee_id, "firstName": self.first_name,
                "lastName": self.last_name, **self.status.wire(now)}

    def plan(self, after: int) -> None:
        nxt = [x for a in self.acts for x in (a[1], a[2]) if x > after]
        self.next_at = min(nxt) if nxt else None

    def on_state(self, rules: Rules, ts: int, state: int, reason: str | None) -> bool:
        """Apply a reported change; False when it is older than the current state (a late arrival: history,
        not the present)."""
        st = self.status
        if st.state_since is not None and ts < st.state_since:
            return False
        st.state, st.reason, st.state_since = state, reason, ts
        adherent = adheres(rules, st.activity, state, reason)
        if adherent != st.adherent:
            st.adherent = adherent
            st.since = max(ts, st.activity[1]) if st.activity else st.since
        return True

    def on_time(self, rules: Rules, t: int) -> tuple[Activity | None, Activity | None] | None:
        """Move to instant t: (ended, started) when the scheduled activity changed, else None."""
        st = self.status
        act = activity_at(self.acts, t)
        if act == st.activity:
            return None
        old, st.activity = st.activity, act
        adherent = adheres(rules, act, st.state, st.reason)
        if adherent != st.adherent or act is None:
            st.adherent, st.since = adherent, t
        return old, act

    def rejudge(self, rules: Rules, now: int) -> None:
        st = self.status
        adherent = adheres(rules, st.activity, st.state, st.reason)
        if adherent != st.adherent:
            st.adherent, st.since = adherent, now


def _activity(act: Activity | None) -> dict | None:
    return None if act is None else {"activityType": act[0], "startTime": act[1], "endTime": act[2]}


@dataclass(eq=False)
class Stream:
    """One connected client: the agents it watches and the frames waiting to be written. `resolve` (run
    in a worker thread) works out the agents it should watch now (the team's or view's, as the caller
    may see them; raises when the caller no longer may), `key` says which streams share that answer."""

    agent_ids: set[int]
    resolve: Callable[[], list[service.Watched]] | None = None
    key: Hashable = None
    frames: deque = field(default_factory=deque)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    overflow: bool = False
    ended: bool = False      # the server is shutting down: the stream finishes (the client reconnects elsewhere)
    heartbeat_due: bool = False  # idle for HEARTBEAT_S: the ticker asks for a comment line
    written: float = 0.0     # when the stream last wrote (the loop's clock)
    skip_upto: int = 0       # published events with seq <= this were replayed already

    @property
    def open(self) -> bool:
        return not (self.overflow or self.ended)

    def end(self) -> None:
        self.ended = True
        self.wake.set()

    def push(self, seq: int | None, frame: bytes) -> None:
        if len(self.frames) >= MAX_QUEUED:
            self.overflow = True
        else:
            self.frames.append((seq, frame))
        self.wake.set()

    def take(self) -> bytes:
        skip = self.skip_upto
        out = b"".join(frame for seq, frame in self.frames if seq is None or seq > skip)
        self.frames.clear()
        self.wake.clear()
        return out


class TenantHub:
    def __init__(self, registry: Hubs, database, tenant_id: int, loop: asyncio.AbstractEventLoop):
        self.registry, self.database, self.tenant_id, self.loop = registry, database, tenant_id, loop
        self.publisher = publisher_for(database)
        self.agents: dict[int, AgentLive] = {}
        self.watchers: dict[int, set[Stream]] = {}
        self.streams: set[Stream] = set()
        self.loading: dict[int, asyncio.Future] = {}
        self.pending: dict[int, list[LiveEvent]] = {}
        self.rules: Rules = {}
        self.epoch, self.seq = "", 0
        self.cursor = now_ms()
        self._inbox: deque[LiveEvent] = deque()
        self._inbox_lock = threading.Lock()
        self._drain_scheduled = False
        self._held: list[LiveEvent] | None = None  # events waiting for a gap before them to be read back
        self._subscription = None
        self._ticker: asyncio.Task | None = None
        self._refresh_lock = asyncio.Lock()
        self._regroup_task: asyncio.Task | None = None
        self._regroup_again = False
        self._last_refresh = 0.0
        self.closed = False

    # ---- life ----

    async def start(self) -> None:
        self._subscription, head = await run_in_threadpool(self.publisher.subscribe, self.tenant_id, self._receive)
        parsed = parse_id(head)
        if parsed and parsed[1] >= self.seq:
            self.epoch, self.seq = parsed
        self._ticker = self.loop.create_task(self._tick_forever())
        self._last_refresh = self.loop.time()

    def close(self) -> None:
        self.closed = True
        if self._subscription is not None:
            self._subscription.close()
        if self._ticker is not None:
            self._ticker.cancel()

    @property
    def last_id(self) -> str:
        return f"{self.epoch}-{self.seq}"

    def frame_id(self, position: str | None = None) -> str:
        return f"{self.last_id}@{position or position_text(self.cursor)}"

    # ---- events from the publisher (any thread) ----

    def _receive(self, event: LiveEvent) -> None:
        with self._inbox_lock:
            self._inbox.append(event)
            if self._drain_scheduled:
                return
            self._drain_scheduled = True
        try:
            self.loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop is gone (its server stopped)
            pass

    def _drain(self) -> None:
        with self._inbox_lock:
            events = list(self._inbox)
            self._inbox.clear()
            self._drain_scheduled = False
        self._process(events)

    def _process(self, events: list[LiveEvent]) -> None:
        """Apply events in id order. A gap in a tenant's gapless sequence (Redis pub/sub lost messages
        while this process's listener reconnected) holds the rest until the missing events are read
        back from the publisher's replay buffer (`_repair`); an event seen already is skipped."""
        if self._held is not None:
            self._held.extend(events)
            return
        now = now_ms()
        for i, ev in enumerate(events):
            parsed = parse_id(ev.id)
            if parsed is not None and parsed[0] == self.epoch:
                if parsed[1] <= self.seq:
                    continue
                if self.seq and parsed[1] > self.seq + 1:
                    self._held = list(events[i:])
                    self.loop.create_task(self._repair())
                    return
            try:
                self._apply(ev, now)
            except Exception:
                log.exception("live event %s could not be applied", ev.id)

    async def _repair(self) -> None:
        try:
            missing = await run_in_threadpool(self.publisher.since, self.tenant_id, self.last_id)
        except Exception:
            log.exception("live events missed by tenant %s's hub could not be read back", self.tenant_id)
            missing = None
        held, self._held = self._held or [], None
        if missing is None:
            # Gone from the replay buffer: this hub's present is no longer known. Its streams finish (their
            # clients reconnect and get a fresh snapshot, or a replay) and the next stream starts a new hub.
            log.warning("live events of tenant %s lost; restarting its live streams", self.tenant_id)
            self.close()
            for stream in list(self.streams):
                stream.end()
            return
        self._process(sorted(missing + held, key=lambda e: e.seq))

    def _apply(self, ev: LiveEvent, now: int) -> None:
        parsed = parse_id(ev.id)
        if parsed is not None:
            if parsed[0] != self.epoch:
                self.epoch, self.seq = parsed
            elif parsed[1] > self.seq:
                self.seq = parsed[1]
        if ev.kind == SCHEDULE and isinstance(ev.data, dict):
            ids = [a for a in ev.data.get("agentIds") or () if a in self.agents or a in self.loading]
            if ids:  # their activities near now were edited: read them again now
                self.loop.create_task(self._refresh(ids))
            return
        if ev.kind == MEMBERSHIP:
            self.regroup_soon()
            return
        name = FORWARDED.get(ev.kind)
        agent_id = ev.data.get("agentId") if isinstance(ev.data, dict) else None
        if name is None or not isinstance(agent_id, int):
            return
        if agent_id in self.pending:
            self.pending[agent_id].append(ev)
            return
        agent = self.agents.get(agent_id)
        if ev.kind == "state" and agent is not None:
            self._apply_state(agent, ev.data)
        watching = self.watchers.get(agent_id)
        if watching:
            frame = sse(name, self.frame_id(), self._payload(ev, agent, now))
            for stream in watching:
                stream.push(parsed[1] if parsed else None, frame)

    def _apply_state(self, agent: AgentLive, data: dict) -> None:
        reason = data.get("reasonCode")
        agent.on_state(self.rules, data["timestamp"], data["gisStateIdentifier"],
                       None if reason is None else str(reason))

    def _payload(self, ev: LiveEvent, agent: AgentLive | None, now: int) -> dict:
        if ev.kind == "state":
            change = {k: ev.data.get(k) for k in ("gisStateIdentifier", "agentState", "reasonCode", "timestamp")}
            return {"agentId": ev.data["agentId"], "acdAgentId": ev.data.get("acdAgentId"), "change": change,
                    "agent": agent.wire(now) if agent else None}
        return ev.data

    # ---- agents ----

    async def ensure(self, watched: list[service.Watched]) -> None:
        """Load the agents not held yet (their status from the store); events arriving meanwhile wait and
        are applied after, and activity boundaries the ticker played meanwhile are sent for them."""
        missing = [w for w in watched if w.id not in self.agents and w.id not in self.loading]
        if missing:
            future = self.loop.create_future()
            for w in missing:
                self.loading[w.id] = future
                self.pending[w.id] = []
            played = self.cursor
            try:
                now = now_ms()
                rules, loaded = await run_in_threadpool(self._load, [w.id for w in missing], now)
                self.rules = rules
                upto = max(now, self.cursor)
                for w in missing:
                    pending = self.pending.pop(w.id)
                    if w.id not in self.watchers:
                        continue  # its streams left while it loaded
                    acts, status = loaded[w.id]
                    agent = AgentLive(w.id, w.employee_id, w.first_name, w.last_name, acts, status)
                    if self.cursor > now:
                        agent.on_time(self.rules, self.cursor)
                    agent.plan(upto)
                    self.agents[w.id] = agent
                    for ev in pending:
                        if ev.kind == "state":
                            self._apply_state(agent, ev.data)
                    for t in boundaries(acts, played, upto):
                        change = (activity_at(acts, t - 1), activity_at(acts, t))
                        if change[0] != change[1]:
                            self._emit_activity(agent, t, change, now_ms())
                future.set_result(None)
            except BaseException as exc:
                for w in missing:
                    self.pending.pop(w.id, None)
                future.set_exception(exc)
                future.exception()  # retrieved: the waiters below raise it themselves
                raise
            finally:
                for w in missing:
                    self.loading.pop(w.id, None)
        waiting = {self.loading[w.id] for w in watched if w.id in self.loading}
        if waiting:
            await asyncio.gather(*waiting)

    def _emit_activity(self, agent: AgentLive, t: int, change: tuple, now: int) -> None:
        watching = self.watchers.get(agent.id)
        if watching:
            frame = sse("activity", self.frame_id(position_text(t, agent.id)),
                        {"agentId": agent.id, "time": t, "ended": _activity(change[0]),
                         "started": _activity(change[1]), "agent": agent.wire(now)})
            for stream in watching:
                stream.push(None, frame)

    def _load(self, person_ids: list[int], now: int):
        with self.database.session(self.tenant_id, write=False) as db:
            return service.load(db, person_ids, now)

    async def attach(self, stream: Stream, watched: list[service.Watched], last_event_id: str | None) -> bytes:
        """Start a stream: its first frames (a snapshot, or what a reconnecting client missed); later frames
        are queued on it. Undone (`remove`) when it fails."""
        self.streams.add(stream)
        try:
            for agent_id in stream.agent_ids:
                self.watchers.setdefault(agent_id, set()).add(stream)
            played_upto = self.cursor  # later boundaries reach the stream live
            await self.ensure(watched)
            if last_event_id:
                pub_id = last_event_id.partition("@")[0]
                published = await run_in_threadpool(self.publisher.since, self.tenant_id, pub_id)
                frames = self.replay(stream, last_event_id, published, played_upto, now_ms())
                if frames is not None:
                    return frames
            stream.skip_upto = 0
            stream.frames.clear()  # the snapshot below holds them
            return self.snapshot(stream, now_ms())
        except BaseException:
            self.remove(stream)
            raise

    def remove(self, stream: Stream) -> None:
        self.streams.discard(stream)
        for agent_id in stream.agent_ids:
            self._unwatch(agent_id, stream)
        if not self.streams:
            self.registry.drop(self)

    def _unwatch(self, agent_id: int, stream: Stream) -> None:
        watching = self.watchers.get(agent_id)
        if watching is None:
            return
        watching.discard(stream)
        if not watching:
            del self.watchers[agent_id]
            self.agents.pop(agent_id, None)

    # ---- who each stream watches ----

    def regroup_soon(self) -> None:
        """Work out every stream's agents again (a team's or view's members, the caller's scope, may have
        changed); one pass at a time, another after it when asked meanwhile."""
        if self._regroup_task is None or self._regroup_task.done():
            self._regroup_task = self.loop.create_task(self._regroup())
        else:
            self._regroup_again = True

    async def _regroup(self) -> None:
        try:
            while not self.closed:
                self._regroup_again = False
                groups: dict[Hashable, list[Stream]] = {}
                for stream in self.streams:
                    if stream.resolve is not None and stream.open:
                        groups.setdefault(stream.key if stream.key is not None else id(stream), []).append(stream)
                if groups:
                    answers = await run_in_threadpool(
                        _resolve_all, {key: members[0].resolve for key, members in groups.items()})
                    for key, answer in answers.items():
                        for stream in groups[key]:
                            if stream not in self.streams:
                                continue
                            if isinstance(answer, AppError):
                                stream.end()  # no longer allowed to watch it: the reconnect gets the error
                            elif answer is not None:
                                await self.retarget(stream, answer)
                if not self._regroup_again:
                    return
        except Exception:
            log.exception("live view agent sets could not be worked out again")

    async def retarget(self, stream: Stream, watched: list[service.Watched]) -> None:
        """Make the stream watch exactly these agents: `agentRemoved` for those gone, `agentAdded` (with the
        agent's present) for those new."""
        wanted = {w.id for w in watched}
        for agent_id in sorted(stream.agent_ids - wanted):
            stream.agent_ids.discard(agent_id)
            self._unwatch(agent_id, stream)
            stream.push(None, sse("agentRemoved", self.frame_id(), {"agentId": agent_id}))
        added = [w for w in watched if w.id not in stream.agent_ids]
        if not added:
            return
        for w in added:
            stream.agent_ids.add(w.id)
            self.watchers.setdefault(w.id, set()).add(stream)
        await self.ensure(added)
        if stream not in self.streams:  # it ended while they loaded
            for w in added:
                self._unwatch(w.id, stream)
            return
        now = now_ms()
        for w in added:
            agent = self.agents.get(w.id)
            if agent is not None and w.id in stream.agent_ids:
                stream.push(None, sse("agentAdded", self.frame_id(), {"agentId": w.id, "agent": agent.wire(now)}))

    def snapshot(self, stream: Stream, now: int) -> bytes:
        agents = [self.agents[a].wire(now) for a in sorted(stream.agent_ids) if a in self.agents]
        return sse("snapshot", self.frame_id(), {"time": now, "agents": agents})

    def replay(self, stream: Stream, last_event_id: str | None, published: list[LiveEvent] | None,
               played_upto: int, now: int) -> bytes | None:
        """The frames a client that saw `last_event_id` missed, or None when they cannot be told."""
        pub_id, _, pos = (last_event_id or "").partition("@")
        position = parse_position(pos)
        if published is None or position is None or position[0] < now - MAX_REPLAY_MS:
            return None
        if any(ev.kind == MEMBERSHIP for ev in published):
            return None  # the agents watched may differ from what the client saw: start afresh
        out = []
        for ev in published:
            if ev.kind == SCHEDULE and isinstance(ev.data, dict):
                for agent_id in sorted(set(ev.data.get("agentIds") or ()) & stream.agent_ids):
                    if agent_id in self.agents:
                        out.append(sse("agent", f"{ev.id}@{pos}",
                                       {"agentId": agent_id, "agent": self.agents[agent_id].wire(now)}))
            elif FORWARDED.get(ev.kind) and isinstance(ev.data, dict) and ev.data.get("agentId") in stream.agent_ids:
                out.append(sse(FORWARDED[ev.kind], f"{ev.id}@{pos}",
                               self._payload(ev, self.agents.get(ev.data["agentId"]), now)))
            stream.skip_upto = max(stream.skip_upto, ev.seq)
        last_pub = published[-1].id if published else pub_id
        missed = []
        for agent_id in stream.agent_ids:
            agent = self.agents.get(agent_id)
            if agent is None:
                continue
            for t in boundaries(agent.acts, position[0] - 1, played_upto):
                if (t, agent_id) > position:
                    missed.append((t, agent_id))
        for t, agent_id in sorted(missed):
            agent = self.agents[agent_id]
            ended, started = activity_at(agent.acts, t - 1), activity_at(agent.acts, t)
            if ended == started:
                continue
            out.append(sse("activity", f"{last_pub}@{position_text(t, agent_id)}",
                           {"agentId": agent_id, "time": t, "ended": _activity(ended),
                            "started": _activity(started), "agent": agent.wire(now)}))
        return b"".join(out)

    # ---- time ----

    async def _tick_forever(self) -> None:
        while not self.closed:
            await asyncio.sleep(TICK_S)
            try:
                self.tick(now_ms())
                self.heartbeats()
                if self.loop.time() - self._last_refresh >= REFRESH_S and not self._refresh_lock.locked():
                    self._last_refresh = self.loop.time()
                    self.loop.create_task(self._refresh())
                    self.regroup_soon()  # membership edits made by bulk SQL, which publish nothing
            except Exception:
                log.exception("live view tick failed")

    def heartbeats(self) -> None:
        """Wake the streams idle for HEARTBEAT_S: they write a comment (one timer for all, rather than a
        timeout per stream and event)."""
        idle_since = self.loop.time() - HEARTBEAT_S
        for stream in self.streams:
            if stream.written <= idle_since and not stream.heartbeat_due:
                stream.heartbeat_due = True
                stream.wake.set()

    def tick(self, now: int) -> None:
        """Play the activity boundaries up to now: an `activity` event per agent whose activity changed."""
        due = []
        for agent in self.agents.values():
            while agent.next_at is not None and agent.next_at <= now:
                due.append((agent.next_at, agent.id))
                agent.plan(agent.next_at)
        for t, agent_id in sorted(due):
            agent = self.agents[agent_id]
            change = agent.on_time(self.rules, t)
            if change is not None:
                self._emit_activity(agent, t, change, now)
        self.cursor = max(self.cursor, now)

    async def _refresh(self, only: list[int] | None = None) -> None:
        """Read activities and rules again (of every agent held, or of these); an agent whose present
        changed by it gets an `agent` event. One refresh at a time: a later read never loses to an
        earlier one."""
        if only is not None:
            loading = {self.loading[a] for a in only if a in self.loading}
            if loading:
                await asyncio.gather(*loading, return_exceptions=True)
        async with self._refresh_lock:
            await self._refresh_held(only)

    async def _refresh_held(self, only: list[int] | None) -> None:
        """The periodic refresh reads activities and rules (an adherence change dates from now); an edit
        of some agents' schedules reloads their whole status (states too), so "in/out of adherence
        since" is told as the adherence API would."""
        try:
            ids = list(self.agents) if only is None else [a for a in only if a in self.agents]
            if not ids:
                return
            now = now_ms()
            if only is None:
                rules, acts = await run_in_threadpool(self._read_again, ids, now)
                loaded = {a: (rows, None) for a, rows in acts.items()}
            else:
                rules, loaded = await run_in_threadpool(self._load, ids, now)
            self.rules = rules
            for agent_id, (rows, status) in loaded.items():
                agent = self.agents.get(agent_id)
                if agent is None:
                    continue
                before = agent.wire(now)
                agent.acts = rows
                if status is not None:
                    live, agent.status = agent.status, status
                    if live.state_since is not None and (status.state_since is None
                                                         or live.state_since > status.state_since):
                        # A change applied while the store was read: newer than what the read saw.
                        agent.on_state(rules, live.state_since, live.state, live.reason)
                agent.on_time(rules, self.cursor)
                agent.rejudge(rules, now)
                agent.plan(self.cursor)
                after = agent.wire(now)
                if after != before and self.watchers.get(agent_id):
                    frame = sse("agent", self.frame_id(), {"agentId": agent_id, "agent": after})
                    for stream in self.watchers[agent_id]:
                        stream.push(None, frame)
        except Exception:
            log.exception("live view refresh failed")

    def _read_again(self, ids: list[int], now: int):
        with self.database.session(self.tenant_id, write=False) as db:
            return service.refresh(db, ids, now)


def _resolve_all(resolvers: dict) -> dict:
    """Each resolver's answer (in a worker thread): the agents, the API error that now forbids the stream,
    or None when it could not be worked out (kept as it was)."""
    out = {}
    for key, resolve in resolvers.items():
        try:
            out[key] = resolve()
        except AppError as exc:
            out[key] = exc
        except Exception:
            log.exception("a live view's agents could not be worked out again")
            out[key] = None
    return out


class Hubs:
    """The hubs of one store, by (event loop, tenant)."""

    def __init__(self, database):
        self.database = database
        self._hubs: dict[tuple[int, int], TenantHub] = {}
        self._starting: dict[tuple[int, int], asyncio.Future] = {}
        self.ending = False

    async def get(self, tenant_id: int) -> TenantHub:
        loop = asyncio.get_running_loop()
        key = (id(loop), tenant_id)
        while True:
            hub = self._hubs.get(key)
            if hub is not None and not hub.closed:
                return hub
            starting = self._starting.get(key)
            if starting is not None:
                await asyncio.shield(starting)
                continue
            future = loop.create_future()
            self._starting[key] = future
            try:
                hub = TenantHub(self, self.database, tenant_id, loop)
                await hub.start()
                self._hubs[key] = hub
                return hub
            finally:
                future.set_result(None)
                self._starting.pop(key, None)

    def end_streams(self) -> None:
        """Finish every stream (any thread): an open event stream would otherwise hold a graceful shutdown
        forever. Clients reconnect (`retry`) with their Last-Event-ID, to this server once back or another.
        Streams still starting see `ending` and finish after their first frames."""
        self.ending = True
        for hub in list(self._hubs.values()):
            try:
                hub.loop.call_soon_threadsafe(lambda h=hub: [s.end() for s in list(h.streams)])
            except RuntimeError:  # its loop is gone
                pass

    def drop(self, hub: TenantHub) -> None:
        key = (id(hub.loop), hub.tenant_id)
        if self._hubs.get(key) is hub:
            del self._hubs[key]
        hub.close()

    def count(self) -> int:
        return sum(len(h.streams) for h in self._hubs.values())


_lock = threading.Lock()


@lifecycle.on_start
def end_streams_on_shutdown(app):
    """On SIGTERM/SIGINT (uvicorn's handlers kept, called after), finish every live stream so that the
    server's graceful shutdown, which waits for open responses, can complete. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        return None
    database = app.state.database
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def handler(sig, frame):
        hubs_for(database).end_streams()
        before = previous[sig]
        if callable(before):
            before(sig, frame)
        elif sig == signal.SIGINT:
            raise KeyboardInterrupt

    for sig in previous:
        signal.signal(sig, handler)
    return None


def hubs_for(database) -> Hubs:
    hubs = getattr(database, "live_hubs", None)
    if hubs is None:
        with _lock:
            hubs = getattr(database, "live_hubs", None)
            if hubs is None:
                hubs = database.live_hubs = Hubs(database)
    return hubs
