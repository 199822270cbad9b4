"""The simulated ACD feed of the demo: realistic, mostly adherent days with some late returns from
break, replayed idempotently."""

from __future__ import annotations

from sqlalchemy import func, select

from openwfo.demo import SEEDERS
from openwfo.demo import org as org_demo
from openwfo.demo import realtime as realtime_demo
from openwfo.demo import schedules as schedules_demo
from openwfo.demo import wfm as wfm_demo
from openwfo.kit.clock import clock
from openwfo.models import AgentStateChange, Tenant

from .helpers import ADHERENCE, ms, ok


def test_the_feed_runs_after_the_schedules():
    assert SEEDERS.index(realtime_demo.seed) > SEEDERS.index(schedules_demo.seed)


def _count(database, tenant_id):
    with database.session(tenant_id) as db:
        return db.scalar(select(func.count()).select_from(AgentStateChange))


def test_demo_days_are_mostly_adherent_with_late_returns(app, tenant, admin_client):
    database = app.state.database
    clock.freeze(ms("2024-07-17 12:00"))  # a Wednesday: Monday and Tuesday whole, today up to noon
    for seeder in (org_demo.seed, wfm_demo.seed, schedules_demo.seed, realtime_demo.seed):
        with database.session(tenant.id) as db:
            seeder(db, db.get(Tenant, tenant.id))
    count = _count(database, tenant.id)
    assert count > 1000
    with database.session(tenant.id) as db:
        assert max(db.scalars(select(AgentStateChange.ts_ms))) <= ms("2024-07-17 12:00")
        assert realtime_demo.replay_day(db, __import__("datetime").date(2024, 7, 16)) == 0  # idempotent
    assert _count(database, tenant.id) == count
    days = ok(admin_client.get(ADHERENCE, params={"date": "2024-07-16", "pageSize": 200}))
    worked = [d for d in days if d["scheduledInServiceSeconds"]]
    assert len(worked) >= 10
    adherence = sorted(d["scheduleAdherence"] for d in worked)
    assert adherence[len(adherence) // 2] >= 80  # mostly adherent
    assert all(d["scheduleConformity"] > 50 for d in worked)
    late_returns = [x for d in worked for x in d["details"]
                    if x["scheduledActivityType"] in ("in_service", "in_service_msg")
                    and x["actuals"] and x["actuals"][0]["actualAgentState"] == "NOT_READY_BUSY"
                    and x["outOfAdherenceSeconds"] >= 180]
    assert late_returns


def test_the_demo_feed_command(tmp_path, capsys):
    from openwfo.cli import main

    assert main(["demo-feed", "--date", "July 16th", "--data-dir", str(tmp_path)]) == 2
    assert main(["demo-feed", "--date", "2024-07-16", "--data-dir", str(tmp_path), "--tenant", "Nobody"]) == 1
    assert "No tenant named 'Nobody'" in capsys.readouterr().err
