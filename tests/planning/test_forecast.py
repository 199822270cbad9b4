"""Forecasts on synthetic history with known daily and weekly seasonality and trend: run as a job,
stored and versioned, accuracy on held-out days, special days, 15-minute intervals from 30-minute
history, edits as new versions, reads per queue and range; staffing requirements from them."""

from __future__ import annotations

import datetime as dt
import math
import time

import pytest

from openwfo.models import Tenant
from openwfo.planning import erlang
from openwfo.scheduling.historical.service import local_start, store_intervals
from openwfo.scheduling.schedules import days

from ..scheduling.helpers import acd_server, create_queue, ok

FIRST = dt.date(2026, 1, 5)  # a Monday
HISTORY_DAYS = 56
FORECAST_FROM = FIRST + dt.timedelta(days=HISTORY_DAYS)  # Monday 2026-03-02
WEEKLY = [1.4, 1.2, 1.1, 1.0, 0.9, 0.5, 0.0]  # Monday .. Sunday (closed)
OPEN_SLOTS = range(16, 36)  # 08:00 .. 18:00 in half hours


def profile(slot: int) -> float:
    weights = {s: math.exp(-((s - 21) / 4) ** 2) + 0.6 * math.exp(-((s - 29) / 3) ** 2) for s in OPEN_SLOTS}
    return weights.get(slot, 0.0) / sum(weights.values())


def expected(day_index: int, slot: int) -> float:
    """Contacts of a day (0 = FIRST) and half-hour slot: 1,000 a day with a 0.4% daily trend."""
    return 1000 * (1 + 0.004 * day_index) * WEEKLY[day_index % 7] * profile(slot)


def seed_history(app, tenant_id: int, queue_id: int, days_: int = HISTORY_DAYS) -> None:
    with app.state.database.session(tenant_id) as db:
        zone = days.zone(db.get(Tenant, tenant_id).time_zone)
        records = []
        for d in range(days_):
            day = FIRST + dt.timedelta(days=d)
            for slot in OPEN_SLOTS:
                n = round(expected(d, slot))
                if n == 0:
                    continue
                records.append({"service_queue_id": queue_id, "start_ms": local_start(day, slot * 30, zone),
                                "local_date": day, "period_minute": slot * 30, "service_name": "Synthetic",
                                "received_calls": n, "handled_calls": n, "abandoned_calls": 0, "transferred_calls": 0,
                                "avg_talk_s": 200.0, "avg_acw_s": 40.0, "imported_ms": 0})
        store_intervals(db, tenant_id, records)


