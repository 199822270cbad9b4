"""Intraday: the reforecast from today's interval history, requirement vs. scheduled vs. available per
interval (real-time states, absent agents), and suggested break moves and overtime closing gaps;
virtual-queue and multi-skill group requirements."""

from __future__ import annotations

import datetime as dt

import pytest

from openwfo.kit.clock import clock
from openwfo.models import AgentStateChange, HistoricalInterval, Tenant
from openwfo.planning import erlang
from openwfo.planning.intraday import service as intraday
from openwfo.planning.staffing.service import Volume
from openwfo.scheduling.agent_states.states import LOGOUT, NOT_READY, READY
from openwfo.scheduling.historical.service import local_start
from openwfo.scheduling.schedules import days
from openwfo.scheduling.schedules import repository as sched_repo

from ..scheduling.helpers import acd_server, create_queue, ok, skill_mapping
from .helpers import store_ready_forecast, zone_of

DAY = dt.date(2026, 3, 4)  # a Wednesday
AHT = 1800.0


def contacts_for(agents: int) -> float:
    """The largest volume (of 0.1 steps, AHT 30 min, 30-minute intervals) that 80/20 staffs with `agents`."""
    c = 0.1
    while erlang.agents_needed(c + 0.1, AHT, 1800, 80, 20).agents <= agents:
        c += 0.1
    assert erlang.agents_needed(c, AHT, 1800, 80, 20).agents == agents
    return round(c, 1)


def at(zone, hour: float) -> int:
    return local_start(DAY, int(hour * 60), zone)


def store_forecast(app, tenant_id, queue_id, contacts_by_half_hour: dict[int, float], aht=AHT):
    intervals = [(DAY, s * 30, c, aht) for s, c in contacts_by_half_hour.items()]
    store_ready_forecast(app, tenant_id, queue_id, DAY, DAY, intervals)


def store_history(app, tenant_id, queue_id, received_by_half_hour: dict[int, int], aht=AHT):
    with app.state.database.session(tenant_id) as db:
        zone = days.zone(db.get(Tenant, tenant_id).time_zone)
        for s, n in received_by_half_hour.items():
            db.add(
                HistoricalInterval(
                    service_queue_id=queue_id,
                    start_ms=local_start(DAY, s * 30, zone),
                    local_date=DAY,
                    period_minute=s * 30,
                    received_calls=n,
                    handled_calls=n,
                    avg_talk_s=aht - 60,
                    avg_acw_s=60,
                )
            )


def shift(person_id, zone, queue_id, start=8, end=17, away=()):
    """In service start..end on the queue around (type, from hour, to hour) breaks."""
    rows, t = [], start
    for kind, lo, hi in sorted(away, key=lambda a: a[1]):
        rows.append(("in_service", t, lo))
        rows.append((kind, lo, hi))
        t = hi
    rows.append(("in_service", t, end))
    out = []
    for kind, lo, hi in rows:
        r = {
            "person_id": person_id,
            "shift_date": DAY,
            "activity_type": kind,
            "start_ms": at(zone, lo),
            "end_ms": at(zone, hi),
            "paid": kind != "lunch",
            "detail_name": kind,
        }
        if kind == "in_service":
            r["service_queue_id"] = queue_id
        out.append(r)
    return out


def test_reforecast_shrinks_the_observed_ratio_towards_one():
    now = 12 * 3_600_000
    step = 30 * 60_000
    fc = [Volume(i * step, DAY, i * 30, 10.0, 300.0) for i in range(48)]
    assert intraday.reforecast(fc, {}, 30, now).ratio == 1.0  # nothing observed: the forecast stands
    # 12 half hours observed at twice the forecast (AHT 10 % longer)
    seen = {i * step: (20.0, 20.0, 330.0) for i in range(12)}
    r = intraday.reforecast(fc, seen, 30, now)
    w = [0.5 ** ((now - (i + 1) * step) / (120 * 60_000)) for i in range(12)]
    w = [x * 12 / sum(w) for x in w]  # scaled to average 1
    assert r.ratio == pytest.approx((30 + 20 * sum(w)) / (30 + 10 * sum(w)))
    assert 1.5 < r.ratio < 2 and r.observed == 12 and r.actual_contacts == 240
    assert r.aht_ratio == pytest.approx((30 + 1.1 * 20 * sum(w)) / (30 + 20 * sum(w)))
    by_start = {v.start_ms: v for v in r.rows}
    assert by_start[0].contacts == 20 and by_start[0].aht_s == 330  # observed intervals keep what arrived
    assert by_start[30 * step].contacts == pytest.approx(10 * r.ratio)
    assert by_start[30 * step].aht_s == pytest.approx(300 * r.aht_ratio)
    # Ten times the volume: the same doubling is believed almost fully.
    fc10 = [Volume(v.start_ms, DAY, v.period_minute, 100.0, 300.0) for v in fc]
    r10 = intraday.reforecast(fc10, {s: (200.0, 200.0, 300.0) for s in seen}, 30, now)
    assert r10.ratio > r.ratio and r10.ratio == pytest.approx(2, abs=0.05)


