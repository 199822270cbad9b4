"""Schedule reads on a real `openwfo serve`, on SQLite and on PostgreSQL, beside a raw SQL read of the
same rows through the database driver in the same run:

- Schedule for Timespan: 1,000 agents x 9 days (POST /api/rest/scheduling/schedule/for/timespan);
- Agents Scheduled by Service Queue: 20 queues x 31 days at 15 minutes
  (POST /api/rest/scheduling/agents/scheduled/by/servicequeue).

The store holds 1,000 scheduling-enabled agents (two time zones) with 31 days of realistic shifts
(7-activity day shifts of several lengths, night shifts across midnight, days off), on 20 queues and
5 multi-skill groups. Targets on SQLite: timespan under 1.5 s, agents scheduled under 2 s.
Run: `python -m bench.schedules` (env BENCH_RUNS, BENCH_PG_ADMIN_URL; the PostgreSQL database is
created for the run and dropped after it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

from .common import login_cookie, running_server, write_result

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
AGENTS = 1000
QUEUES = 20
GROUPS = 5
FIRST_DAY = dt.date(2024, 3, 1)  # 31 days, the US clock change of March 10 among them
DAYS = 31
TIMESPAN_FROM = dt.datetime(2024, 3, 4, tzinfo=ZoneInfo("America/Chicago"))
TIMESPAN_DAYS = 9
TARGETS = {"timespan": 1.5, "agentsScheduled": 2.0}
ZONES = ("America/Chicago", "America/New_York")
WORKING = ("in_service", "in_service_msg", "overtime", "overtime_msg")


def _ms(day: dt.date, minutes: int, tz: ZoneInfo) -> int:
    local = dt.datetime(day.year, day.month, day.day, tzinfo=tz) + dt.timedelta(minutes=minutes)
    return int(local.astimezone(dt.UTC).timestamp() * 1000)


def shift_rows(person_id: int, zone: str, queue_id: int, group_id: int | None, rnd: random.Random) -> list[dict]:
    """31 days of one agent: five working days a week (day shifts of 6 to 10 hours, every fifth agent on
    nights across midnight), two days off, breaks and lunch."""
    tz = ZoneInfo(zone)
    night = person_id % 5 == 0
    rows = []
    for i in range(DAYS):
        day = FIRST_DAY + dt.timedelta(days=i)
        if (i + person_id) % 7 in (5, 6):
            rows.append({"person_id": person_id, "shift_date": day, "activity_type": "not_available",
                         "start_ms": _ms(day, 0, tz), "end_ms": _ms(day + dt.timedelta(days=1), 0, tz), "paid": False})
            continue
        start = (22 * 60 if night else rnd.choice((6, 7, 8, 9, 10, 12, 14)) * 60)
        length = 8 * 60 if night else rnd.choice((6, 8, 8, 8, 9, 10)) * 60
        work = {"activity_type": "in_service_msg", "multi_skill_group_id": group_id} if group_id else \
            {"activity_type": "in_service", "service_queue_id": queue_id}
        quarter = length // 4
        plan = [(0, quarter, work), (quarter, quarter + 15, {"activity_type": "break", "detail_name": "Break"}),
                (quarter + 15, 2 * quarter, work),
                (2 * quarter, 2 * quarter + 30, {"activity_type": "lunch", "detail_name": "Lunch", "paid": False}),
                (2 * quarter + 30, 3 * quarter, work),
                (3 * quarter, 3 * quarter + 15, {"activity_type": "break", "detail_name": "Break"}),
                (3 * quarter + 15, length, work)]
        for a, b, what in plan:
            rows.append({"person_id": person_id, "shift_date": day, "start_ms": _ms(day, start + a, tz),
                         "end_ms": _ms(day, start + b, tz), "paid": True, **what})
    return rows


def seed(url: str) -> dict:
    """Queues, groups, agents and their schedules in the bench tenant; the ids the requests use."""
    from sqlalchemy import select

    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.models import (
        AcdServer,
        MultiSkillGroup,
        MultiSkillGroupQueue,
        Person,
        PersonView,
        ServiceQueue,
        ServiceQueueType,
        Tenant,
    )
    from openwfo.org.provision import builtin_role, default_team, default_view
    from openwfo.scheduling.schedules import repository

    database = Database(Settings(database_url=url))
    with database.session() as db:
        tenant_id = db.scalar(select(Tenant.id).where(Tenant.name == "bench"))
    rnd = random.Random(7)
    with database.session(tenant_id) as db:
        acd = AcdServer(name="Bench ACD", acd_type="Cisco UCCE")
        qtype = db.scalar(select(ServiceQueueType).where(ServiceQueueType.code == 0)) or \
            ServiceQueueType(code=0, name="Voice", contact_type=0)
        db.add_all([acd, qtype])
        db.flush()
        queues = [ServiceQueue(number=1000 + i, name=f"Queue {i:02d}", acd_server_id=acd.id, priority=i,
                               type_id=qtype.id) for i in range(QUEUES)]
        db.add_all(queues)
        db.flush()
        groups = []
        for g in range(GROUPS):
            group = MultiSkillGroup(name=f"Group {g}")
            db.add(group)
            db.flush()
            db.add_all([MultiSkillGroupQueue(group_id=group.id, service_queue_id=queues[2 * g + k].id, priority=k)
                        for k in (0, 1)])
            groups.append(group.id)
        team, view, role = default_team(db), default_view(db), builtin_role(db, "agent")
        now = int(time.time() * 1000)
        persons = []
        for i in range(AGENTS):
            p = Person(email=f"agent{i:04d}@bench.openwfo.test", first_name=f"First{i}", last_name=f"Last{i}",
                       team_id=team.id, time_zone=ZONES[i % 2], activated_date=now, enabled_for_scheduling=True,
                       employee_id=f"E{i:05d}")
            p.roles = [role]
            p.views = [PersonView(view=view, main=True)]
            persons.append(p)
        db.add_all(persons)
        db.flush()
        queue_ids = [q.id for q in queues]
        rows: list[dict] = []
        for i, p in enumerate(persons):
            group = groups[i % GROUPS] if i % 4 == 0 else None
            rows.extend(shift_rows(p.id, p.time_zone, queue_ids[i % QUEUES], group, rnd))
        for k in range(0, len(rows), 20_000):
            repository.insert_activities(db, rows[k:k + 20_000])
        agent_ids = [p.id for p in persons]
    database.dispose()
    return {"tenant": tenant_id, "agents": agent_ids, "queues": queue_ids, "groups": groups, "rows": len(rows)}


def _post(base: str, cookie: str, path: str, body: dict) -> tuple[float, bytes]:
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Cookie": cookie})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=600) as r:
        data = r.read()
    return time.perf_counter() - t0, data


def _timed(fn) -> tuple[dict, object]:
    fn()  # warm-up
    times, last = [], None
    for _ in range(RUNS):
        t0 = time.perf_counter()
        last = fn()
        times.append(time.perf_counter() - t0)
    return {"medianSeconds": round(statistics.median(times), 3), "minSeconds": round(min(times), 3),
            "runs": RUNS}, last


def _raw_queries(ids: dict, from_ms: int, to_ms: int, range_from: int, range_to: int, mark: str):
    """The raw SQL of the two reads (same rows as the server reads)."""
    max_ms = 25 * 3_600_000
    agents = ",".join([mark] * len(ids["agents"]))
    timespan = (f"SELECT person_id, shift_date, activity_type, detail_name, start_ms, end_ms, paid, color, "
                f"service_queue_id, multi_skill_group_id, exception_id, activity_metadata FROM sched_activity "
                f"WHERE tenant_id = {mark} AND person_id IN ({agents}) AND start_ms >= {mark} AND start_ms < {mark} "
                f"AND end_ms > {mark}", [ids["tenant"], *ids["agents"], from_ms - max_ms, to_ms, from_ms])
    types = ",".join([mark] * len(WORKING))
    queues = ",".join([mark] * len(ids["queues"]))
    groups = ",".join([mark] * len(ids["groups"]))
    scheduled = (f"SELECT service_queue_id, multi_skill_group_id, start_ms, end_ms FROM sched_activity "
                 f"WHERE tenant_id = {mark} AND start_ms >= {mark} AND start_ms < {mark} AND end_ms > {mark} "
                 f"AND activity_type IN ({types}) AND (service_queue_id IN ({queues}) "
                 f"OR multi_skill_group_id IN ({groups}))",
                 [ids["tenant"], range_from - max_ms, range_to, range_from, *WORKING, *ids["queues"], *ids["groups"]])
    return timespan, scheduled


def measure(url: str, env_extra: dict, raw_connect, mark: str) -> dict:
    with running_server(env_extra) as (base, email, password):
        t0 = time.perf_counter()
        ids = seed(url)
        seed_seconds = time.perf_counter() - t0
        cookie = login_cookie(base, email, password)
        from_ms = int(TIMESPAN_FROM.timestamp() * 1000)
        to_ms = int((TIMESPAN_FROM + dt.timedelta(days=TIMESPAN_DAYS)).timestamp() * 1000)
        last_day = FIRST_DAY + dt.timedelta(days=DAYS - 1)
        chicago = ZoneInfo("America/Chicago")
        range_from = _ms(FIRST_DAY, 0, chicago)
        range_to = _ms(last_day + dt.timedelta(days=1), 0, chicago)

        def timespan():
            return _post(base, cookie, f"/api/rest/scheduling/schedule/for/timespan?fromTimestamp={from_ms}"
                                       f"&toTimestamp={to_ms}", {"agentIds": ids["agents"]})[1]

        def scheduled():
            return _post(base, cookie, "/api/rest/scheduling/agents/scheduled/by/servicequeue",
                         {"serviceQueueIds": ids["queues"], "interval": 15, "fromDate": FIRST_DAY.isoformat(),
                          "toDate": last_day.isoformat()})[1]

        span_t, span_body = _timed(timespan)
        sched_t, sched_body = _timed(scheduled)
        span_json, sched_json = json.loads(span_body), json.loads(sched_body)
        raw_span, raw_sched = _raw_queries(ids, from_ms, to_ms, range_from, range_to, mark)
        conn = raw_connect()
        try:
            def run(query):
                def go():
                    cur = conn.cursor()
                    cur.execute(query[0], query[1])
                    rows = cur.fetchall()
                    cur.close()
                    return rows
                return go
            raw_span_t, raw_span_rows = _timed(run(raw_span))
            raw_sched_t, raw_sched_rows = _timed(run(raw_sched))
        finally:
            conn.close()
    activities = sum(len(a["activities"]) for a in span_json)
    intervals = sum(len(d["intervals"]) for q in sched_json for d in q["agentsScheduledByDate"])
    assert activities == len(raw_span_rows), (activities, len(raw_span_rows))
    return {
        "seedSeconds": round(seed_seconds, 1), "activitiesStored": ids["rows"],
        "timespan": {"agents": len(span_json), "days": TIMESPAN_DAYS, "activities": activities,
                     "responseBytes": len(span_body), **span_t,
                     "rawSql": {"rows": len(raw_span_rows), **raw_span_t}},
        "agentsScheduled": {"queues": len(sched_json), "days": DAYS, "intervalMinutes": 15, "intervals": intervals,
                            "responseBytes": len(sched_body), **sched_t,
                            "rawSql": {"rows": len(raw_sched_rows), **raw_sched_t}},
    }


def _sqlite() -> dict:
    with tempfile.TemporaryDirectory(prefix="openwfo-bench-schedules-") as tmp:
        path = Path(tmp) / "schedules.db"
        url = f"sqlite:///{path}"
        return measure(url, {"OPENWFO_DATABASE_URL": url}, lambda: sqlite3.connect(path), "?")


def _postgresql() -> dict:
    import psycopg

    name = f"openwfo_bench_schedules_{uuid.uuid4().hex[:8]}"
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = base.replace("postgresql://", "postgresql+psycopg://", 1) + "/" + name
        return measure(url, {"OPENWFO_DATABASE_URL": url}, lambda: psycopg.connect(f"{base}/{name}"), "%s")
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> dict:
    stores = {"sqlite": _sqlite()}
    try:
        stores["postgresql"] = _postgresql()
    except Exception as exc:  # PostgreSQL not reachable: record why, keep the SQLite figures
        stores["postgresql"] = {"error": f"{type(exc).__name__}: {exc}"}
    sqlite = stores["sqlite"]
    result = {
        "stores": stores,
        "targets": {"timespanSeconds": TARGETS["timespan"], "agentsScheduledSeconds": TARGETS["agentsScheduled"],
                    "store": "sqlite", "measure": "median of the runs, full HTTP round trip"},
        "meetsTargets": (sqlite["timespan"]["medianSeconds"] < TARGETS["timespan"]
                         and sqlite["agentsScheduled"]["medianSeconds"] < TARGETS["agentsScheduled"]),
    }
    write_result("schedules", result)
    return result


if __name__ == "__main__":
    main()