def wait_job(client, job_id, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = ok(client.get(f"/api/rest/jobs/{job_id}"))
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError("job did not finish")


def run_forecast(client, queue_id, **over):
    body = {"serviceQueueId": queue_id, "fromDate": FORECAST_FROM.isoformat(),
            "toDate": (FORECAST_FROM + dt.timedelta(days=6)).isoformat(), "intervalMinutes": 30, "holdoutDays": 7,
            **over}
    created = ok(client.post("/api/rest/planning/forecast", json=body))
    assert created["status"] == "queued" and created["jobId"]
    job = wait_job(client, created["jobId"])
    assert job["status"] == "succeeded", job
    return ok(client.get(f"/api/rest/planning/forecast/{created['id']}"))


@pytest.fixture
def queue(admin_client, app, tenant):
    q = create_queue(admin_client, acdServerId=acd_server(admin_client), talkTime=200, workTime=40)
    seed_history(app, tenant.id, q["id"])
    return q


def test_forecast_recovers_seasonality_and_trend(admin_client, queue):
    f = run_forecast(admin_client, queue["id"])
    assert f["status"] == "ready" and f["version"] == 1 and f["basedOnId"] is None
    assert f["wape"] is not None and f["wape"] < 3 and f["mape"] < 5 and "Holt-Winters" in f["method"]
    rows = ok(admin_client.get(f"/api/rest/planning/forecast/{f['id']}/intervals"))
    by_day: dict[str, float] = {}
    err = total = 0.0
    for r in rows:
        d = (dt.date.fromisoformat(r["date"]) - FIRST).days
        slot = int(r["period"][:2]) * 2 + int(r["period"][3:]) // 30
        err += abs(r["contacts"] - expected(d, slot))
        total += expected(d, slot)
        by_day[r["date"]] = by_day.get(r["date"], 0) + r["contacts"]
        assert r["aht"] == pytest.approx(240, abs=0.01)
        assert slot in OPEN_SLOTS
    assert err / total < 0.03  # interval WAPE against the true curve
    # Weekly shape and the trend continue: Monday > Friday > Saturday, Sunday closed.
    monday, friday, saturday = (by_day[(FORECAST_FROM + dt.timedelta(days=i)).isoformat()] for i in (0, 4, 5))
    assert monday > friday > saturday > 0 and (FORECAST_FROM + dt.timedelta(days=6)).isoformat() not in by_day
    assert monday == pytest.approx(1000 * (1 + 0.004 * HISTORY_DAYS) * 1.4, rel=0.03)


def test_fifteen_minute_intervals_special_days_versions_and_edits(admin_client, queue):
    holiday, busy = FORECAST_FROM + dt.timedelta(days=1), FORECAST_FROM + dt.timedelta(days=2)
    f = run_forecast(admin_client, queue["id"], intervalMinutes=15,
                     specialDays=[{"date": holiday.isoformat(), "factor": 0}, {"date": busy.isoformat(), "factor": 1.5}])
    assert f["version"] == 1 and f["specialDays"] == [{"date": holiday.isoformat(), "factor": 0.0},
                                                       {"date": busy.isoformat(), "factor": 1.5}]
    rows = ok(admin_client.get(f"/api/rest/planning/forecast/service/{queue['id']}", params={"fromDate": FORECAST_FROM.isoformat(), "toDate": busy.isoformat()}))
    assert {r["date"] for r in rows} == {FORECAST_FROM.isoformat(), busy.isoformat()}  # the holiday is closed
    assert {r["period"][3:] for r in rows} == {"00", "15", "30", "45"}
    mon = [r for r in rows if r["date"] == FORECAST_FROM.isoformat()]
    assert len(mon) == 40 and mon[0]["period"] == "08:00" and mon[0]["contacts"] == pytest.approx(mon[1]["contacts"])
    wed_total = sum(r["contacts"] for r in rows if r["date"] == busy.isoformat())
    assert wed_total == pytest.approx(1.5 * 1000 * (1 + 0.004 * (HISTORY_DAYS + 2)) * 1.1, rel=0.04)

    # An edit stores version 2 based on 1; the queue read follows the newest version; version 1 is kept.
    target = mon[4]
    edited = ok(admin_client.put(f"/api/rest/planning/forecast/{f['id']}/intervals",
                                 json={"intervals": [{"startTime": target["startTime"], "contacts": 99.5, "aht": 300}]}))
    assert edited["version"] == 2 and edited["basedOnId"] == f["id"] and edited["edited"] is True
    again = ok(admin_client.get(f"/api/rest/planning/forecast/service/{queue['id']}",
                                params={"fromDate": FORECAST_FROM.isoformat(), "toDate": FORECAST_FROM.isoformat()}))
    changed = next(r for r in again if r["startTime"] == target["startTime"])
    assert changed["contacts"] == 99.5 and changed["aht"] == 300 and len(again) == 40
    old = ok(admin_client.get(f"/api/rest/planning/forecast/{f['id']}/intervals",
                              params={"fromDate": FORECAST_FROM.isoformat(), "toDate": FORECAST_FROM.isoformat()}))
    assert next(r for r in old if r["startTime"] == target["startTime"])["contacts"] == target["contacts"]
    versions = ok(admin_client.get("/api/rest/planning/forecast", params={"serviceQueueId": queue["id"]}))
    assert [v["version"] for v in versions] == [2, 1]

    r = admin_client.put(f"/api/rest/planning/forecast/{f['id']}/intervals",
                         json={"intervals": [{"startTime": target["startTime"] + 60_000, "contacts": 1}]})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "intervals[0].startTime"


def test_refusals(admin_client, queue, app, tenant):
    r = admin_client.post("/api/rest/planning/forecast", json={
        "serviceQueueId": queue["id"], "fromDate": "2026-03-10", "toDate": "2026-03-01", "intervalMinutes": 20,
        "specialDays": [{"date": "x", "factor": 1}]})
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"toDate", "intervalMinutes", "specialDays[0].date"}
    assert admin_client.post("/api/rest/planning/forecast", json={
        "serviceQueueId": 987654321, "fromDate": "2026-03-02", "toDate": "2026-03-02"}).status_code == 404
    closed = create_queue(admin_client, acdServerId=acd_server(admin_client), notAllowForecast=True)
    assert admin_client.post("/api/rest/planning/forecast", json={
        "serviceQueueId": closed["id"], "fromDate": "2026-03-02", "toDate": "2026-03-02"}).status_code == 409
    # No history: the job ends and the forecast says why.
    empty = create_queue(admin_client, acdServerId=acd_server(admin_client))
    created = ok(admin_client.post("/api/rest/planning/forecast", json={
        "serviceQueueId": empty["id"], "fromDate": "2026-03-02", "toDate": "2026-03-02"}))
    wait_job(admin_client, created["jobId"])
    f = ok(admin_client.get(f"/api/rest/planning/forecast/{created['id']}"))
    assert f["status"] == "failed" and "no interval history" in f["error"]


