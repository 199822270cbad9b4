"""More of what the real-time APIs must show: a change is committed when its response is sent (a
second connection reads it at once), the batch limit, default paging of adherence (25), conformance
and details of an agent in another time zone worked by hand, and who may read interval adherence."""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, text

from ..schedules.helpers import act, put_days
from .helpers import ADHERENCE, CAPTURE, INTERVAL, change, ms, next_acd_id, ok, post_states

TOKYO = "Asia/Tokyo"


def _raw_count(app, person_id: int) -> int:
    """The person's stored changes as another connection of the store sees them (committed only)."""
    url = app.state.database.url
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.split("///", 1)[1])
        try:
            return conn.execute("SELECT count(*) FROM rt_agent_state WHERE person_id = ?", (person_id,)).fetchone()[0]
        finally:
            conn.close()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM rt_agent_state WHERE person_id = :p"), {"p": person_id}).scalar()
    finally:
        engine.dispose()


def test_an_accepted_change_is_committed_when_answered(app, admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    t = ms("2024-07-15 08:00")
    for i in range(3):  # one change per request, as an ACD adapter sends them
        out = ok(admin_client.post(CAPTURE, json=change(a.acd_id, 3 + i % 2, t + i)))
        assert (out["accepted"], out["duplicates"], out["rejected"]) == (1, 0, 0)
        assert _raw_count(app, a.id) == i + 1
    # A resend is a duplicate and stores nothing; a batch is committed whole, its bad items aside.
    assert ok(admin_client.post(CAPTURE, json=change(a.acd_id, 3, t)))["duplicates"] == 1
    post_states(admin_client, [change(a.acd_id, 2, t + 10), change("nobody", 2, t + 10), change(a.acd_id, 1, t + 20)])
    assert _raw_count(app, a.id) == 5


def test_a_batch_over_the_limit_is_refused_whole(app, admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    t = ms("2024-07-15 08:00")
    r = admin_client.post(CAPTURE, json=[change(a.acd_id, 3, t + i) for i in range(10_001)])
    assert r.status_code == 400 and "10000" in r.json()["errorMessage"].replace(",", "")
    assert _raw_count(app, a.id) == 0
    assert post_states(admin_client, [change(a.acd_id, 3, t + i) for i in range(10_000)])["accepted"] == 10_000


def test_adherence_pages_of_25_by_default(admin_client, wfm):
    agents = sorted(wfm.agent().id for _ in range(27))
    page = lambda **p: [x["agentId"] for x in ok(admin_client.get(ADHERENCE, params={"date": "2024-07-15", **p}))]  # noqa: E731
    assert page() == agents[:25] == page(pageNumber=1)
    assert page(pageNumber=2) == agents[25:]
    assert page(pageNumber=3) == []
    assert page(pageSize=10, pageNumber=3) == agents[20:]
    assert page(pageSize=200) == agents


def test_an_agent_in_another_zone_by_hand(admin_client, wfm):
    # Tokyo 09:00-17:00 on 2024-07-16 is 00:00-08:00 UTC, 19:00 (15th) - 03:00 (16th) in Chicago, the
    # tenant's zone. Ready 09:00, not ready 12:00-12:30 (22:00-22:30 Chicago), ready, logout 17:00.
    a = wfm.agent(TOKYO, acd_id=next_acd_id())
    q = wfm.queue()
    put_days(admin_client, a.id, {"2024-07-16": [
        act("in_service", ms("2024-07-16 09:00", TOKYO), ms("2024-07-16 17:00", TOKYO), serviceQueueId=q)]})
    post_states(admin_client, [change(a.acd_id, 3, ms("2024-07-16 09:00", TOKYO)),
                               change(a.acd_id, 2, ms("2024-07-16 12:00", TOKYO), 9),
                               change(a.acd_id, 3, ms("2024-07-16 12:30", TOKYO)),
                               change(a.acd_id, 1, ms("2024-07-16 17:00", TOKYO))])
    first = ok(admin_client.get(f"{ADHERENCE}/{a.id}", params={"date": "2024-07-15"}))
    second = ok(admin_client.get(f"{ADHERENCE}/{a.id}", params={"date": "2024-07-16"}))
    # 15th (Chicago 19:00-24:00): 18,000 s scheduled in service; ready 19:00-22:00 and 22:30-24:00 =
    # 16,200 s: adherence 16,200/18,000 = 90.0 %, conformance the same (all of it is in service).
    assert {k: v for k, v in first.items() if k not in ("details", "acdAgentId")} == {
        "agentId": a.id, "scheduledSeconds": 18000, "scheduledInServiceSeconds": 18000,
        "actualInServiceSeconds": 16200, "notInAdherenceSeconds": 1800, "scheduleAdherence": 90.0,
        "scheduleConformity": 90.0}
    (detail,) = first["details"]
    assert detail["scheduledActityStartTime"] == "2024-07-16T00:00:00Z"
    assert (detail["inAdherenceSeconds"], detail["outOfAdherenceSeconds"]) == (16200, 1800)
    assert [(x["actualAgentState"], x["actualAgentStateStartTime"], x["actualReasonCode"]) for x in detail["actuals"]] == [
        ("READY_WAITING", "2024-07-16T00:00:00Z", None), ("NOT_READY_BUSY", "2024-07-16T03:00:00Z", 9),
        ("READY_WAITING", "2024-07-16T03:30:00Z", None)]
    # 16th (Chicago 00:00-03:00): ready throughout, 10,800 s: 100 % both.
    assert (second["scheduledSeconds"], second["actualInServiceSeconds"], second["notInAdherenceSeconds"]) == (10800, 10800, 0)
    assert (second["scheduleAdherence"], second["scheduleConformity"]) == (100.0, 100.0)
    assert [x["actualAgentState"] for x in second["details"][0]["actuals"]] == ["READY_WAITING"]


def test_who_may_read_interval_adherence(admin_client, wfm, factory, tenant, new_client):
    team = factory.team(tenant.id, factory.group(tenant.id))
    a, b = wfm.agent(team_id=team), wfm.agent(team_id=team)
    params = {"date": "2024-07-15", "interval": 30}
    own = wfm.login(new_client, a)
    assert ok(own.get(INTERVAL, params={**params, "agentId": a.id}))["agentId"] == a.id
    assert own.get(INTERVAL, params={**params, "agentId": b.id}).status_code == 404
    other_team = factory.team(tenant.id, factory.group(tenant.id))
    outsider = wfm.login(new_client, factory.person(tenant.id, role="supervisor", scope_teams=[other_team]))
    assert outsider.get(INTERVAL, params={**params, "agentId": a.id}).status_code == 404
    insider = wfm.login(new_client, factory.person(tenant.id, role="supervisor", scope_teams=[team]))
    assert sorted(ok(insider.get(INTERVAL, params={**params, "teamId": team}))["agentIds"]) == sorted([a.id, b.id])
    assert new_client().get(INTERVAL, params={**params, "agentId": a.id}).status_code == 401
