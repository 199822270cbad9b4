"""Schedule generation on small cases with a known best answer: shift length, breaks and lunch,
skills, scheduling order, approved exceptions, weekly hours; proposal, discard, publish, and the
published shifts in Shifts by Agent, Schedule for Timespan and Agents Scheduled by Service Queue."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from openwfo.kit.clock import now_ms
from openwfo.models import ExceptionRequest, Tenant
from openwfo.planning.generation import engine
from openwfo.scheduling.historical.service import local_start
from openwfo.scheduling.schedules import days

from ..scheduling.helpers import acd_server, create_queue, ok, skill_mapping
from .helpers import store_ready_forecast, zone_of
from .test_forecast import wait_job

MONDAY = dt.date(2026, 3, 2)


def store_forecast(app, tenant_id, queue_id, per_day: dict[dt.date, range], contacts=0.5, aht=1800.0):
    """A ready forecast whose intervals need exactly 2 agents (0.5 contacts of 30 minutes each: 80/20 needs 2)."""
    intervals = [(day, s * 30, contacts, aht) for day, slots in per_day.items() for s in slots]
    store_ready_forecast(app, tenant_id, queue_id, min(per_day), max(per_day), intervals)


def generated(client, queue_id, first: dt.date, last: dt.date, **body):
    """A generation run of the queue over first..last (2-second limit) that succeeded, as read back."""
    job = ok(
        client.post(
            "/api/rest/planning/generation",
            json={
                "serviceQueueIds": [queue_id],
                "fromDate": first.isoformat(),
                "toDate": last.isoformat(),
                "timeLimitSeconds": 2,
                **body,
            },
        )
    )
    done = wait_job(client, job["id"])
    assert done["status"] == "succeeded", done
    return ok(client.get(f"/api/rest/planning/generation/{job['id']}"))


def test_engine_known_optimum():
    # Two agents needed 08:00-16:30 on one day; three agents: the first two in order get it, the third is off.
    req = np.zeros((1, 96))
    req[0, 32:66] = 2
    shifts, scheduled, off = engine.generate(
        req, {MONDAY: (0, 96)}, [engine.Agent(i, [0], 40) for i in (1, 2, 3)]
    )
    assert [(s.agent, s.start) for s in shifts] == [(0, 32), (1, 32)]
    assert off[2] == {"no useful coverage": 1}
    t = engine.template(8)
    assert len(t) == 34 and t.sum() == 30  # 8 h paid + 30 min lunch, two 15-minute breaks
    assert scheduled[0, 32:66].tolist() == (2 * t).tolist() and scheduled[0, :32].sum() == 0
    # Skills: an agent only works its queues; weekly hours cap the days; unavailable dates are skipped.
    req2 = np.zeros((2, 96 * 3))
    for d in range(3):
        req2[1, d * 96 + 32 : d * 96 + 66] = 1
    day_slots = {MONDAY + dt.timedelta(days=d): (d * 96, d * 96 + 96) for d in range(3)}
    a = engine.Agent(1, [0], 40)  # cannot work queue 1
    b = engine.Agent(2, [1], 16, unavailable={MONDAY + dt.timedelta(days=1)})
    shifts, _, off = engine.generate(req2, day_slots, [a, b])
    assert all(s.agent == 1 and s.queue == 1 for s in shifts) and len(shifts) == 2
    assert {s.day for s in shifts} == {MONDAY, MONDAY + dt.timedelta(days=2)}
    assert off[0] == {"no useful coverage": 3}
    # Rest between shifts: a late shift then an early one the next day is not allowed with 11 hours' rest.
    req3 = np.zeros((1, 192))
    req3[0, 60:94] = 1  # Monday 15:00-23:30
    req3[0, 96 + 24 : 96 + 58] = 1  # Tuesday 06:00-14:30
    shifts, _, off = engine.generate(
        req3, {MONDAY: (0, 96), MONDAY + dt.timedelta(days=1): (96, 192)}, [engine.Agent(1, [0], 40)]
    )
    # (after 11 hours' rest Tuesday's shift could start at 10:30 at the earliest: under half of it useful)
    assert len(shifts) == 1 and off[0] == {"no useful coverage": 1}
    shifts, _, _ = engine.generate(
        req3,
        {MONDAY: (0, 96), MONDAY + dt.timedelta(days=1): (96, 192)},
        [engine.Agent(1, [0], 40)],
        rest_hours=0,
    )
    assert [s.start for s in shifts] == [60, 96 + 24]


def test_generate_inspect_discard_publish_and_reads(admin_client, app, tenant, factory):
    acd = acd_server(admin_client)
    q = create_queue(admin_client, acdServerId=acd, name="Generated Sales")
    other = create_queue(admin_client, acdServerId=acd, name="Unskilled")
    persons = [
        factory.person(tenant.id, enabled_for_scheduling=True, rank=r, first_name=f"R{r}")
        for r in (3, 1, 2, 4)
    ]
    skilled = persons[:3]
    skill_mapping(admin_client, services=[{"id": q["id"]}], agents=[{"id": p.id} for p in skilled])
    skill_mapping(admin_client, services=[{"id": other["id"]}], agents=[{"id": persons[3].id}])
    tuesday = MONDAY + dt.timedelta(days=1)
    store_forecast(app, tenant.id, q["id"], {MONDAY: range(16, 33), tuesday: range(16, 33)})
    with app.state.database.session(tenant.id) as db:  # rank 1 has an approved day off on Tuesday
        db.add(
            ExceptionRequest(
                person_id=persons[1].id,
                shift_date=tuesday,
                start_ms=0,
                end_ms=1,
                status="approved",
                created_ms=now_ms(),
            )
        )

    def run():
        # the known optimum below is that of 8-hour shifts (the default offers 6, 8 and 10)
        return generated(admin_client, q["id"], MONDAY, tuesday, shiftLengths=[8])

    job = run()
    p = job["result"]
    assert p["state"] == "proposed"
    by_day = {}
    for s in p["shifts"]:
        by_day.setdefault(s["date"], []).append(s["agentId"])
    # Monday: ranks 1 and 2; Tuesday: rank 1 is off, so ranks 2 and 3. The unskilled agent never.
    assert sorted(by_day[MONDAY.isoformat()]) == sorted([persons[1].id, persons[2].id])
    assert sorted(by_day[tuesday.isoformat()]) == sorted([persons[2].id, persons[0].id])
    shift = p["shifts"][0]
    assert [a["activityType"] for a in shift["activities"]] == [
        "in_service",
        "break",
        "in_service",
        "lunch",
        "in_service",
        "break",
        "in_service",
    ]
    assert shift["endTime"] - shift["startTime"] == 8.5 * 3600_000
    # Every required interval covered by 2 except the break and lunch quarters: under-staffing is exactly those.
    assert (
        p["overStaffedFteHours"] == 0 and p["underStaffedFteHours"] == 4.0 and p["requiredFteHours"] == 34.0
    )
    cov = p["coverage"][0]["intervals"]
    assert len(cov) == 34 and all(c["required"] == 2 for c in cov)
    agents = {a["agentId"]: a for a in p["agents"]}
    assert agents[persons[1].id]["order"] == 1 and agents[persons[1].id]["daysOff"] == {
        "unavailable (approved exception)": 1
    }
    assert persons[3].id not in agents

    # Discard: closed, cannot be published.
    assert ok(admin_client.post(f"/api/rest/planning/generation/{job['id']}/discard")) == {
        "state": "discarded"
    }
    assert admin_client.post(f"/api/rest/planning/generation/{job['id']}/publish").status_code == 409

    job = run()
    out = ok(admin_client.post(f"/api/rest/planning/generation/{job['id']}/publish"))
    assert (
        out["state"] == "published" and out["agents"] == 3 and out["dates"] == 4 and out["activities"] == 28
    )
    assert admin_client.post(f"/api/rest/planning/generation/{job['id']}/publish").status_code == 409

    shifts = ok(
        admin_client.get(
            f"/api/rest/scheduling/schedule/activity/detail/by/agent/{persons[2].id}",
            params={"fromDate": MONDAY.isoformat(), "toDate": tuesday.isoformat()},
        )
    )
    acts = {d["date"]: d["scheduledActivities"] for d in shifts["activitiesByDate"]}
    assert len(acts[MONDAY.isoformat()]) == 7 and len(acts[tuesday.isoformat()]) == 7
    span = ok(
        admin_client.post(
            "/api/rest/scheduling/schedule/for/timespan",
            params={"fromTimestamp": p["shifts"][0]["startTime"], "toTimestamp": p["shifts"][0]["endTime"]},
            json={"agentIds": [persons[1].id, persons[2].id]},
        )
    )
    assert len(span) == 2
    staffed = ok(
        admin_client.post(
            "/api/rest/scheduling/agents/scheduled/by/servicequeue",
            json={
                "serviceQueueIds": [q["id"]],
                "interval": 30,
                "fromDate": MONDAY.isoformat(),
                "toDate": MONDAY.isoformat(),
            },
        )
    )
    intervals = staffed[0]["agentsScheduledByDate"][0]["intervals"]
    peak = [i["agentsScheduled"] for i in intervals if i["agentsScheduled"] > 0]
    assert len(peak) == 16 and max(peak) == 2.0  # 08:00-16:30 but the shared lunch half hour (12:00)


def test_generation_refusals(admin_client):
    r = admin_client.post(
        "/api/rest/planning/generation",
        json={"fromDate": "2026-03-02", "toDate": "2026-05-01", "paidHours": 2},
    )
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"toDate", "paidHours", "serviceQueueIds"}
    r = admin_client.post(
        "/api/rest/planning/generation",
        json={
            "fromDate": "2026-03-02",
            "toDate": "2026-03-08",
            "serviceQueueIds": [],
            "method": "magic",
            "timeLimitSeconds": 0.5,
            "shiftLengths": [8, 3.3],
            "underWeight": 0.5,
        },
    )
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {
        "method",
        "timeLimitSeconds",
        "shiftLengths",
        "underWeight",
        "serviceQueueIds",
    }
    assert admin_client.get("/api/rest/planning/generation/999999").status_code == 404


def test_requirements_of_a_non_interactive_queue(admin_client, app, tenant):
    """Email (non-interactive): the workload model, closed-hours work spread evenly, the handling threshold."""
    q = create_queue(
        admin_client,
        acdServerId=acd_server(admin_client),
        type=2,
        serviceLevelObjectivePercent=100,
        serviceLevelObjectiveSeconds=None,
        closedHoursRedistributionType=2,
        handlingThreshold=60,
    )
    # 07:00 is before opening (08:00-18:00)
    store_ready_forecast(
        app, tenant.id, q["id"], MONDAY, MONDAY, [(MONDAY, 7 * 60, 4, 360.0), (MONDAY, 8 * 60, 10, 360.0)]
    )
    zone = zone_of(app, tenant.id)
    [need] = ok(
        admin_client.get(
            "/api/rest/planning/staffing/requirements",
            params={
                "serviceQueueId": [q["id"]],
                "fromDate": MONDAY.isoformat(),
                "toDate": MONDAY.isoformat(),
            },
        )
    )
    by_start = {r["startTime"]: r for r in need["intervals"]}
    seven, eight, half_past = (local_start(MONDAY, m, zone) for m in (420, 480, 510))
    assert (
        by_start[seven]["contacts"] == 4 and by_start[seven]["agents"] == 0
    )  # closed: its work moves into opening hours
    assert sum(r["agents"] for r in need["intervals"]) * 1800 == pytest.approx(4 * 360 + 10 * 360)
    # 08:00's 3,600 s of work spread over 08:00 and 08:30 (60-minute threshold), plus the closed-hours share.
    assert by_start[eight]["agents"] == pytest.approx(1.0 + 72 / 1800 / 2, abs=1e-3)
    assert by_start[half_past]["agents"] == pytest.approx(1.0 + 72 / 1800, abs=1e-3)
    assert all(r["serviceLevel"] is None for r in need["intervals"])


def test_local_search_staggers_and_drops():
    # Greedy puts both agents at 08:00 (same gain); the requirement is 1 at 08:00-16:30 and 1 at 10:00-18:30,
    # so the second belongs two hours later; an agent with no useful place is dropped.
    req = np.zeros((1, 96))
    req[0, 32:66] += 1
    req[0, 40:74] += 1
    t = engine.template(8)
    agents = [engine.Agent(i, [0], 40) for i in (1, 2, 3)]
    scheduled = np.zeros_like(req)
    shifts = [engine.Shift(i, MONDAY, 0, 32, 0.0) for i in range(3)]
    for _ in shifts:
        scheduled[0, 32:66] += t
    before = np.abs(req - scheduled).sum()
    kept, changes = engine.improve(req, scheduled, shifts, agents, {MONDAY: (0, 96)})
    assert sorted(s.start for s in kept) == [32, 40] and changes == 2
    assert np.abs(req - scheduled).sum() < before
    expected = np.zeros_like(req)
    for s in kept:
        expected[0, s.start : s.start + len(t)] += t
    assert np.array_equal(expected, scheduled)


def test_cancel(admin_client, app, tenant):
    from openwfo.jobs.runner import run_job
    from openwfo.models import Job

    req = np.ones((1, 96))
    with pytest.raises(engine.Stopped):
        engine.generate(req, {MONDAY: (0, 96)}, [engine.Agent(1, [0], 40)], should_stop=lambda: True)
    with app.state.database.session(tenant.id) as db:  # a run held by another worker (its lease an hour long)
        job = Job(
            kind="planning.generate",
            payload={"queueIds": [], "agentIds": [], "fromDate": "2026-03-02", "toDate": "2026-03-02"},
            status="running",
            progress=5,
            tenant_id=tenant.id,
            attempts=1,
            created_ms=now_ms(),
            lease_until_ms=now_ms() + 3_600_000,
        )
        db.add(job)
        db.flush()
        job_id = job.id
    out = ok(admin_client.post(f"/api/rest/planning/generation/{job_id}/cancel"))
    assert out["status"] == "failed" and out["error"] == "canceled" and out["result"] == {"state": "canceled"}
    assert run_job(app.state.database, job_id) == "failed"  # not started again
    assert admin_client.post(f"/api/rest/planning/generation/{job_id}/cancel").status_code == 409
    assert admin_client.post(f"/api/rest/planning/generation/{job_id}/publish").status_code == 409


@pytest.mark.parametrize("method", ["greedy", "optimiser"])
def test_shifts_dated_in_the_agents_zone(admin_client, app, tenant, factory, method):
    # The requirement is Monday 18:00 to Tuesday 02:30 in the tenant's zone: the one shift starts at
    # 18:00 there, which is Tuesday 00:00 for an agent in London — its date is Tuesday, in the proposal,
    # as published, and in Shifts by Agent.
    with app.state.database.session(tenant.id) as db:
        db.get(Tenant, tenant.id).time_zone = "America/Chicago"
    acd = acd_server(admin_client)
    q = create_queue(admin_client, acdServerId=acd, name=f"Evening {method}")
    london = factory.person(
        tenant.id, enabled_for_scheduling=True, time_zone="Europe/London", first_name="Lon"
    )
    skill_mapping(admin_client, services=[{"id": q["id"]}], agents=[{"id": london.id}])
    tuesday = MONDAY + dt.timedelta(days=1)
    store_forecast(app, tenant.id, q["id"], {MONDAY: range(36, 48), tuesday: range(0, 5)}, contacts=0.2)
    job = generated(admin_client, q["id"], MONDAY, tuesday, method=method)
    p = job["result"]
    assert len(p["shifts"]) == 1
    shift = p["shifts"][0]
    chicago = days.zone("America/Chicago")
    assert days.local_datetime(shift["startTime"], chicago) == dt.datetime(2026, 3, 2, 18, 0, tzinfo=chicago)
    assert shift["date"] == tuesday.isoformat()
    out = ok(admin_client.post(f"/api/rest/planning/generation/{job['id']}/publish"))
    assert out["state"] == "published" and out["dates"] == 1
    read = ok(
        admin_client.get(
            f"/api/rest/scheduling/schedule/activity/detail/by/agent/{london.id}",
            params={"fromDate": MONDAY.isoformat(), "toDate": tuesday.isoformat()},
        )
    )
    dated = {
        d["date"]: d["scheduledActivities"] for d in read["activitiesByDate"] if d["scheduledActivities"]
    }
    assert list(dated) == [tuesday.isoformat()] and len(dated[tuesday.isoformat()]) == 7
