"""Data Explorer export: a 10,000-row Contact Detail export (every column, two metadata fields per
contact, a team filter and a Date Range), timed through the export service (parameters, count, the
page's rows, metadata, CSV with formula neutralising) beside the raw SQL read of the same rows in the
same run, on SQLite and PostgreSQL.

Run: `python -m bench.reports` (env BENCH_REPORT_ROWS, default 10,000 rows exported out of three
times as many stored; BENCH_RUNS, default 7; BENCH_STORES, default "sqlite,postgresql").
Target: under 1 s synchronous on SQLite (also measured through a real `openwfo serve` over HTTP).
Scaled for a 2-core machine: 30,000 stored contacts.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import uuid

from sqlalchemy import insert, text

from .common import scratch_store, write_result

ROWS = int(os.environ.get("BENCH_REPORT_ROWS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
STORES = os.environ.get("BENCH_STORES", "sqlite,postgresql").split(",")
TEAMS, AGENTS = 4, 100
DAY = 86_400_000


def _load(database, now: int, tid: int | None = None):
    from openwfo.models import Contact, ContactMetadata, Group, MetadataField, Person, Team
    from openwfo.org.provision import create_tenant

    if tid is None:
        with database.session() as db:
            tid = create_tenant(db, f"bench-{uuid.uuid4().hex[:8]}").id
    with database.session(tid) as db:
        root = db.query(Group).filter(Group.is_root.is_(True)).one()
        teams = [Team(name=f"Team {t}", group_id=root.id) for t in range(TEAMS)]
        db.add_all(teams)
        db.flush()
        people = [Person(email=f"a{i}@bench.test", first_name=f"First{i}", last_name=f"Last{i}",
                         team_id=teams[i % TEAMS].id) for i in range(AGENTS)]
        fields = [MetadataField(name="Account"), MetadataField(name="Note")]
        db.add_all(people + fields)
        db.flush()
        team_ids, field_ids = [t.id for t in teams], [f.id for f in fields]
        agents = [(p.id, p.team_id) for p in people]
    # Three times the rows in all: the export's team (1 of 4 but 3 of 4 rows here) and range select ROWS.
    total = ROWS * 3
    start = now - 30 * DAY
    with database.session(tid) as db:
        rows = []
        for i in range(total):
            in_range = i % 3 != 0
            person, team = agents[i % AGENTS]
            team = team_ids[0] if in_range else team_ids[1 + i % 3]
            rows.append({"start_ms": (start + i * 60_000) if in_range else start - DAY - i, "tz": "UTC",
                         "duration_ms": 30_000 + i % 600_000, "ani": f"+1612555{i % 10000:04d}", "dnis": "8005550100",
                         "call_id": f"c{i}", "person_id": person, "team_id": team, "medium": "call", "direction": 1,
                         "has_recording": True, "silence_events": i % 4})
        for i in range(0, total, 5000):
            db.execute(insert(Contact), rows[i:i + 5000])
        ids = list(db.scalars(text("SELECT id FROM qm_contact WHERE tenant_id = :t ORDER BY id"), {"t": tid}))
        meta = [{"contact_id": cid, "field_id": fid, "value": f"=ACC{cid}" if fid == field_ids[0] else f"note {cid}",
                 "value_prefix": f"ACC{cid}"} for cid in ids for fid in field_ids]
        for i in range(0, len(meta), 5000):
            db.execute(insert(ContactMetadata), meta[i:i + 5000])
    with database.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    return tid, team_ids[0], start


SQL = ("SELECT c.*, p.first_name, p.last_name, t.name, g.name FROM qm_contact c "
       "LEFT JOIN org_person p ON p.id = c.person_id LEFT JOIN org_team t ON t.id = c.team_id "
       "LEFT JOIN org_group g ON g.id = c.group_id "
       "WHERE c.tenant_id = :t AND c.team_id = :team AND c.start_ms >= :b "
       "ORDER BY c.start_ms, c.id LIMIT :n")
META = ("SELECT contact_id, field_id, value FROM qm_contact_metadata WHERE contact_id IN (SELECT c.id FROM qm_contact c "
        "WHERE c.tenant_id = :t AND c.team_id = :team AND c.start_ms >= :b ORDER BY c.start_ms, c.id LIMIT :n)")


def run_store(kind: str) -> dict:
    from openwfo.auth import permissions as perms
    from openwfo.auth.principal import Principal
    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.kit.clock import now_ms
    from openwfo.migrate import migrate
    from openwfo.reports import service
    from openwfo.reports.schemas import ExportRequest, Page

    with scratch_store(kind, "openwfo-bench-reports-") as (url, tmp):
        database = Database(Settings(data_dir=tmp, database_url=url))
        try:
            migrate(database)
            t0 = time.perf_counter()
            tid, team, start = _load(database, now_ms())
            load_s = time.perf_counter() - t0
            principal = Principal("bench", tid, 0, frozenset({perms.BY_NAME["Search Contacts"].id}), True)
            encoded = json.dumps([{"name": "pTeam", "value": {"isAll": False, "values": [team]}},
                                  {"name": "pContactStartTime", "value": {"start": start // 1000}}])
            req = ExportRequest(encoded=encoded, rows=Page(0, ROWS), columns=Page(0, None))
            service_t, sql_t, sizes = [], [], []
            for i in range(RUNS + 2):
                with database.session(tid, write=False) as db:
                    a = time.perf_counter()
                    p = service.plan(db, principal, "217", req)
                    outcome = service.run(db, principal, p)
                    b = time.perf_counter()
                with database.session(tid, write=False) as db:
                    c = time.perf_counter()
                    args = {"t": tid, "team": team, "b": start, "n": ROWS}
                    rows = db.execute(text(SQL), args).all()
                    meta = db.execute(text(META), args).all()
                    d = time.perf_counter()
                if i >= 2:  # two warm-up runs
                    service_t.append(b - a)
                    sql_t.append(d - c)
                sizes.append((outcome.rows_written, len(rows), len(meta), len(outcome.text)))
            assert sizes[-1][0] == ROWS == sizes[-1][1], sizes[-1]
            return {"loadSeconds": round(load_s, 1), "storedContacts": ROWS * 3, "exportedRows": sizes[-1][0],
                    "columns": outcome.total_columns, "csvBytes": sizes[-1][3],
                    "exportMs": {"median": round(statistics.median(service_t) * 1000, 1),
                                 "max": round(max(service_t) * 1000, 1)},
                    "rawSqlMs": {"median": round(statistics.median(sql_t) * 1000, 1),
                                 "max": round(max(sql_t) * 1000, 1)}}
        finally:
            database.dispose()


def run_http() -> dict:
    """The same export through a real `openwfo serve` on SQLite: the synchronous answer as a client sees it."""
    import urllib.request

    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.kit.clock import now_ms
    from openwfo.models import Tenant

    from .common import login_cookie, running_server

    with scratch_store("sqlite", "openwfo-bench-reports-http-") as (url, tmp):
        with running_server({"OPENWFO_DATABASE_URL": url}) as (base, email, password):
            database = Database(Settings(data_dir=tmp, database_url=url))
            try:
                with database.session() as db:
                    tid = db.query(Tenant).filter(Tenant.name == "bench").one().id
                _, team, start = _load(database, now_ms(), tid)
            finally:
                database.dispose()
            cookie = login_cookie(base, email, password)
            payload = json.dumps({
                "action": "EXPORT_CSV", "state": {"qname": "RP1_217_0_getk05bhup57b3nmd3il1"},
                "paramValues": {"encodedParamValues": json.dumps([
                    {"name": "pTeam", "value": {"isAll": False, "values": [team]}},
                    {"name": "pContactStartTime", "value": {"start": start // 1000}}])},
                "pageSpecification": [{"offset": 0, "limit": ROWS}, {"offset": 0, "limit": 100}]}).encode()
            times, size, extent = [], 0, None
            for i in range(RUNS + 2):
                req = urllib.request.Request(base + "/api/rest/dataexplorer/report/217/export", data=payload,
                                             headers={"Content-Type": "application/json", "Cookie": cookie},
                                             method="POST")
                a = time.perf_counter()
                with urllib.request.urlopen(req) as r:
                    data = r.read()
                    extent = r.headers["Content-Extent"]
                if i >= 2:
                    times.append(time.perf_counter() - a)
                size = len(data)
            return {"contentExtent": extent, "csvBytes": size,
                    "httpSyncMs": {"median": round(statistics.median(times) * 1000, 1),
                                   "max": round(max(times) * 1000, 1)}}


def main() -> None:
    results = {}
    for kind in STORES:
        print(f"[reports] {kind} ...", flush=True)
        results[kind] = run_store(kind)
    if "sqlite" in STORES:
        print("[reports] sqlite over HTTP ...", flush=True)
        results["sqliteHttp"] = run_http()
    target = results.get("sqliteHttp", {}).get("httpSyncMs", {}).get("median")
    write_result("reports", {
        "what": "Contact Detail export of BENCH_REPORT_ROWS rows (team filter + open-ended Date Range, every "
                "column, 2 metadata fields) through the export service (plan, count, rows, metadata, CSV) vs the "
                "raw SQL read of the same rows and metadata; in-process, read-only unit of work, warm",
        "scaledFor": "2-core machine: 30,000 stored contacts, 7 timed runs after 2 warm-up runs",
        "http": "sqliteHttp: the same export POSTed to a real openwfo serve (SQLite), whole CSV answer read",
        "targetSyncSqliteMs": 1000, "metTarget": target is not None and target < 1000,
        "stores": results})


if __name__ == "__main__":
    main()
