"""Real-Time Data Capture API: one change or a batch, per-change results, late and out-of-order
changes, duplicates, partial failures, agents by ACD id (and server), permissions."""

from __future__ import annotations

from sqlalchemy import select

from openwfo.kit.clock import clock
from openwfo.models import AgentStateChange

from .helpers import CAPTURE, change, ms, next_acd_id, ok, post_states, read_states

T0 = ms("2024-07-15 08:00")


def _stored(wfm, person_id):
    with wfm.session() as db:
        return list(db.execute(select(AgentStateChange.ts_ms, AgentStateChange.state, AgentStateChange.reason_code)
                               .where(AgentStateChange.person_id == person_id)
                               .order_by(AgentStateChange.ts_ms)).tuples())


def test_one_change_is_stored_and_answered(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    out = post_states(admin_client, change(a.acd_id, 3, T0))
    assert out["accepted"] == 1 and out["duplicates"] == 0 and out["rejected"] == 0
    assert out["results"] == [{"index": 0, "acdAgentId": a.acd_id, "gisStateIdentifier": 3, "timestamp": T0,
                               "status": "accepted"}]
    assert _stored(wfm, a.id) == [(T0, 3, None)]


def test_every_state_maps_to_the_reference_name(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    codes = [1, 2, 3, 4, 5, 6, 10]
    out = post_states(admin_client, [change(a.acd_id, c, T0 + i * 60_000) for i, c in enumerate(codes)])
    assert out["accepted"] == 7
    got = ok(read_states(admin_client, T0, T0 + 3_600_000, [a.id]))
    assert [x["agentState"] for x in got[0]["realTimeActivities"]] == [
        "LOGGED_OUT", "NOT_READY_BUSY", "READY_WAITING", "TALK", "WORK_AFTER_CONTACT", "WORK_AFTER_CONTACT", "HOLD"]


def test_late_and_out_of_order_changes_read_back_in_time_order(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    post_states(admin_client, [change(a.acd_id, 4, T0 + 120_000), change(a.acd_id, 3, T0)])
    post_states(admin_client, change(a.acd_id, 10, T0 + 60_000))  # arrives last, happened in between
    got = ok(read_states(admin_client, T0, T0 + 600_000, [a.id]))[0]["realTimeActivities"]
    assert [(x["timestamp"], x["agentState"]) for x in got] == [
        (T0, "READY_WAITING"), (T0 + 60_000, "HOLD"), (T0 + 120_000, "TALK")]


def test_a_resent_change_is_stored_once_and_reported_duplicate(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    first = change(a.acd_id, 2, T0, 7)
    assert post_states(admin_client, first)["accepted"] == 1
    again = post_states(admin_client, [first, change(a.acd_id, 3, T0 + 1000), change(a.acd_id, 3, T0 + 1000)])
    assert [r["status"] for r in again["results"]] == ["duplicate", "accepted", "duplicate"]
    assert again["accepted"] == 1 and again["duplicates"] == 2
    assert _stored(wfm, a.id) == [(T0, 2, "7"), (T0 + 1000, 3, None)]


def test_bad_changes_are_rejected_alone_with_their_reason(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    batch = [
        change(a.acd_id, 3, T0),
        change("no-such-agent", 3, T0),
        change(a.acd_id, 7, T0 + 1),
        change(a.acd_id, 3, "yesterday"),
        change(a.acd_id, 3, -5),
        change(a.acd_id, 2, T0 + 2, 70000),
        change(a.acd_id, 2, T0 + 3, "Lunch"),
        change(a.acd_id, 2, T0 + 4, ""),
        "not an object",
        {"gisStateIdentifier": 3, "timestamp": T0},
        change(a.acd_id, 2, T0 + 5, 65535),
    ]
    out = post_states(admin_client, batch)
    status = [r["status"] for r in out["results"]]
    assert status == ["accepted", "rejected", "rejected", "rejected", "rejected", "rejected", "accepted",
                      "accepted", "rejected", "rejected", "accepted"]
    reasons = [r.get("reason", "") for r in out["results"]]
    assert reasons[1].startswith("unknown agent")
    assert reasons[2].startswith("unknown state")
    assert reasons[3].startswith("bad timestamp") and reasons[4].startswith("bad timestamp")
    assert reasons[5].startswith("bad reasonCode")
    assert out["accepted"] == 4 and out["rejected"] == 7
    assert _stored(wfm, a.id) == [(T0, 3, None), (T0 + 3, 2, "Lunch"), (T0 + 4, 2, None), (T0 + 5, 2, "65535")]
    got = ok(read_states(admin_client, T0, T0 + 10, [a.id]))[0]["realTimeActivities"]
    assert [x["reasonCode"] for x in got] == [None, "Lunch", None, 65535]


def test_a_single_rejected_change_is_a_400(admin_client, wfm):
    r = admin_client.post(CAPTURE, json=change("nobody", 3, T0))
    assert r.status_code == 400
    assert "unknown agent" in r.json()["errorMessage"] and r.json()["requestId"]
    for body in (b"", b"42", b"{not json", b'"text"'):
        r = admin_client.post(CAPTURE, content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 400, body
    assert post_states(admin_client, [])["results"] == []


def test_a_timestamp_far_in_the_future_is_rejected(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    clock.freeze(T0)
    out = post_states(admin_client, [change(a.acd_id, 3, T0 + 3_600_000), change(a.acd_id, 3, T0 + 2 * 86_400_000)])
    assert [r["status"] for r in out["results"]] == ["accepted", "rejected"]


def test_agents_are_found_by_acd_id_and_server(admin_client, wfm, acd):
    shared = next_acd_id()
    other_acd = ok(admin_client.post("/api/rest/scheduling/acdServer", json={"name": "Second", "acdType": "Avaya"}))["id"]
    a = wfm.agent(acd_id=shared, acd_server_id=acd)
    b = wfm.agent(acd_id=shared, acd_server_id=other_acd)
    gone = wfm.agent(acd_id=next_acd_id(), deactivated=True)
    out = post_states(admin_client, [change(shared, 3, T0), change(gone.acd_id, 3, T0)])
    assert [r["status"] for r in out["results"]] == ["rejected", "rejected"]
    assert out["results"][0]["reason"].startswith("ambiguous agent")
    out = post_states(admin_client, [change(shared, 3, T0)], acdServerId=other_acd)
    assert out["accepted"] == 1
    assert _stored(wfm, b.id) == [(T0, 3, None)] and _stored(wfm, a.id) == []


def test_another_tenants_agent_is_unknown(admin_client, wfm, factory, new_client):
    other = factory.tenant()
    stranger = factory.person(other.id, acd_id="stranger-acd", enabled_for_scheduling=True)
    out = post_states(admin_client, [change("stranger-acd", 3, T0)])
    assert out["results"][0]["status"] == "rejected"
    with factory.database.session(other.id) as db:
        assert db.scalars(select(AgentStateChange).where(AgentStateChange.person_id == stranger.id)).all() == []


def test_capture_needs_wfm_app_management(wfm, new_client, factory, tenant):
    a = wfm.agent(acd_id=next_acd_id())
    supervisor = factory.person(tenant.id, role="supervisor", scope_all=True)
    client = wfm.login(new_client, supervisor)
    assert client.post(CAPTURE, json=change(a.acd_id, 3, T0)).status_code == 403
    assert new_client().post(CAPTURE, json=change(a.acd_id, 3, T0)).status_code == 401
    app_role = factory.role(tenant.id, [12])  # WFM App Management
    adapter = factory.person(tenant.id, role=app_role)
    assert wfm.login(new_client, adapter).post(CAPTURE, json=change(a.acd_id, 3, T0)).status_code == 200


def test_accepted_changes_are_published_to_live_views(app, admin_client, wfm, tenant):
    from openwfo.live import publisher_for

    a = wfm.agent(acd_id=next_acd_id())
    got = []
    sub, _ = publisher_for(app.state.database).subscribe(tenant.id, got.append)
    try:
        post_states(admin_client, [change(a.acd_id, 2, T0, 42), change("nobody", 3, T0)])
        post_states(admin_client, change(a.acd_id, 2, T0, 42))  # a duplicate: nothing new to show
    finally:
        sub.close()
    assert [(e.kind, e.data) for e in got] == [("state", {
        "agentId": a.id, "acdAgentId": a.acd_id, "gisStateIdentifier": 2, "agentState": "NOT_READY_BUSY",
        "reasonCode": 42, "timestamp": T0})]


def test_one_change_as_form_fields(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    fields = {"acdAgentId": a.acd_id, "gisStateIdentifier": "2", "timestamp": str(T0), "reasonCode": "11"}
    out = ok(admin_client.post(CAPTURE, data=fields))  # application/x-www-form-urlencoded
    assert out["accepted"] == 1
    multipart = {k: (None, v) for k, v in {**fields, "gisStateIdentifier": "3", "timestamp": str(T0 + 1000)}.items()}
    r = admin_client.post(CAPTURE, files=multipart)
    assert r.request.headers["content-type"].startswith("multipart/form-data")
    assert ok(r)["accepted"] == 1
    assert ok(admin_client.post(CAPTURE, data=fields))["duplicates"] == 1
    assert _stored(wfm, a.id) == [(T0, 2, "11"), (T0 + 1000, 3, "11")]  # stored as for JSON 11
    bad = admin_client.post(CAPTURE, data={**fields, "gisStateIdentifier": "7"})
    assert bad.status_code == 400 and "errorMessage" in bad.json()