def test_intraday_reforecast_from_todays_history(admin_client, app, tenant):
    acd = acd_server(admin_client)
    q = create_queue(admin_client, acdServerId=acd, name="Intraday Sales")
    zone = zone_of(app, tenant.id)
    store_forecast(app, tenant.id, q["id"], {s: 2.0 for s in range(16, 36)})  # 08:00-18:00
    store_history(app, tenant.id, q["id"], {s: 4 for s in range(16, 24)})  # 08:00-12:00 at twice the forecast
    clock.freeze(at(zone, 12.25))
    out = ok(admin_client.get("/api/rest/planning/intraday", params={"serviceQueueId": q["id"]}))
    assert out["date"] == DAY.isoformat()
    qd = out["queues"][0]
    rf = qd["reforecast"]
    assert rf["observedIntervals"] == 8 and rf["actualContacts"] == 32 and rf["forecastContacts"] == 16
    assert 1.3 < rf["volumeRatio"] < 2
    rows = {r["startTime"]: r for r in qd["intervals"]}
    past, current, future = rows[at(zone, 11.5)], rows[at(zone, 12)], rows[at(zone, 15)]
    assert past["status"] == "past" and past["actualContacts"] == 4 and past["reforecastContacts"] == 4
    assert current["status"] == "current" and current["actualContacts"] is None
    assert future["status"] == "future" and future["reforecastContacts"] == pytest.approx(
        2 * rf["volumeRatio"], abs=1e-3
    )
    assert future["forecastContacts"] == 2.0
    assert future["reforecastRequired"] > future["required"]
    assert future["required"] == erlang.agents_needed(2.0, AHT, 1800, 80, 20).agents
    # Nobody is scheduled: the whole requirement is the gap, and there is nothing to move.
    assert future["scheduled"] == 0 and future["gap"] == future["reforecastRequired"]
    assert out["suggestions"] == []
    # Another day: nothing observed, the forecast stands.
    other = ok(
        admin_client.get(
            "/api/rest/planning/intraday", params={"serviceQueueId": q["id"], "date": "2026-03-03"}
        )
    )
    assert other["queues"][0]["intervals"] == [] and other["queues"][0]["reforecast"]["volumeRatio"] == 1.0


