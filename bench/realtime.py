"""Real-time agent states on a real `openwfo serve`, on SQLite and on PostgreSQL:

- Ingestion through the Real-Time Data Capture API (POST /api/rest/scheduling/gis/realTimeAgentState):
  changes per second as single-change requests (keep-alive clients) and as batches of 1,000, beside a
  direct batched insert of the same rows through the database driver in the same run (the same
  INSERT ... ON CONFLICT DO NOTHING, 1,000 rows per transaction).
- Adherence for 2,000 agents for one day: the whole calculation in-process (the service's
  `compute_days`, as the Adherence and Conformance API calls it: the agents' activities and states read
  and swept), and the Adherence and Conformance API paged through (10 pages of 200) over HTTP, beside the
  raw SQL read of the same states and activities.

The store holds 2,000 scheduling-enabled agents with ACD ids, a day of 7-activity shifts, and a
simulated day of state changes for each (the demo feed's simulation, ~350 changes per agent).
Targets on SQLite: batches >= 30,000 changes/s, single-change requests >= 1,000/s, adherence < 2 s.
Run: `python -m bench.realtime` (env BENCH_SECONDS, BENCH_PG; BENCH_PROFILE=1 with py-spy installed adds where
a single-change request's server time goes, sampled during a further 3,000 requests).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import re
import sqlite3
import statistics
import time
import urllib.request
from zoneinfo import ZoneInfo

from .common import login_cookie, running_server, scratch_store, write_result

SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
AGENTS = 2000
BATCH = 1000
BATCHES = 40
SINGLE_CONNECTIONS = 8
DAY = dt.date(2024, 7, 16)
ZONE = ZoneInfo("America/Chicago")  # the bench tenant's zone (the default)
CAPTURE = "/api/rest/scheduling/gis/realTimeAgentState"
NOTES = ("Client and server share the machine's 2 cores (and, in this run, with other processes: see "
         "machineLoadAverage; the raw SQL read's time beside the adherence shows how much slower the machine "
         "was than when quiet). A single-change request costs the server serverCpuMicrosecondsPerRequest of CPU "
         "(all threads); storePathInProcess is the capture's store work alone (unit of work, agent lookup, "
         "INSERT ... ON CONFLICT DO NOTHING, commit) for one change alone; the server itself takes "
         "single-change requests through the capture's lean path (session lookup, permission check, no framework routing or "
         "dependencies) and commits concurrent ones together (group commit, each committed before its "
         "response), so its CPU per request can be below storePathInProcess. "
         "serverCoreBoundRequestsPerSecond = requests / server CPU seconds: the rate with one core wholly "
         "the server's.")
TARGETS = {"batchChangesPerSecond": 30_000, "singleRequestsPerSecond": 1_000, "adherenceSeconds": 2.0}


def _ms(day: dt.date, minutes: int) -> int:
    return int((dt.datetime(day.year, day.month, day.day, tzinfo=ZONE) + dt.timedelta(minutes=minutes)).timestamp()
               * 1000)


def seed(url: str) -> dict:
    """2,000 agents with ACD ids, a day of shifts each, and a simulated day of states each."""
    from sqlalchemy import select

    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.demo.realtime import _shift_changes
    from openwfo.models import AcdServer, Person, PersonView, ServiceQueue, ServiceQueueType, Tenant
    from openwfo.org.provision import builtin_role, default_team, default_view
    from openwfo.scheduling.agent_states import repository as states_repo
    from openwfo.scheduling.schedules import repository as schedule_repo

    database = Database(Settings(database_url=url))
    with database.session() as db:
        tenant_id = db.scalar(select(Tenant.id).where(Tenant.name == "bench"))
    rnd = random.Random(11)
    with database.session(tenant_id) as db:
        acd = AcdServer(name="Bench ACD", acd_type="Cisco UCCE")
        qtype = db.scalar(select(ServiceQueueType).where(ServiceQueueType.code == 0)) or \
            ServiceQueueType(code=0, name="Voice", contact_type=0)
        db.add_all([acd, qtype])
        db.flush()
        queue = ServiceQueue(number=1000, name="Queue", acd_server_id=acd.id, priority=1, type_id=qtype.id)
        db.add(queue)
        team, view, role = default_team(db), default_view(db), builtin_role(db, "agent")
        persons = []
        for i in range(AGENTS):
            p = Person(email=f"agent{i:04d}@bench.openwfo.test", first_name=f"First{i}", last_name=f"Last{i}",
                       team_id=team.id, activated_date=0, enabled_for_scheduling=True, acd_id=f"A{i:05d}",
                       acd_server_id=acd.id, employee_id=f"E{i:05d}")
            p.roles = [role]
            p.views = [PersonView(view=view, main=True)]
            persons.append(p)
        db.add_all(persons)
        db.flush()
        activities, states = [], []
        for p in persons:
            start, length = rnd.choice((6, 7, 8, 9, 10, 12, 14)) * 60, rnd.choice((6, 8, 8, 9, 10)) * 60
            q = length // 4
            plan = [(0, q, "in_service"), (q, q + 15, "break"), (q + 15, 2 * q, "in_service"),
                    (2 * q, 2 * q + 30, "lunch"), (2 * q + 30, 3 * q, "in_service"), (3 * q, 3 * q + 15, "break"),
                    (3 * q + 15, length, "in_service")]
            shift = [(kind, _ms(DAY, start + a), _ms(DAY, start + b)) for a, b, kind in plan]
            activities.extend({"person_id": p.id, "shift_date": DAY, "activity_type": kind, "start_ms": s, "end_ms": e,
                               "paid": True, "service_queue_id": queue.id if kind == "in_service" else None}
                              for kind, s, e in shift)
            seen = set()
            for ts, state, reason in _shift_changes(random.Random(p.id), shift):
                if (ts, state) not in seen:
                    seen.add((ts, state))
                    states.append((p.id, ts, state, reason, ts))
        schedule_repo.insert_activities(db, activities)
        for k in range(0, len(states), 10_000):
            states_repo.insert_new(db, states[k:k + 10_000])
    if not url.startswith("sqlite"):
        # Fresh statistics after the bulk load (as autovacuum would soon give): without them PostgreSQL
        # plans the per-agent "state in force at midnight" probe as a scan.
        from sqlalchemy import text

        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    database.dispose()
    return {"tenant": tenant_id, "agents": [p.id for p in persons], "activities": len(activities),
            "states": len(states)}


def _changes(n: int, first_ms: int) -> list[dict]:
    """n new changes spread over the agents, one second apart per agent, from first_ms."""
    return [{"acdAgentId": f"A{i % AGENTS:05d}", "gisStateIdentifier": (3, 4, 6, 2)[(i // AGENTS) % 4],
             "timestamp": first_ms + (i // AGENTS) * 1000, "reasonCode": None} for i in range(n)]


async def _post_many(base: str, cookie: str, bodies: list[bytes], connections: int) -> tuple[float, int]:
    """POST every body over `connections` keep-alive connections; (seconds, non-2xx)."""
    m = re.match(r"http://([^:/]+):(\d+)", base)
    host, port = m.group(1), int(m.group(2))
    queue = list(reversed(bodies))
    bad = 0

    async def client():
        nonlocal bad
        reader, writer = await asyncio.open_connection(host, port)
        while queue:
            body = queue.pop()
            writer.write((f"POST {CAPTURE} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
                          f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body)
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            data = await reader.readexactly(length)
            if b" 200 " not in status or b'"rejected":0' not in data:
                bad += 1
        writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return time.perf_counter() - t0, bad


def _get(base: str, cookie: str, path: str) -> bytes:
    req = urllib.request.Request(base + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=600) as r:
        return r.read()


def _timed(fn, runs: int = 3) -> tuple[dict, object]:
    """Wall time (median, min) and this process's CPU time (median) of fn over runs (after one warm-up):
    on a machine shared with other work the CPU time moves less than the wall time."""
    fn()
    times, cpu, last = [], [], None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        last = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"medianSeconds": round(statistics.median(times), 3), "minSeconds": round(min(times), 3),
            "medianCpuSeconds": round(statistics.median(cpu), 3), "runs": runs}, last


def _direct_insert(raw_connect, mark: str, tenant_id: int, rows: list[tuple]) -> float:
    """The same rows through the driver: INSERT ... ON CONFLICT DO NOTHING, 1,000 per transaction."""
    sql = (f"INSERT INTO rt_agent_state (tenant_id, person_id, ts_ms, state, reason_code, received_ms) "
           f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark}, {mark}) ON CONFLICT (person_id, ts_ms, state) DO NOTHING")
    conn = raw_connect()
    try:
        t0 = time.perf_counter()
        for k in range(0, len(rows), BATCH):
            cur = conn.cursor()
            cur.executemany(sql, [(tenant_id, *r) for r in rows[k:k + BATCH]])
            conn.commit()
        seconds = time.perf_counter() - t0
        cur = conn.cursor()
        cur.execute(f"DELETE FROM rt_agent_state WHERE received_ms = {mark}", (1,))
        conn.commit()
    finally:
        conn.close()
    return seconds


def _server_stats() -> dict[int, float]:
    """pid -> CPU seconds (user + system) so far of this process's child `openwfo serve`."""
    me, out = os.getpid(), {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                serving = b"serve" in f.read()
        except OSError:
            continue
        if int(fields[1]) == me and serving:
            out[int(entry)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def _server_cpu_s() -> float:
    return sum(_server_stats().values())


def _server_pids() -> list[int]:
    return list(_server_stats())


# Where a single-change request's server time goes: each py-spy sample (Python holding the GIL) is
# counted in the first category with a group of markers all on its stack (categories tried in order).
_PROFILE_CATEGORIES = (
    ("store (group commit): commit", [("CaptureWriter._store ", "Session.commit ")]),
    ("store (group commit): parse, agent lookup, insert", [("CaptureWriter._store ",)]),
    ("lean capture path (session lookup, body, answer)", [("CaptureFastPath.",)]),
    ("store: commit", [("_ingest_and_commit ", "Session.commit ")]),
    ("store: parse, agent lookup, insert", [("_ingest_and_commit ",)]),
    ("thread hop to the worker thread", [("run_in_threadpool ",), ("WorkerThread.run ",),
                                         ("WorkerThread._report_result ",)]),
    ("session lookup (auth)", [("current_principal ",)]),
    ("permission check", [("require.<locals>._check ",)]),
    ("unit of work open/close", [("get_db ",)]),
    ("routing", [("matches ",), ("_match ",)]),
    ("dependency resolution (other)", [("solve_dependencies ",)]),
    ("endpoint body (JSON in/out)", [("capture ",)]),
    ("response writing", [("RequestResponseCycle.send ",), ("Response.__call__ ",)]),
    ("HTTP parsing", [("HttpToolsProtocol",)]),
    ("middleware and framework", [("FastAPI.__call__ ",)]),
)


def _category(frames: str) -> str:
    for name, groups in _PROFILE_CATEGORIES:
        if any(all(m in frames for m in group) for group in groups):
            return name
    return "event loop idle, background threads"


def _profile_server(base: str, cookie: str, first_ms: int, n: int = 3000) -> dict | None:
    """Samples the server with py-spy (when installed; BENCH_PROFILE=1) while it answers n more
    single-change requests: the share of the server's Python time per category."""
    import shutil
    import subprocess
    import sys
    import tempfile

    spy = shutil.which("py-spy") or shutil.which("py-spy", path=os.path.dirname(sys.executable))
    pids = _server_pids()
    if not spy or len(pids) != 1:
        return None
    out = tempfile.mktemp(suffix=".txt")
    proc = subprocess.Popen([spy, "record", "-p", str(pids[0]), "-o", out, "-f", "raw", "-r", "100", "--gil"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    bodies = [json.dumps(c).encode() for c in _changes(n, first_ms)]
    asyncio.run(_post_many(base, cookie, bodies, SINGLE_CONNECTIONS))
    proc.send_signal(2)
    proc.wait(timeout=60)
    counts: dict[str, int] = {}
    total = 0
    try:
        with open(out) as f:
            for line in f:
                stack, _, k = line.rstrip().rpartition(" ")
                label = _category(stack.replace(" (", "  ("))
                counts[label] = counts.get(label, 0) + int(k)
                total += int(k)
    finally:
        os.unlink(out)
    if not total:
        return None
    return {"tool": "py-spy --gil, 100 Hz", "requests": n, "samples": total,
            "percentOfServerPythonTime": {k: round(100 * v / total, 1)
                                          for k, v in sorted(counts.items(), key=lambda kv: -kv[1])}}


def _store_path_cpu(url: str, tenant_id: int, first_ms: int, n: int = 2000) -> dict:
    """The capture's store work alone for single changes, in-process: a writing unit of work,
    service.ingest of one change, commit; CPU and wall time per change."""
    from openwfo.config import Settings
    from openwfo.db import Database, bind_tenant
    from openwfo.scheduling.agent_states import service

    database = Database(Settings(database_url=url))
    items = _changes(n, first_ms)
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        for item in items:
            db = database.sessionmaker()
            bind_tenant(db, tenant_id)
            service.ingest(db, [item])
            db.commit()
            db.close()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        database.dispose()
    return {"changes": n, "cpuMicrosecondsPerChange": round(cpu / n * 1e6),
            "wallMicrosecondsPerChange": round(wall / n * 1e6)}


def measure(url: str, raw_connect, mark: str) -> dict:
    load_at_start = round(os.getloadavg()[0], 1)
    with running_server({"OPENWFO_DATABASE_URL": url}) as (base, email, password):
        t0 = time.perf_counter()
        ids = seed(url)
        seed_seconds = time.perf_counter() - t0
        cookie = login_cookie(base, email, password)
        person_of = dict(zip((f"A{i:05d}" for i in range(AGENTS)), ids["agents"], strict=True))
        # Ingestion: batches, beside the same rows inserted directly; then single-change requests.
        batch_changes = _changes(BATCH * BATCHES, _ms(DAY + dt.timedelta(days=2), 0))
        rows = [(person_of[c["acdAgentId"]], c["timestamp"], c["gisStateIdentifier"], None, 1) for c in batch_changes]
        direct_seconds = _direct_insert(raw_connect, mark, ids["tenant"], rows)
        bodies = [json.dumps(batch_changes[k:k + BATCH]).encode() for k in range(0, len(batch_changes), BATCH)]
        batch_seconds, batch_bad = asyncio.run(_post_many(base, cookie, bodies, 2))
        singles = _changes(int(3000 * SECONDS), _ms(DAY + dt.timedelta(days=3), 0))
        single_bodies = [json.dumps(c).encode() for c in singles]
        server_cpu0, client_cpu0, load0 = _server_cpu_s(), time.process_time(), os.getloadavg()[0]
        single_seconds, single_bad = asyncio.run(_post_many(base, cookie, single_bodies, SINGLE_CONNECTIONS))
        server_cpu = _server_cpu_s() - server_cpu0
        client_cpu = time.process_time() - client_cpu0
        load = round((load0 + os.getloadavg()[0]) / 2, 1)
        store_path = _store_path_cpu(url, ids["tenant"], _ms(DAY + dt.timedelta(days=4), 0))
        profile = (_profile_server(base, cookie, _ms(DAY + dt.timedelta(days=5), 0))
                   if os.environ.get("BENCH_PROFILE") else None)
        # Adherence for 2,000 agents: in-process, and the API paged through.
        from openwfo.config import Settings
        from openwfo.db import Database
        from openwfo.scheduling.adherence import service as adherence

        database = Database(Settings(database_url=url))

        def in_process():
            with database.session(ids["tenant"]) as db:
                day = adherence.day_of(db, DAY.isoformat())
                return adherence.compute_days(db, ids["agents"], day)[0]
        compute_t, computed = _timed(in_process)
        database.dispose()

        def paged():
            out = []
            for page in range(1, AGENTS // 200 + 1):
                out.extend(json.loads(_get(base, cookie, f"/api/rest/scheduling/adherence/agent?date={DAY}"
                                                         f"&pageSize=200&pageNumber={page}")))
            return out
        http_t, pages = _timed(paged)
        assert len(pages) == AGENTS == len(computed), (len(pages), len(computed))
        start, end = _ms(DAY, 0), _ms(DAY + dt.timedelta(days=1), 0)
        agents = ",".join([mark] * AGENTS)
        raw_states = (f"SELECT person_id, ts_ms, state, reason_code FROM rt_agent_state WHERE tenant_id = {mark} "
                      f"AND person_id IN ({agents}) AND ts_ms >= {mark} AND ts_ms < {mark}",
                      [ids["tenant"], *ids["agents"], start, end])
        raw_acts = (f"SELECT person_id, activity_type, start_ms, end_ms FROM sched_activity WHERE tenant_id = {mark} "
                    f"AND person_id IN ({agents}) AND start_ms >= {mark} AND start_ms < {mark} AND end_ms > {mark}",
                    [ids["tenant"], *ids["agents"], start - 25 * 3_600_000, end, start])
        conn = raw_connect()
        try:
            def raw():
                n = 0
                for q, params in (raw_states, raw_acts):
                    cur = conn.cursor()
                    cur.execute(q, params)
                    n += len(cur.fetchall())
                    cur.close()
                return n
            raw_t, raw_rows = _timed(raw)
        finally:
            conn.close()
    adherence_values = sorted(d["scheduleAdherence"] for d in pages if d["scheduleAdherence"] is not None)
    return {
        "machineLoadAverage": {"start": load_at_start, "end": round(os.getloadavg()[0], 1)},
        "seedSeconds": round(seed_seconds, 1), "agents": AGENTS, "activitiesStored": ids["activities"],
        "statesStored": ids["states"],
        "ingestion": {
            "batches": {"changes": len(batch_changes), "batchSize": BATCH, "connections": 2,
                        "seconds": round(batch_seconds, 3), "changesPerSecond": round(len(batch_changes) / batch_seconds),
                        "failedRequests": batch_bad},
            "directInsert": {"changes": len(rows), "batchSize": BATCH, "seconds": round(direct_seconds, 3),
                             "changesPerSecond": round(len(rows) / direct_seconds)},
            "singleRequests": {"requests": len(singles), "connections": SINGLE_CONNECTIONS,
                               "seconds": round(single_seconds, 3),
                               "requestsPerSecond": round(len(singles) / single_seconds), "failedRequests": single_bad,
                               "serverCpuMicrosecondsPerRequest": round(server_cpu / len(singles) * 1e6),
                               "clientCpuMicrosecondsPerRequest": round(client_cpu / len(singles) * 1e6),
                               "machineLoadAverage": load,
                               # What one core given wholly to the server would answer: the load figure
                               # above shows how much of the machine other processes had meanwhile.
                               "serverCoreBoundRequestsPerSecond": round(len(singles) / server_cpu)
                               if server_cpu else None,
                               "storePathInProcess": store_path,
                               **({"serverProfile": profile} if profile else {})},
        },
        "adherence": {"agents": AGENTS, "date": DAY.isoformat(),
                      "inProcess": compute_t, "httpTenPagesOf200": http_t,
                      "medianAdherence": adherence_values[len(adherence_values) // 2] if adherence_values else None,
                      "rawSql": {"rows": raw_rows, **raw_t}},
    }


def _sqlite() -> dict:
    with scratch_store("sqlite", "openwfo-bench-realtime-") as (url, _tmp):
        path = url.split("///", 1)[1]
        return measure(url, lambda: sqlite3.connect(path), "?")


def _postgresql() -> dict:
    import psycopg

    with scratch_store("postgresql") as (url, _tmp):
        plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
        return measure(url, lambda: psycopg.connect(plain), "%s")


def main() -> dict:
    stores = {"sqlite": _sqlite()}
    try:
        stores["postgresql"] = _postgresql()
    except Exception as exc:  # PostgreSQL not reachable: record why, keep the SQLite figures
        stores["postgresql"] = {"error": f"{type(exc).__name__}: {exc}"}
    s = stores["sqlite"]
    result = {
        "stores": stores,
        "targets": {**TARGETS, "store": "sqlite",
                    "measure": "changes/s over the whole run through HTTP; adherence: median in-process "
                               "calculation of all 2,000 agents (the HTTP pages are listed beside it)"},
        "notes": NOTES,
        "meetsTargets": (s["ingestion"]["batches"]["changesPerSecond"] >= TARGETS["batchChangesPerSecond"]
                         and s["ingestion"]["singleRequests"]["requestsPerSecond"] >= TARGETS["singleRequestsPerSecond"]
                         and s["adherence"]["inProcess"]["medianSeconds"] < TARGETS["adherenceSeconds"]),
    }
    write_result("realtime", result)
    return result


if __name__ == "__main__":
    main()
