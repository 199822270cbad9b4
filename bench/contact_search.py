"""Contact search over a large store: p50/p95 of five typical Contact API queries, on SQLite and
PostgreSQL, beside the equivalent hand-written SQL in the same run.

Run: `python -m bench.contact_search` (env BENCH_CONTACTS, default 1,000,000; BENCH_RUNS, default 30;
BENCH_STORES, default "sqlite,postgresql"; BENCH_PG, the PostgreSQL server URL).
Target: p95 under 150 ms for each query through the service.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
import uuid

from sqlalchemy import text

from .common import scratch_store, write_result

N = int(os.environ.get("BENCH_CONTACTS", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
STORES = os.environ.get("BENCH_STORES", "sqlite,postgresql").split(",")
DAYS = 365
TEAMS, AGENTS = 20, 200
AREAS = ["612", "651", "763", "952", "320", "507", "218", "415", "212", "312", "713", "404", "206", "303",
         "617", "702", "305", "214", "602", "503"]
DAY = 86_400_000


def _setup_org(database, tid: int | None = None):
    from openwfo.models import Group, Person, Team
    from openwfo.org.provision import create_tenant

    if tid is None:
        with database.session() as db:
            tenant = create_tenant(db, f"bench-{uuid.uuid4().hex[:8]}")
            tid = tenant.id
    with database.session(tid) as db:
        root = db.query(Group).filter(Group.is_root.is_(True)).one()
        groups = [Group(name=f"Group {g}", parent_id=root.id) for g in range(4)]
        db.add_all(groups)
        db.flush()
        teams = [Team(name=f"Team {t}", group_id=groups[t % 4].id) for t in range(TEAMS)]
        db.add_all(teams)
        db.flush()
        people = [Person(email=f"agent{i}@bench.test", first_name=f"First{i}", last_name=f"Last{i}",
                         team_id=teams[i % TEAMS].id) for i in range(AGENTS)]
        db.add_all(people)
        db.flush()
        agents = [(p.id, p.team_id, teams[i % TEAMS].group_id) for i, p in enumerate(people)]
    return tid, agents


def _rows(tid: int, agents, field_id: int, now: int):
    """Contacts, metadata and silence events as plain tuples (deterministic)."""
    rng = random.Random(7)
    contacts, meta, events = [], [], []
    for i in range(1, N + 1):
        pid, team, group = agents[rng.randrange(len(agents))]
        start = now - rng.randrange(DAYS * DAY)
        recorded = rng.random() < 0.3
        silence = []
        if rng.random() < 0.2:
            silence = [rng.randint(1000, 30000) for _ in range(rng.randint(1, 3))]
        ani = rng.choice(AREAS) + f"{rng.randrange(10**7):07d}"
        contacts.append((i, tid, start, "America/Chicago", rng.randint(10_000, 900_000), ani, "1800555" + f"{rng.randrange(1000):03d}",
                         str(2000 + pid % 900), f"call-{i}", str(i % 1000), pid, team, group,
                         "quality" if rng.random() < 0.8 else "archive", recorded, recorded, False, recorded,
                         len(silence), max(silence, default=0), start))
        meta.append((tid, i, field_id, f"ACC{rng.randrange(200_000):06d}", f"ACC{rng.randrange(200_000):06d}"))
        for d in silence:
            events.append((tid, i, "silence", rng.randrange(60_000), d))
    for m in range(len(meta)):  # value_prefix must equal the value's first 200 characters
        t = meta[m]
        meta[m] = (t[0], t[1], t[2], t[3], t[3])
    return contacts, meta, events


CONTACT_COLS = ("id, tenant_id, start_ms, tz, duration_ms, ani, dnis, line, call_id, assoc_call_id, person_id, team_id, "
                "group_id, contact_type, audio_uploaded, has_recording, screen_uploaded, is_complete, silence_events, "
                "silence_max_ms, created_ms")
DEFAULTS = {"updated_ms": 0, "hr": False, "training": False, "scored": False, "needs_approval": False,
            "eval_in_progress": False, "tagged": False, "is_root": False, "reconciled": True, "talkover_events": 0,
            "talkover_max_ms": 0, "source": "bench"}


def _load(database, tid, agents):
    from sqlalchemy import select

    from openwfo.models import MetadataField

    now = int(time.time() * 1000)
    with database.session(tid) as db:
        field = MetadataField(name="account", created_ms=now)
        db.add(field)
        db.flush()
        field_id = field.id
    t0 = time.perf_counter()
    contacts, meta, events = _rows(tid, agents, field_id, now)
    cols = CONTACT_COLS + ", " + ", ".join(DEFAULTS)
    extra = tuple(DEFAULTS.values())
    raw = database.engine.raw_connection()
    try:
        cur = raw.cursor()
        if database.is_sqlite:
            marks = ", ".join("?" * (len(contacts[0]) + len(extra)))
            cur.executemany(f"INSERT INTO qm_contact ({cols}) VALUES ({marks})", (c + extra for c in contacts))
            cur.executemany("INSERT INTO qm_contact_metadata (tenant_id, contact_id, field_id, value, value_prefix) "
                            "VALUES (?, ?, ?, ?, ?)", meta)
            cur.executemany("INSERT INTO qm_contact_event (tenant_id, contact_id, kind, start_offset_ms, duration_ms) "
                            "VALUES (?, ?, ?, ?, ?)", events)
            cur.execute("ANALYZE")
        else:
            with cur.copy(f"COPY qm_contact ({cols}) FROM STDIN") as copy:
                for c in contacts:
                    copy.write_row(c + extra)
            with cur.copy("COPY qm_contact_metadata (tenant_id, contact_id, field_id, value, value_prefix) FROM STDIN") as copy:
                for m in meta:
                    copy.write_row(m)
            with cur.copy("COPY qm_contact_event (tenant_id, contact_id, kind, start_offset_ms, duration_ms) FROM STDIN") as copy:
                for e in events:
                    copy.write_row(e)
            cur.execute("SELECT setval(pg_get_serial_sequence('qm_contact', 'id'), %s)", (N,))
            cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    with database.session(tid) as db:
        assert db.scalar(select(MetadataField.id).where(MetadataField.id == field_id))
    return time.perf_counter() - t0, [m[3] for m in meta[:: max(1, N // 500)]]


def _queries(agents, accounts, rng):
    """(name, search parameters, hand-written SQL with :params) — five typical searches."""
    today = dt.datetime.now(dt.UTC).date()
    begin = today - dt.timedelta(days=30)
    team_ids = sorted({a[1] for a in agents})
    b_ms = int(dt.datetime.combine(begin, dt.time(0), tzinfo=dt.UTC).timestamp() * 1000)
    e_ms = int(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC).timestamp() * 1000)
    d60 = int(dt.datetime.combine(today - dt.timedelta(days=60), dt.time(0), tzinfo=dt.UTC).timestamp() * 1000)
    order = " ORDER BY start_ms DESC, id DESC LIMIT 100"
    return [
        ("date range + team",
         lambda: {"begin_date": begin.isoformat(), "end_date": today.isoformat(), "team": [rng.choice(team_ids)]},
         lambda p: ("SELECT * FROM qm_contact WHERE tenant_id = :t AND team_id = :team AND start_ms >= :b AND start_ms < :e"
                    + order, {"team": p["team"][0], "b": b_ms, "e": e_ms})),
        ("ani wildcard",
         lambda: {"ani": [rng.choice(AREAS) + str(rng.randrange(10)) + "*"]},
         lambda p: ("SELECT * FROM qm_contact WHERE tenant_id = :t AND ani LIKE :a AND start_ms >= :b" + order,
                    {"a": p["ani"][0].replace("*", "%"), "b": d60})),
        ("metadata equals",
         lambda: {"metadata": ["account~equals~" + rng.choice(accounts)]},
         lambda p: ("SELECT * FROM qm_contact WHERE tenant_id = :t AND start_ms >= :b AND id IN (SELECT contact_id FROM "
                    "qm_contact_metadata WHERE field_id = (SELECT id FROM qm_metadata_field WHERE tenant_id = :t AND "
                    "name = 'account') AND value_prefix = :v AND value = :v)" + order,
                    {"v": p["metadata"][0].split("~")[2], "b": d60})),
        ("agent + hasRecording",
         lambda: {"agent": [rng.choice(agents)[0]], "has_recording": True},
         lambda p: ("SELECT * FROM qm_contact WHERE tenant_id = :t AND person_id = :p AND has_recording = :yes "
                    "AND start_ms >= :b" + order, {"p": p["agent"][0], "yes": True, "b": d60})),
        ("silence filter",
         lambda: {"silence_events": 2, "silence_duration": rng.choice([5000, 10000, 15000])},
         lambda p: ("SELECT * FROM qm_contact c WHERE tenant_id = :t AND start_ms >= :b AND silence_events >= 2 AND "
                    "silence_max_ms >= :d AND (SELECT count(*) FROM qm_contact_event e WHERE e.contact_id = c.id AND "
                    "e.kind = 'silence' AND e.duration_ms >= :d) >= 2" + order,
                    {"d": p["silence_duration"], "b": d60})),
    ]


def _pct(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000, 2)


def run_store(kind: str) -> dict:
    from openwfo.auth.principal import Principal
    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.migrate import migrate
    from openwfo.recording.contacts.search import SearchParams
    from openwfo.recording.contacts.service import search
    from openwfo.recording.contacts.wire import Shape

    with scratch_store(kind, "openwfo-bench-search-") as (url, tmp):
        database = Database(Settings(data_dir=tmp, database_url=url))
        try:
            migrate(database)
            tid, agents = _setup_org(database)
            load_s, accounts = _load(database, tid, agents)
            principal = Principal("bench", tid, agents[0][0], frozenset({7}), True)
            rng = random.Random(11)
            out = {"loadSeconds": round(load_s, 1), "queries": {}}
            for name, make, sql in _queries(agents, accounts, rng):
                service_t, sql_t, sizes = [], [], []
                for i in range(RUNS + 3):
                    params = make()
                    with database.session(tid) as db:
                        t0 = time.perf_counter()
                        found = search(db, principal, SearchParams(**params), Shape())
                        elapsed = time.perf_counter() - t0
                        statement, args = sql(params)
                        t0 = time.perf_counter()
                        rows = db.execute(text(statement), {"t": tid, **args}).all()
                        raw = time.perf_counter() - t0
                    if i >= 3:  # the first runs warm the caches
                        service_t.append(elapsed)
                        sql_t.append(raw)
                        sizes.append(len(found))
                        assert len(rows) == len(found), (name, len(rows), len(found))
                out["queries"][name] = {
                    "service": {"p50ms": _pct(service_t, 50), "p95ms": _pct(service_t, 95)},
                    "handWrittenSql": {"p50ms": _pct(sql_t, 50), "p95ms": _pct(sql_t, 95)},
                    "meanResults": round(statistics.mean(sizes), 1),
                    "meetsTarget": _pct(service_t, 95) < 150,
                }
                print(kind, name, out["queries"][name], flush=True)
            return out
        finally:
            database.dispose()


def main() -> dict:
    result = {"contacts": N, "days": DAYS, "agents": AGENTS, "teams": TEAMS, "runsPerQuery": RUNS,
              "target": "p95 < 150 ms per query (service path: query + wire rendering, no HTTP)", "stores": {}}
    for kind in STORES:
        result["stores"][kind] = run_store(kind.strip())
    result["meetsTarget"] = all(q["meetsTarget"] for s in result["stores"].values() for q in s["queries"].values())
    write_result("contact_search", result)
    return result


if __name__ == "__main__":
    main()
