"""The demo schedules: two weeks for the demo agents, built on the demo WFM configuration."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from openwfo.demo import SEEDERS
from openwfo.demo import org as org_demo
from openwfo.demo import schedules as schedules_demo
from openwfo.demo import wfm as wfm_demo
from openwfo.models import ExceptionRequest, ScheduleActivity, Tenant


def test_seeder_runs_after_the_wfm_configuration():
    assert SEEDERS.index(schedules_demo.seed) > SEEDERS.index(wfm_demo.seed)


def test_nothing_without_queues(app, tenant, wfm):
    wfm.agent()
    with app.state.database.session(tenant.id) as db:
        schedules_demo.seed(db, db.get(Tenant, tenant.id))
        assert db.scalar(select(func.count()).select_from(ScheduleActivity)) == 0


def test_demo_schedules(app, tenant):
    database = app.state.database
    for seeder in (org_demo.seed, wfm_demo.seed, schedules_demo.seed, schedules_demo.seed):  # the last: idempotent
        with database.session(tenant.id) as db:
            seeder(db, db.get(Tenant, tenant.id))
    with database.session(tenant.id) as db:
        rows = list(db.scalars(select(ScheduleActivity)))
        requests = list(db.scalars(select(ExceptionRequest)))
    shifts: dict[tuple, list] = defaultdict(list)
    for r in rows:
        shifts[(r.person_id, r.shift_date)].append(r)
    dates = {d for _, d in shifts}
    assert len(dates) == 14
    agents = {p for p, _ in shifts}
    assert len(agents) >= 20
    hours = {round((max(a.end_ms for a in s) - min(a.start_ms for a in s)) / 3_600_000) for s in shifts.values()}
    assert {6, 8, 9, 10} <= hours
    types = {r.activity_type for r in rows}
    assert {"in_service", "break", "lunch", "exception"} <= types
    # A night shift crosses midnight: it ends on the next day (UTC days differ by at least the start).
    assert any(max(a.end_ms for a in s) - min(a.start_ms for a in s) == 8 * 3_600_000
               and (min(a.start_ms for a in s) // 86_400_000) != (max(a.end_ms for a in s) - 1) // 86_400_000
               for s in shifts.values())
    # Days off: every agent has fewer than 14 shifts.
    per_agent = defaultdict(int)
    for p, _ in shifts:
        per_agent[p] += 1
    assert max(per_agent.values()) <= 10
    assert sum(1 for r in requests if r.status == "pending") >= 3
    assert sum(1 for r in requests if r.status == "approved") >= 2
    # Activities of one shift never overlap.
    for s in shifts.values():
        s.sort(key=lambda a: a.start_ms)
        assert all(a.end_ms <= b.start_ms for a, b in zip(s, s[1:], strict=False))
