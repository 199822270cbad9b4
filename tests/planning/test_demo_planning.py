"""The demo's planning: forecasts of this week and next, and a generated schedule for them published
through the generation service, visible in Shifts by Agent and Schedule for Timespan."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from openwfo.demo import SEEDERS
from openwfo.demo import historical as demo_history
from openwfo.demo import org as org_demo
from openwfo.demo import planning as demo_planning
from openwfo.demo import realtime as demo_realtime
from openwfo.demo import schedules as demo_schedules
from openwfo.demo import wfm as wfm_demo
from openwfo.kit.clock import clock, now_ms
from openwfo.models import ExceptionRequest, Job, Person, ScheduleActivity, Tenant
from openwfo.scheduling.schedules import days

from ..scheduling.helpers import ok


def test_planning_seeder_order():
    assert SEEDERS.index(demo_history.seed) < SEEDERS.index(demo_planning.seed)
    assert (
        SEEDERS.index(demo_schedules.seed)
        < SEEDERS.index(demo_planning.seed)
        < SEEDERS.index(demo_realtime.seed)
    )


def test_demo_gets_a_generated_published_fortnight(admin_client, app, tenant):
    clock.freeze()  # one "now" for the seeding and the intraday view
    database = app.state.database
    for seeder in (
        org_demo.seed,
        wfm_demo.seed,
        demo_schedules.seed,
        demo_history.seed,
        demo_planning.seed,
        demo_planning.seed,
    ):  # the last: once per fortnight
        with database.session(tenant.id) as db:
            seeder(db, db.get(Tenant, tenant.id))
    with database.session(tenant.id) as db:
        zone = days.zone(db.get(Tenant, tenant.id).time_zone)
        today = days.local_date(now_ms(), zone)
        monday = today - dt.timedelta(days=today.weekday())
        [job] = list(
            db.scalars(select(Job).where(Job.tenant_id == tenant.id, Job.kind == "planning.generate"))
        )
        job_id, result = job.id, job.result
        kept = {
            (r.person_id, r.shift_date)
            for r in db.scalars(select(ExceptionRequest).where(ExceptionRequest.status == "approved"))
        }
        rows = list(
            db.execute(
                select(
                    ScheduleActivity.person_id,
                    ScheduleActivity.shift_date,
                    ScheduleActivity.activity_type,
                    ScheduleActivity.start_ms,
                    ScheduleActivity.end_ms,
                    ScheduleActivity.service_queue_id,
                )
            ).tuples()
        )
        zones = {p: days.zone(z, "UTC") for p, z in db.execute(select(Person.id, Person.time_zone)).tuples()}
        assert db.scalar(select(func.count()).select_from(ScheduleActivity)) == len(rows)
    assert result["state"] == "published" and result["fromDate"] == monday.isoformat()
    assert result["toDate"] == (monday + dt.timedelta(days=13)).isoformat()
    assert len(result["serviceQueueIds"]) >= 5 and len(result["shifts"]) > 100
    # Every generated shift is on the schedule; the hand-made ones gave way
    # (but on a date with an approved exception).
    stored: dict[tuple, list] = {}
    for person, day, kind, start, end, queue in rows:
        stored.setdefault((person, day), []).append((kind, start, end, queue))
    for s in result["shifts"]:
        key = (s["agentId"], dt.date.fromisoformat(s["date"]))
        # dated in the agent's own zone
        assert key[1] == days.local_date(s["startTime"], zones[s["agentId"]])
        assert sorted((a[1], a[2]) for a in stored[key]) == [
            (a["startTime"], a["endTime"]) for a in s["activities"]
        ]
    generated = {(s["agentId"], dt.date.fromisoformat(s["date"])) for s in result["shifts"]}
    considered = {a["agentId"] for a in result["agents"]}
    for person, day in stored:
        if person in considered and monday <= day <= monday + dt.timedelta(days=13):
            assert (person, day) in generated or (person, day) in kept
    # The reads of the reference show it.
    s = next(x for x in result["shifts"] if x["date"] == (monday + dt.timedelta(days=8)).isoformat())
    by_agent = ok(
        admin_client.get(
            f"/api/rest/scheduling/schedule/activity/detail/by/agent/{s['agentId']}",
            params={"fromDate": s["date"], "toDate": s["date"]},
        )
    )
    acts = {d["date"]: d["scheduledActivities"] for d in by_agent["activitiesByDate"]}
    assert len(acts[s["date"]]) == len(s["activities"])
    span = ok(
        admin_client.post(
            "/api/rest/scheduling/schedule/for/timespan",
            params={"fromTimestamp": s["startTime"], "toTimestamp": s["endTime"]},
            json={"agentIds": [s["agentId"]]},
        )
    )
    assert len(span) == 1
    run = ok(admin_client.get(f"/api/rest/planning/generation/{job_id}"))
    assert run["status"] == "succeeded" and run["result"]["state"] == "published"
    # Forecasts cover the fortnight from Monday.
    versions = ok(
        admin_client.get("/api/rest/planning/forecast", params={"serviceQueueId": s["serviceQueueId"]})
    )
    assert [v["fromDate"] for v in versions if v["status"] == "ready"] == [monday.isoformat()]
    # Today's completed half hours have interval history: the intraday view reforecasts from them.
    tech = next(
        q for q in ok(admin_client.get("/api/rest/scheduling/service")) if q["name"] == "Tech Support"
    )
    with database.session(tenant.id) as db:
        now = now_ms()
        done = (now - days.day_start_ms(today, zone)) // 1_800_000
    day = ok(admin_client.get("/api/rest/planning/intraday", params={"serviceQueueId": tech["id"]}))
    assert day["date"] == today.isoformat()
    rf = day["queues"][0]["reforecast"]
    assert rf["observedIntervals"] == done and (rf["actualContacts"] > 0 or done == 0)


def test_demo_keeps_the_hand_made_schedule_when_nothing_can_be_published(app, tenant, monkeypatch):
    from openwfo.errors import BadRequest
    from openwfo.planning.generation import service as generation

    calls = []

    def refuse(db, principal, job_id):
        calls.append(job_id)
        raise BadRequest("refused")

    database = app.state.database
    for seeder in (wfm_demo.seed, demo_schedules.seed, demo_history.seed):
        with database.session(tenant.id) as db:
            seeder(db, db.get(Tenant, tenant.id))
    with database.session(tenant.id) as db:
        before = db.scalar(select(func.count()).select_from(ScheduleActivity))
    monkeypatch.setattr(generation, "publish", refuse)
    with database.session(tenant.id) as db:
        demo_planning.seed(db, db.get(Tenant, tenant.id))
    with database.session(tenant.id) as db:
        assert db.scalar(select(func.count()).select_from(ScheduleActivity)) == before > 0
        [job] = list(
            db.scalars(select(Job).where(Job.tenant_id == tenant.id, Job.kind == "planning.generate"))
        )
        assert job.result["state"] == "discarded" and len(calls) == 2
