"""Bulk person import: 10,000 rows through POST /api/upload/persons on a real `openwfo serve`, new and
then the same file again (and, extra, with every row changed), on SQLite and on PostgreSQL; beside
it, in the same run, a plain batched insert of the same rows (persons, role links, view links)
through the database driver.

Target: 10,000 new persons in under 10 s on SQLite.
Run: `python -m bench.org_import` (env BENCH_ROWS, BENCH_PG_ADMIN_URL; PostgreSQL databases are
created for the run and dropped after it).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from .common import login_cookie, running_server, write_result

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGET_SECONDS = 10.0
HEADER = ["personId", "email", "firstName", "lastName", "timeZone", "adLogin", "memberGroup", "activated",
          "locale", "roles", "views", "enableScheduling", "employeeId", "rank", "acdId", "acdServerId"]


def person_rows(n: int) -> list[list]:
    zones = ["America/New_York", "America/Chicago", "Europe/London", "Asia/Manila"]
    return [[0, f"agent{i:05d}@bench.openwfo.test", f"First{i}", f"Last{i}", zones[i % 4], f"CORP\\agent{i:05d}",
             "Default Team", f"{1 + i % 12:02d}/{1 + i % 28:02d}/2024", "en_US", "Agent", "EnterpriseView",
             "True", f"E{i:05d}", i % 10, str(100000 + i), 1] for i in range(n)]


def person_csv(rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue().encode()


def _upload(base: str, cookie: str, data: bytes) -> tuple[float, dict]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"persons.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(base + "/api/upload/persons", data=body, method="POST", headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": cookie})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            result = json.loads(r.read())
    except urllib.error.HTTPError as exc:
        raise RuntimeError(f"upload failed: {exc.code} {exc.read()[:500]!r}") from None
    return time.perf_counter() - t0, result


def measure_import(data: bytes, changed: bytes, env_extra: dict | None = None) -> dict:
    with running_server(env_extra) as (base, email, password):
        cookie = login_cookie(base, email, password)
        new_s, new = _upload(base, cookie, data)
        again_s, again = _upload(base, cookie, data)
        update_s, update = _upload(base, cookie, changed)
    counts = ("created", "updated", "unchanged")
    return {
        "newSeconds": round(new_s, 3), "newRowsPerSecond": round(ROWS / new_s, 1),
        "newResult": {k: new[k] for k in counts},
        "againSeconds": round(again_s, 3), "againRowsPerSecond": round(ROWS / again_s, 1),
        "againResult": {k: again[k] for k in counts},
        # Extra: every row changed (names, team membership unchanged), the update path at scale.
        "updateSeconds": round(update_s, 3), "updateRowsPerSecond": round(ROWS / update_s, 1),
        "updateResult": {k: update[k] for k in counts},
    }


# --- the plain driver insert ------------------------------------------------------------------
def _prepare(url: str) -> tuple[dict, list[str]]:
    """The schema and a tenant (with its defaults) in a fresh store; the ids to insert against and the
    person columns the import writes."""
    from sqlalchemy import create_engine

    from openwfo.models import Base
    from openwfo.org.provision import builtin_role, create_tenant, default_team, default_view

    engine = create_engine(url)
    Base.metadata.create_all(engine)
    from sqlalchemy.orm import Session

    with Session(engine) as db:
        tenant = create_tenant(db, "bench")
        ids = {"tenant": tenant.id, "team": default_team(db).id, "role": builtin_role(db, "agent").id,
               "view": default_view(db).id}
        db.commit()
    engine.dispose()
    from openwfo.models import Person

    columns = [c.name for c in Person.__table__.columns]
    return ids, columns


def _person_values(rows: list[list], ids: dict, columns: list[str], as_bool) -> list[tuple]:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from openwfo.models import Person

    table = Person.__table__
    out = []
    for n, r in enumerate(rows, start=1):
        m, d, y = (int(x) for x in r[7].split("/"))
        fixed = {
            "id": n, "tenant_id": ids["tenant"], "email": r[1], "first_name": r[2], "last_name": r[3],
            "time_zone": r[4], "ad_login": r[5], "team_id": ids["team"],
            "activated_date": int(datetime(y, m, d, tzinfo=ZoneInfo("America/Chicago")).timestamp() * 1000),
            "lang": "en", "country": "US", "enabled_for_scheduling": as_bool(True), "employee_id": r[12],
            "rank": r[13], "acd_id": r[14], "acd_server_id": r[15], "qm_views": "[]",
        }
        values = []
        for c in columns:
            col = table.c[c]
            default = col.default.arg if col.default is not None and not callable(col.default.arg) else None
            if c in fixed:
                values.append(fixed[c])
            elif _python_type(col) is bool:
                values.append(as_bool(bool(default)))
            else:
                values.append(default)
        out.append(tuple(values))
    return out


def _python_type(col):
    try:
        return col.type.python_type
    except NotImplementedError:
        return object


def driver_insert_sqlite(rows: list[list]) -> dict:
    with tempfile.TemporaryDirectory(prefix="openwfo-bench-driver-") as tmp:
        path = Path(tmp) / "driver.db"
        ids, columns = _prepare(f"sqlite:///{path}")
        persons = _person_values(rows, ids, columns, int)
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        marks = ",".join("?" * len(columns))
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO org_person ({','.join(columns)}) VALUES ({marks})", persons)
        conn.executemany("INSERT INTO org_person_role (person_id, role_id) VALUES (?, ?)",
                         [(n, ids["role"]) for n in range(1, len(rows) + 1)])
        conn.executemany("INSERT INTO org_person_view (person_id, view_id, main) VALUES (?, ?, 1)",
                         [(n, ids["view"]) for n in range(1, len(rows) + 1)])
        conn.execute("COMMIT")
        seconds = time.perf_counter() - t0
        conn.close()
    return {"seconds": round(seconds, 3), "rowsPerSecond": round(len(rows) / seconds, 1)}


def driver_insert_postgresql(rows: list[list], dbname: str) -> dict:
    import psycopg

    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname
    ids, columns = _prepare(url.replace("postgresql://", "postgresql+psycopg://", 1))
    persons = _person_values(rows, ids, columns, bool)
    marks = ",".join(["%s"] * len(columns))
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        t0 = time.perf_counter()
        cur.executemany(f"INSERT INTO org_person ({','.join(columns)}) VALUES ({marks})", persons)
        cur.executemany("INSERT INTO org_person_role (person_id, role_id) VALUES (%s, %s)",
                        [(n, ids["role"]) for n in range(1, len(rows) + 1)])
        cur.executemany("INSERT INTO org_person_view (person_id, view_id, main) VALUES (%s, %s, true)",
                        [(n, ids["view"]) for n in range(1, len(rows) + 1)])
        conn.commit()
        seconds = time.perf_counter() - t0
    return {"seconds": round(seconds, 3), "rowsPerSecond": round(len(rows) / seconds, 1)}


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _compare(imported: dict, driver: dict) -> dict:
    return {"import": imported, "driverInsert": driver,
            "ratioNew": round(imported["newRowsPerSecond"] / driver["rowsPerSecond"], 3),
            "ratioAgain": round(imported["againRowsPerSecond"] / driver["rowsPerSecond"], 3)}


def main() -> dict:
    rows = person_rows(ROWS)
    data = person_csv(rows)
    changed = person_csv([[*r[:2], r[2] + "x", *r[3:]] for r in rows])
    stores: dict = {}
    stores["sqlite"] = _compare(measure_import(data, changed), driver_insert_sqlite(rows))

    suffix = uuid.uuid4().hex[:10]
    server_db, driver_db = f"openwfo_bench_import_{suffix}", f"openwfo_bench_driver_{suffix}"
    try:
        _pg_admin(f'CREATE DATABASE "{server_db}"')
        _pg_admin(f'CREATE DATABASE "{driver_db}"')
    except Exception as exc:  # no PostgreSQL here: say so in the result
        stores["postgresql"] = {"skipped": f"PostgreSQL not reachable: {exc}"}
    else:
        try:
            server_url = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
            imported = measure_import(data, changed, {"OPENWFO_DATABASE_URL": f"{server_url}/{server_db}"})
            stores["postgresql"] = _compare(imported, driver_insert_postgresql(rows, driver_db))
        finally:
            for name in (server_db, driver_db):
                _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    sqlite_new = stores["sqlite"]["import"]["newSeconds"]
    result = {
        "rows": ROWS,
        "path": "POST /api/upload/persons (multipart CSV, end to end over HTTP)",
        "driverInsert": "executemany of the same person, role-link and view-link rows, one transaction",
        "stores": stores,
        "target": f"{ROWS} new persons in under {TARGET_SECONDS:.0f} s on SQLite",
        "meetsTarget": sqlite_new < TARGET_SECONDS,
    }
    write_result("org_import", result)
    return result


if __name__ == "__main__":
    main()