def test_requirements_erlang_factors_and_multi_skill_pool(admin_client, app, tenant):
    acd = acd_server(admin_client)
    a = create_queue(admin_client, acdServerId=acd, talkTime=200, workTime=40, productivityPercent=80,
                     forecastStaffingAdjustmentFactor=1.1)
    b = create_queue(admin_client, acdServerId=acd, talkTime=200, workTime=40)
    for q in (a, b):
        seed_history(app, tenant.id, q["id"])
        run_forecast(admin_client, q["id"])
    day = FORECAST_FROM.isoformat()
    params = {"serviceQueueId": [a["id"]], "fromDate": day, "toDate": day, "shrinkagePercent": 20}
    [alone] = ok(admin_client.get("/api/rest/planning/staffing/requirements", params=params))
    fc = {r["startTime"]: r for r in ok(admin_client.get(f"/api/rest/planning/forecast/service/{a['id']}",
                                                          params={"fromDate": day, "toDate": day}))}
    assert alone["intervalMinutes"] == 30 and alone["multiSkillGroupId"] is None and len(alone["intervals"]) == 20
    for r in alone["intervals"]:
        s = erlang.agents_needed(fc[r["startTime"]]["contacts"], fc[r["startTime"]]["aht"], 1800, 80, 20)
        assert r["agents"] == s.agents and r["serviceLevel"] >= 80
        assert r["required"] == pytest.approx(s.agents * 1.1 / 0.8 / 0.8, abs=1e-3)

    separate = ok(admin_client.get("/api/rest/planning/staffing/requirements",
                                   params={**params, "serviceQueueId": [a["id"], b["id"]], "shrinkagePercent": 0}))
    group = ok(admin_client.post("/api/rest/scheduling/multiSkillGroup",
                                 json={"name": "Blend", "services": [{"id": a["id"]}, {"id": b["id"]}]}))
    pooled = ok(admin_client.get("/api/rest/planning/staffing/requirements",
                                 params={**params, "serviceQueueId": [a["id"], b["id"]], "shrinkagePercent": 0}))
    assert {p["multiSkillGroupId"] for p in pooled} == {group["id"]}
    for i in range(20):
        apart = sum(q["intervals"][i]["agents"] for q in separate)
        shared = sum(q["intervals"][i]["agents"] for q in pooled)
        assert shared < apart  # pooling needs fewer agents
        start = pooled[0]["intervals"][i]["startTime"]
        c = fc[start]["contacts"] + next(r for r in pooled[1]["intervals"] if r["startTime"] == start)["contacts"]
        assert shared == pytest.approx(erlang.agents_needed(c, 240, 1800, 80, 20).agents, abs=1e-3)


def test_demo_queues_get_forecasts(admin_client, app, tenant):
    from openwfo.demo import historical as demo_history
    from openwfo.demo import planning as demo_planning
    from openwfo.demo import wfm as wfm_demo

    for seeder in (wfm_demo.seed, demo_history.seed, demo_planning.seed, demo_planning.seed):  # twice: no change
        with app.state.database.session(tenant.id) as db:
            seeder(db, db.get(Tenant, tenant.id))
    queues = {q["name"]: q for q in ok(admin_client.get("/api/rest/scheduling/service"))}
    versions = ok(admin_client.get("/api/rest/planning/forecast",
                                   params={"serviceQueueId": queues["Tech Support"]["id"]}))
    assert len(versions) == 1 and versions[0]["status"] == "ready" and versions[0]["wape"] < 15
    first = dt.date.fromisoformat(versions[0]["fromDate"])
    rows = ok(admin_client.get(f"/api/rest/planning/forecast/service/{queues['Tech Support']['id']}",
                               params={"fromDate": first.isoformat(), "toDate": first.isoformat()}))
    assert len(rows) == 48 and sum(r["contacts"] for r in rows) > 100
