"""Intraday and demo-planning benchmark (in-process, no server, a fresh SQLite store).

1. Seeds the demo tenant (every seeder), timing the planning seeder: forecasts of this week and next for
   the 8 demo queues and the fortnight generated (the generation service's default engine, the demo's
   time limit) and published.
2. With the clock on this week's Monday at 10:00 (tenant time), runs the intraday view for all demo
   queues with 20 suggestions, five times: wall and CPU time per run (median), the reforecast ratios and
   the suggestions found.

Wall times on a shared machine are pessimistic: CPU times are given beside them, with the load average.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time

from sqlalchemy import select

from openwfo.auth.principal import Principal
from openwfo.config import Settings
from openwfo.db import Database
from openwfo.kit.clock import clock
from openwfo.migrate import migrate
from openwfo.models import Job, Person, ServiceQueue, Tenant

from .common import write_result

RUNS = 5


def main() -> None:
    from openwfo import demo
    from openwfo.org.provision import get_or_create_tenant, upsert_administrator
    from openwfo.planning.intraday import service as intraday
    from openwfo.scheduling.schedules import days

    database = Database(Settings(data_dir=tempfile.mkdtemp(prefix="bench-intraday-")))
    migrate(database)
    with database.session() as db:
        t = get_or_create_tenant(db, demo.DEMO_TENANT)
        upsert_administrator(db, t, demo.DEMO_ADMIN, demo.DEMO_PASSWORD, "Dana", "Admin")
        tid = t.id
    seeding = {}
    for seeder in demo.SEEDERS:
        w, c = time.perf_counter(), time.process_time()
        with database.session(tid) as db:
            seeder(db, db.get(Tenant, tid))
        seeding[seeder.__module__.rsplit(".", 1)[1]] = {"wallSeconds": round(time.perf_counter() - w, 3),
                                                        "cpuSeconds": round(time.process_time() - c, 3)}
    with database.session(tid, write=False) as db:
        run = db.scalar(select(Job).where(Job.kind == "planning.generate"))
        result = run.result or {}
        generated = {k: result.get(k) for k in ("state", "method", "requiredFteHours", "underStaffedFteHours",
                                                 "overStaffedFteHours")}
        generated["shifts"] = len(result.get("shifts", []))
        generated["gapPercent"] = (result.get("solver") or {}).get("gapPercent")
        zone = days.zone(db.get(Tenant, tid).time_zone)
        agents = len(list(db.scalars(select(Person.id).where(Person.enabled_for_scheduling.is_(True)))))
        admin = db.scalar(select(Person.id).where(Person.scope_all.is_(True)).order_by(Person.id))
        queues = list(db.scalars(select(ServiceQueue.id).order_by(ServiceQueue.id)))
    today = days.local_date(int(time.time() * 1000), zone)
    monday = today - dt.timedelta(days=today.weekday())
    clock.freeze(days.day_start_ms(monday, zone) + 10 * 3_600_000)
    principal = Principal(session_id="bench", tenant_id=tid, person_id=admin, permission_ids=frozenset(),
                          scope_all=True)
    walls, cpus, out = [], [], {}
    try:
        for _ in range(RUNS):
            with database.session(tid, write=False) as db:
                w, c = time.perf_counter(), time.process_time()
                out = intraday.run(db, principal, intraday.Request(queues, max_suggestions=20))
                walls.append(time.perf_counter() - w)
                cpus.append(time.process_time() - c)
    finally:
        clock.reset()
    kinds: dict[str, int] = {}
    for s in out["suggestions"]:
        kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
    write_result("intraday", {
        "store": "sqlite",
        "loadAverage": [round(x, 2) for x in os.getloadavg()],
        "demoSeeding": seeding,
        "demoSchedule": generated,
        "intraday": {
            "queues": len(queues), "agentsInTenant": agents, "at": f"{monday.isoformat()} 10:00 (tenant time)",
            "runs": RUNS, "medianWallSeconds": round(statistics.median(walls), 3),
            "medianCpuSeconds": round(statistics.median(cpus), 3),
            "volumeRatios": {q["name"]: q["reforecast"]["volumeRatio"] for q in out["queues"]},
            "observedIntervals": {q["name"]: q["reforecast"]["observedIntervals"] for q in out["queues"]},
            "suggestions": kinds,
            "understaffingRemovedFteHours": round(sum(s["understaffingRemovedFteHours"] for s in out["suggestions"]), 3),
        },
    })


if __name__ == "__main__":
    main()
