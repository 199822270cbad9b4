"""The live view under load on a real `openwfo serve`: STREAMS connected SSE streams
(`GET /api/rest/scheduling/realTime/stream?teamId=`), RATE agent state changes per second accepted through
the Real-Time Data Capture API (single-change requests over keep-alive connections, paced), for SECONDS.
Measured: the delay from each change's HTTP response (received by the client) to its `state` event on a
stream, over every (change, watching stream) pair — median, p95, p99 — and whether every event arrived;
then (in-process) the out-of-adherence alert sweep over the same 1,000 agents.

Layout: TEAMS teams of AGENTS_PER_TEAM agents, every agent in service around now; the streams watch the
teams round-robin (STREAMS / TEAMS streams per team: a supervisor watches their team), so each change
reaches STREAMS / TEAMS streams. Modes: `inprocess` (one process, the embedded publisher) and `redis`
(OPENWFO_REDIS_URL set: every event goes through Redis pub/sub and back, as in scale-out).

The streams and the load are driven by one asyncio client in this process, on the same machine as the
server: on the 2-core development machine the client's own CPU use adds to the delays (a floor, not the
server's alone). Target: median < 100 ms with 500 streams and 200 changes/s.
Run: `python -m bench.live_stream` (env BENCH_SECONDS, BENCH_LIVE_STREAMS, BENCH_LIVE_RATE, BENCH_LIVE_MODES).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import statistics
import time

import orjson

from .common import login_cookie, running_server, scratch_store, write_result

SECONDS = float(os.environ.get("BENCH_SECONDS", "10"))
STREAMS = int(os.environ.get("BENCH_LIVE_STREAMS", "500"))
RATE = float(os.environ.get("BENCH_LIVE_RATE", "200"))
MODES = os.environ.get("BENCH_LIVE_MODES", "inprocess,redis").split(",")
REDIS_URL = os.environ.get("OPENWFO_TEST_REDIS", "redis://127.0.0.1:6379/0")
TEAMS = 50
AGENTS_PER_TEAM = 20
POSTERS = 16
ONE_TEAM_RATE = float(os.environ.get("BENCH_LIVE_ONE_TEAM_RATE", "50"))
CAPTURE = "/api/rest/scheduling/gis/realTimeAgentState"
STREAM = "/api/rest/scheduling/realTime/stream"
TARGET_MEDIAN_MS = 100.0


def seed(url: str, now: int, teams_n: int) -> dict:
    """TEAMS teams of AGENTS_PER_TEAM scheduling-enabled agents with ACD ids, in service from 4 h ago to
    4 h ahead, ready since 5 h ago."""
    from sqlalchemy import select

    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.models import AcdServer, Group, Person, PersonView, Team, Tenant
    from openwfo.org.provision import builtin_role, default_view
    from openwfo.scheduling.agent_states import repository as states_repo
    from openwfo.scheduling.schedules import repository as schedule_repo

    database = Database(Settings(database_url=url))
    with database.session() as db:
        tenant_id = db.scalar(select(Tenant.id).where(Tenant.name == "bench"))
    teams: dict[int, list[tuple[int, str]]] = {}
    with database.session(tenant_id) as db:
        acd = AcdServer(name="Bench ACD", acd_type="Cisco UCCE")
        db.add(acd)
        root = db.scalar(select(Group).where(Group.is_root.is_(True)))
        view, role = default_view(db), builtin_role(db, "agent")
        day = dt.date.fromtimestamp(now / 1000)
        activities, states = [], []
        for t in range(teams_n):
            team = Team(name=f"Team {t:02d}", group_id=root.id, activated_date=0)
            db.add(team)
            db.flush()
            members = []
            for i in range(AGENTS_PER_TEAM):
                n = t * AGENTS_PER_TEAM + i
                p = Person(email=f"agent{n:04d}@bench.openwfo.test", first_name=f"First{n}", last_name=f"Last{n}",
                           team_id=team.id, activated_date=0, enabled_for_scheduling=True, acd_id=f"A{n:05d}",
                           acd_server_id=acd.id, employee_id=f"E{n:05d}")
                p.roles = [role]
                p.views = [PersonView(view=view, main=True)]
                db.add(p)
                members.append(p)
            db.flush()
            teams[team.id] = [(p.id, p.acd_id) for p in members]
            for p in members:
                activities.append({"person_id": p.id, "shift_date": day, "activity_type": "in_service",
                                   "start_ms": now - 4 * 3_600_000, "end_ms": now + 4 * 3_600_000, "paid": True})
                states.append((p.id, now - 5 * 3_600_000, 3, None, now))
        db.flush()
        schedule_repo.insert_activities(db, activities)
        states_repo.insert_new(db, states)
    database.dispose()
    return {"tenant": tenant_id, "teams": teams}


class Streams:
    """STREAMS raw-socket SSE clients; `arrivals` holds (agentId, change timestamp, perf_counter) per
    state event per stream."""

    def __init__(self, host: str, port: int, cookie: str, team_ids: list[int]):
        self.host, self.port, self.cookie, self.team_ids = host, port, cookie, team_ids
        self.arrivals: list[tuple[int, int, float]] = []
        self.snapshots = 0
        self.tasks: list[asyncio.Task] = []
        self.writers = []

    async def open(self) -> None:
        for k in range(STREAMS):
            self.tasks.append(asyncio.create_task(self._one(self.team_ids[k % len(self.team_ids)])))
            if k % 50 == 49:
                await asyncio.sleep(0.05)
        deadline = time.perf_counter() + 120
        while self.snapshots < STREAMS and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)

    async def _one(self, team_id: int) -> None:
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=2**22)
        self.writers.append(writer)
        writer.write(f"GET {STREAM}?teamId={team_id} HTTP/1.1\r\nHost: {self.host}\r\nCookie: {self.cookie}\r\n"
                     "Accept: text/event-stream\r\n\r\n".encode())
        status = await reader.readline()
        if b" 200 " not in status:
            raise RuntimeError(f"stream refused: {status!r}")
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        buffer = b""
        arrivals = self.arrivals
        while True:
            size = int((await reader.readline()).strip() or b"0", 16)  # chunked transfer encoding
            if size == 0:
                return
            buffer += await reader.readexactly(size)
            await reader.readexactly(2)
            now = time.perf_counter()
            *events, buffer = buffer.split(b"\n\n")
            for event in events:
                if event.startswith(b"event: state"):
                    data = orjson.loads(event[event.index(b"data: ") + 6:])
                    arrivals.append((data["agentId"], data["change"]["timestamp"], now))
                elif event.startswith(b"event: snapshot") or b"\nevent: snapshot" in event:
                    self.snapshots += 1

    def close(self) -> None:
        for w in self.writers:
            w.close()
        for t in self.tasks:
            t.cancel()


async def drive(host: str, port: int, cookie: str, agents: list[tuple[int, str]], base_ts: int,
                rate: float) -> dict:
    """RATE single-change requests per second for SECONDS over POSTERS keep-alive connections; the time each
    response was received, by (agent id, change timestamp)."""
    total = int(rate * SECONDS)
    responded: dict[tuple[int, int], float] = {}
    bad = 0
    next_index = 0
    t0 = time.perf_counter() + 0.2

    async def poster() -> None:
        nonlocal next_index, bad
        reader, writer = await asyncio.open_connection(host, port)
        while next_index < total:
            i = next_index
            next_index += 1
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            person_id, acd_id = agents[i % len(agents)]
            ts = base_ts + (i // len(agents)) * 1000
            body = orjson.dumps({"acdAgentId": acd_id, "gisStateIdentifier": (2, 3, 4, 6)[(i // len(agents)) % 4],
                                 "timestamp": ts})
            writer.write(f"POST {CAPTURE} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
                         f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            responded[(person_id, ts)] = time.perf_counter()
            if b" 200 " not in status:
                bad += 1
        writer.close()

    await asyncio.gather(*(poster() for _ in range(POSTERS)))
    elapsed = time.perf_counter() - t0
    return {"responded": responded, "bad": bad, "seconds": elapsed, "total": total}


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


async def _run(base: str, cookie: str, seeded: dict, now: int, rate: float) -> dict:
    m = re.match(r"http://([^:/]+):(\d+)", base)
    host, port = m.group(1), int(m.group(2))
    team_ids = sorted(seeded["teams"])
    streams = Streams(host, port, cookie, team_ids)
    t_open = time.perf_counter()
    await streams.open()
    open_seconds = time.perf_counter() - t_open
    agents = [a for t in team_ids for a in seeded["teams"][t]]
    load = await drive(host, port, cookie, agents, now - 3_600_000, rate)
    await asyncio.sleep(2.0)  # the last events on their way
    streams.close()
    per_team = {t: sum(1 for k in range(STREAMS) if team_ids[k % len(team_ids)] == t) for t in team_ids}
    team_of = {a[0]: t for t in team_ids for a in seeded["teams"][t]}
    expected = sum(per_team[team_of[person]] for person, _ts in load["responded"])
    delays = [(at - load["responded"][(agent, ts)]) * 1000 for agent, ts, at in streams.arrivals
              if (agent, ts) in load["responded"]]
    return {
        "teams": len(team_ids), "streamsPerTeam": STREAMS / len(team_ids), "changesPerSecondTarget": rate,
        "streamsConnected": streams.snapshots, "secondsToConnectAll": round(open_seconds, 2),
        "changesAccepted": len(load["responded"]) - load["bad"], "non2xx": load["bad"],
        "changesPerSecond": round(len(load["responded"]) / load["seconds"], 1),
        "eventsExpected": expected, "eventsReceived": len(delays),
        "delayMs": {"median": round(statistics.median(delays), 1) if delays else None,
                    "p95": round(_pct(delays, 95), 1), "p99": round(_pct(delays, 99), 1),
                    "max": round(max(delays), 1) if delays else None,
                    "shareBeforeResponse": round(sum(1 for d in delays if d < 0) / len(delays), 3) if delays else None},
    }


def measure(mode: str, teams_n: int = TEAMS, rate: float = RATE) -> dict:
    load_before = os.getloadavg()[0]
    out = _measure(mode, teams_n, rate)
    # The machine is shared: a load above its CPU count means other work competed with this run.
    out["loadAverage1m"] = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}
    return out


def _measure(mode: str, teams_n: int, rate: float) -> dict:
    with scratch_store("sqlite", "openwfo-bench-live-") as (url, _tmp):
        env = {"OPENWFO_DATABASE_URL": url, "OPENWFO_ALERT_SWEEP_SECONDS": "0"}
        if mode == "redis":
            env["OPENWFO_REDIS_URL"] = REDIS_URL
        with running_server(env) as (base, email, password):
            now = int(time.time() * 1000)
            seeded = seed(url, now, teams_n)
            cookie = login_cookie(base, email, password)
            out = asyncio.run(_run(base, cookie, seeded, now, rate))
            if mode == "inprocess" and teams_n == TEAMS:
                out["alertSweep"] = sweep_timing(url, seeded)
            return out


def sweep_timing(url: str, seeded: dict) -> dict:
    """The alert sweep over the bench tenant after the run: every agent in service, every other one put
    not ready 10 minutes ago (out of adherence past the default 300 s threshold). The first sweep raises
    their alerts, the next ones find nothing new."""
    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.scheduling.agent_states import repository as states_repo
    from openwfo.scheduling.alerts import service

    database = Database(Settings(database_url=url))
    now = int(time.time() * 1000)
    agents = [a[0] for team in seeded["teams"].values() for a in team]
    with database.session(seeded["tenant"]) as db:
        states_repo.insert_new(db, [(a, now - 600_000, 2, None, now) for a in agents[::2]])
    try:
        times, raised = [], []
        for _ in range(3):
            t0 = time.perf_counter()
            result = service.sweep(database)
            times.append(time.perf_counter() - t0)
            raised.append(sum(len(v) for v in result.values()))
    finally:
        database.dispose()
    return {"agents": len(agents), "outOfAdherence": len(agents[::2]), "secondsFirst": round(times[0], 3),
            "secondsNext": [round(t, 3) for t in times[1:]], "alertsRaised": raised}


def main() -> dict:
    modes = {}
    for mode in MODES:
        try:
            modes[mode] = measure(mode)
        except Exception as exc:  # Redis not reachable: record why, keep the other figures
            modes[mode] = {"error": f"{type(exc).__name__}: {exc}"}
    try:
        # The worst case: every stream watches the same team, so each change goes to every stream.
        modes["inprocessOneTeam"] = measure("inprocess", 1, ONE_TEAM_RATE)
    except Exception as exc:
        modes["inprocessOneTeam"] = {"error": f"{type(exc).__name__}: {exc}"}
    first = modes.get("inprocess", next(iter(modes.values())))
    result = {
        "setup": {"streams": STREAMS, "seconds": SECONDS, "agentsPerTeam": AGENTS_PER_TEAM, "store": "sqlite",
                  "layouts": f"inprocess, redis: {TEAMS} teams, {STREAMS // TEAMS} streams each, {RATE:g} changes/s; "
                             f"inprocessOneTeam (worst case, scaled down on this 2-core machine): all streams on "
                             f"one team, {ONE_TEAM_RATE:g} changes/s = {int(STREAMS * ONE_TEAM_RATE):,} events/s",
                  "client": "one asyncio process on the same machine (raw sockets), single-change POSTs over "
                            f"{POSTERS} keep-alive connections, paced"},
        "modes": modes,
        "target": {"medianDelayMs": TARGET_MEDIAN_MS,
                   "measure": "from the change's HTTP response received to its state event received, per "
                              "watching stream; negative = the event arrived before the response"},
        "meetsTarget": bool(first.get("delayMs", {}).get("median") is not None
                            and first["delayMs"]["median"] < TARGET_MEDIAN_MS
                            and first["eventsReceived"] == first["eventsExpected"]),
    }
    write_result("live_stream", result)
    return result


if __name__ == "__main__":
    main()