def test_available_agents_and_suggested_moves_close_gaps(admin_client, app, tenant, factory):
    acd = acd_server(admin_client)
    q = create_queue(admin_client, acdServerId=acd, name="Intraday Care")
    zone = zone_of(app, tenant.id)
    two, four = contacts_for(2), contacts_for(4)
    # Two agents needed all day, four 13:00-14:00, two more 17:00-18:00 (after every shift ends).
    volume = {s: two for s in range(16, 36)}
    volume.update({26: four, 27: four})
    store_forecast(app, tenant.id, q["id"], volume)
    store_history(
        app, tenant.id, q["id"], {s: 0 for s in range(16, 22)}
    )  # 08:00-11:00: quieter than forecast
    agents = [factory.person(tenant.id, enabled_for_scheduling=True, first_name=f"A{i}") for i in range(5)]
    skill_mapping(admin_client, services=[{"id": q["id"]}], agents=[{"id": p.id} for p in agents])
    rows = shift(agents[0].id, zone, q["id"], away=[("break", 13, 13.25)])
    rows += shift(agents[1].id, zone, q["id"], away=[("lunch", 13, 13.5)])
    rows += shift(agents[2].id, zone, q["id"])
    rows += shift(agents[3].id, zone, q["id"])
    rows += shift(agents[4].id, zone, q["id"])  # never logs in: absent
    with app.state.database.session(tenant.id) as db:
        sched_repo.insert_activities(db, rows)
        for p in agents[:4]:
            db.add(AgentStateChange(person_id=p.id, ts_ms=at(zone, 7.9), state=READY, received_ms=0))
        # agent 2 is away from the phones 09:00-09:30
        db.add(AgentStateChange(person_id=agents[2].id, ts_ms=at(zone, 9), state=NOT_READY, received_ms=0))
        db.add(AgentStateChange(person_id=agents[2].id, ts_ms=at(zone, 9.5), state=READY, received_ms=0))
        db.add(AgentStateChange(person_id=agents[4].id, ts_ms=at(zone, 7), state=LOGOUT, received_ms=0))
    clock.freeze(at(zone, 11))
    out = ok(
        admin_client.get(
            "/api/rest/planning/intraday",
            params={"serviceQueueId": q["id"], "breakWindowMinutes": 60, "maxOvertimeMinutes": 60},
        )
    )
    qd = out["queues"][0]
    assert qd["absentAgentIds"] == [agents[4].id] and qd["agentsAvailableNow"] == 4
    rows = {r["startTime"]: r for r in qd["intervals"]}
    assert rows[at(zone, 8.5)]["available"] == 4 and rows[at(zone, 8.5)]["scheduled"] == 5
    assert rows[at(zone, 9)]["available"] == 3  # agent 2 not ready the whole half hour
    # The quiet morning lowers the rest of the day's forecast only a little (the prior holds it).
    assert qd["reforecast"]["volumeRatio"] < 1
    req13 = rows[at(zone, 13)]["reforecastRequired"]
    assert rows[at(zone, 13)]["scheduled"] == 5 - 1.5 and rows[at(zone, 13)]["available"] == 4 - 1.5
    assert rows[at(zone, 15)]["available"] == 4 and rows[at(zone, 15)]["scheduled"] == 5

    s = out["suggestions"]
    moves = [x for x in s if x["kind"] == "moveBreak"]
    # The lunch (two quarters in the busy half hour) moves before the break; both to quieter times.
    assert [x["agentId"] for x in moves] == [agents[1].id, agents[0].id]
    lunch, brk = moves
    assert lunch["activityType"] == "lunch" and lunch["fromStartTime"] == at(zone, 13)
    assert lunch["endTime"] - lunch["startTime"] == 30 * 60_000
    assert not (at(zone, 13) <= lunch["startTime"] < at(zone, 14))  # out of the busy hour
    assert abs(lunch["startTime"] - at(zone, 13)) <= 60 * 60_000
    assert (
        lunch["closes"][0]["startTime"] == at(zone, 13)
        and lunch["closes"][0]["gapAfter"] < lunch["closes"][0]["gapBefore"]
    )
    assert brk["activityType"] == "break" and brk["closes"][0]["startTime"] == at(zone, 13)
    assert rows[at(zone, 13)]["gapAfterSuggestions"] == pytest.approx(req13 - 4)
    # Overtime after the shifts for the evening's two agents (skilled, present, not the absent one).
    overtime = [x for x in s if x["kind"] == "overtime"]
    assert len(overtime) >= 2 and all(
        x["side"] == "after" and x["startTime"] == at(zone, 17) for x in overtime
    )
    assert all(x["agentId"] != agents[4].id for x in overtime)
    assert all(x["closes"] and x["closes"][0]["startTime"] == at(zone, 17) for x in overtime)
    assert rows[at(zone, 17)]["gapAfterSuggestions"] < rows[at(zone, 17)]["gap"]
    # Every suggestion removes understaffing.
    assert all(x["understaffingRemovedFteHours"] > 0 for x in s)
    # Asked for none: none.
    none = ok(
        admin_client.get(
            "/api/rest/planning/intraday", params={"serviceQueueId": q["id"], "maxSuggestions": 0}
        )
    )
    assert none["suggestions"] == []


def test_intraday_refusals(admin_client, new_client, tenant, factory):
    acd = acd_server(admin_client)
    q = create_queue(admin_client, acdServerId=acd)
    r = admin_client.get("/api/rest/planning/intraday", params={"serviceQueueId": 999_999})
    assert r.status_code == 404 and r.json()["errorMessage"]
    r = admin_client.get("/api/rest/planning/intraday", params={"serviceQueueId": q["id"], "date": "someday"})
    assert r.status_code == 400
    r = admin_client.get(
        "/api/rest/planning/intraday", params={"serviceQueueId": q["id"], "date": "9999-12-31"}
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "date"
    agent = factory.person(tenant.id)
    c = new_client()
    factory.login(c, agent.email, tenant_id=tenant.id)
    assert c.get("/api/rest/planning/intraday", params={"serviceQueueId": q["id"]}).status_code == 403


def test_virtual_queue_and_group_requirements(admin_client, app, tenant):
    acd = acd_server(admin_client)
    a = create_queue(admin_client, acdServerId=acd, name="Source A")
    b = create_queue(admin_client, acdServerId=acd, name="Source B")
    v = create_queue(
        admin_client,
        acdServerId=acd,
        name="Virtual AB",
        virtual=True,
        virtualServices=[
            {"id": a["id"], "hourGap": 0, "ratio": 0},
            {"id": b["id"], "hourGap": 0, "ratio": 0},
        ],
    )
    store_forecast(app, tenant.id, a["id"], {20: 3.0, 21: 1.0})
    store_forecast(app, tenant.id, b["id"], {20: 2.0, 22: 4.0}, aht=900.0)
    params = {"fromDate": DAY.isoformat(), "toDate": DAY.isoformat()}
    got = ok(
        admin_client.get(
            "/api/rest/planning/staffing/requirements",
            params={**params, "serviceQueueId": [v["id"], a["id"], b["id"]]},
        )
    )
    by_id = {g["serviceQueueId"]: g for g in got}
    assert by_id[v["id"]]["virtualSourceIds"] == sorted([a["id"], b["id"]])
    vi = {i["startTime"]: i for i in by_id[v["id"]]["intervals"]}
    zone = zone_of(app, tenant.id)
    first = vi[at(zone, 10)]
    assert first["contacts"] == 5.0 and first["aht"] == pytest.approx((3 * 1800 + 2 * 900) / 5)
    pooled = erlang.agents_needed(5.0, (3 * 1800 + 2 * 900) / 5, 1800, 80, 20).agents
    assert first["required"] == pooled
    own = {g: {i["startTime"]: i["required"] for i in by_id[g]["intervals"]} for g in (a["id"], b["id"])}
    assert pooled <= own[a["id"]][at(zone, 10)] + own[b["id"]][at(zone, 10)]  # pooling needs no more
    assert vi[at(zone, 11)]["contacts"] == 4.0 and vi[at(zone, 10.5)]["contacts"] == 1.0
    # A multi-skill group over A and B: its requirement is its queues' pooled shares summed.
    g = ok(
        admin_client.post(
            "/api/rest/scheduling/multiSkillGroup",
            json={"name": "AB", "services": [{"id": a["id"], "priority": 0}, {"id": b["id"], "priority": 1}]},
        )
    )
    grp = ok(
        admin_client.get(
            "/api/rest/planning/staffing/group-requirements", params={**params, "multiSkillGroupId": g["id"]}
        )
    )[0]
    assert grp["serviceQueueIds"] == sorted([a["id"], b["id"]]) and grp["intervalMinutes"] == 30
    gi = {i["startTime"]: i for i in grp["intervals"]}
    assert gi[at(zone, 10)]["contacts"] == 5.0 and gi[at(zone, 10)]["agents"] == pytest.approx(
        pooled, abs=1e-3
    )
    assert (
        admin_client.get(
            "/api/rest/planning/staffing/group-requirements", params={**params, "multiSkillGroupId": 999_999}
        ).status_code
        == 404
    )


def test_intraday_of_a_virtual_queue_reads_its_sources(admin_client, app, tenant):
    acd = acd_server(admin_client)
    a = create_queue(admin_client, acdServerId=acd, name="Intraday Source A")
    b = create_queue(admin_client, acdServerId=acd, name="Intraday Source B")
    links = [{"id": q["id"], "hourGap": 0, "ratio": 0} for q in (a, b)]
    v = create_queue(
        admin_client, acdServerId=acd, name="Intraday Virtual", virtual=True, virtualServices=links
    )
    zone = zone_of(app, tenant.id)
    store_forecast(app, tenant.id, a["id"], {s: 2.0 for s in range(16, 36)})
    store_forecast(app, tenant.id, b["id"], {s: 1.0 for s in range(16, 36)})
    store_history(app, tenant.id, a["id"], {s: 3 for s in range(16, 20)})  # 08:00-10:00
    store_history(app, tenant.id, b["id"], {s: 2 for s in range(16, 20)})
    clock.freeze(at(zone, 10))
    out = ok(admin_client.get("/api/rest/planning/intraday", params={"serviceQueueId": v["id"]}))
    qd = out["queues"][0]
    assert qd["virtualSourceIds"] == sorted([a["id"], b["id"]])
    assert qd["reforecast"]["observedIntervals"] == 4
    assert qd["reforecast"]["actualContacts"] == 20 and qd["reforecast"]["forecastContacts"] == 12
    rows = {r["startTime"]: r for r in qd["intervals"]}
    assert rows[at(zone, 8)]["forecastContacts"] == 3.0 and rows[at(zone, 8)]["actualContacts"] == 5
    ratio = qd["reforecast"]["volumeRatio"]
    assert ratio == pytest.approx((30 + 20) / (30 + 12), abs=1e-4)  # equal weights average 1
    assert rows[at(zone, 12)]["reforecastContacts"] == pytest.approx(3.0 * ratio, abs=1e-3)
