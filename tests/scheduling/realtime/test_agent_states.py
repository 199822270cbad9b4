"""Real-Time Agent States API: the range edges (fromTime inclusive with the state in force then,
toTime exclusive), the 31-day limit, which agents, and who may ask."""

from __future__ import annotations

from .helpers import STATES, change, ms, next_acd_id, ok, post_states, read_states

DAY = 86_400_000


def _states(out, agent_id):
    rows = [x for x in out if x["agentId"] == agent_id]
    assert len(rows) == 1
    return [(x["timestamp"], x["agentState"], x["reasonCode"]) for x in rows[0]["realTimeActivities"]]


def test_the_state_in_force_at_from_time_is_included(admin_client, wfm):
    # The reference's example: HOLD at 1:15 PM, TALK at 1:45 PM, asked for 1:30-2:30 PM: both come back.
    a = wfm.agent(acd_id=next_acd_id())
    hold, talk = ms("2018-01-24 13:15"), ms("2018-01-24 13:45")
    post_states(admin_client, [change(a.acd_id, 3, ms("2018-01-24 12:00")), change(a.acd_id, 10, hold),
                               change(a.acd_id, 4, talk)])
    out = ok(read_states(admin_client, ms("2018-01-24 13:30"), ms("2018-01-24 14:30"), [a.id]))
    assert out == [{"agentId": a.id, "employeeId": a.employee_id, "realTimeActivities": [
        {"agentState": "HOLD", "reasonCode": None, "timestamp": hold},
        {"agentState": "TALK", "reasonCode": None, "timestamp": talk}]}]
    # A state in force for the whole range is listed alone.
    assert _states(ok(read_states(admin_client, hold + 1, hold + 2, [a.id])), a.id) == [(hold, "HOLD", None)]


def test_from_time_is_inclusive_and_to_time_exclusive(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    t1, t2, t3 = ms("2024-07-15 08:00"), ms("2024-07-15 09:00"), ms("2024-07-15 10:00")
    post_states(admin_client, [change(a.acd_id, 3, t1), change(a.acd_id, 2, t2, 12), change(a.acd_id, 1, t3)])
    # A change exactly at fromTime: the earlier state ended there and is not listed.
    assert _states(ok(read_states(admin_client, t2, t3, [a.id])), a.id) == [(t2, "NOT_READY_BUSY", 12)]
    # toTime is exclusive: the change at t3 is out, one ms later it is in.
    assert _states(ok(read_states(admin_client, t2, t3 + 1, [a.id])), a.id)[-1] == (t3, "LOGGED_OUT", None)
    # Before any state: no real-time data, the agent is left out.
    assert ok(read_states(admin_client, t1 - 10 * DAY, t1, [a.id])) == []


def test_the_range_is_at_most_31_days(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    start = ms("2024-07-01 00:00")
    post_states(admin_client, change(a.acd_id, 3, start))
    assert len(ok(read_states(admin_client, start, start + 31 * DAY, [a.id]))) == 1
    r = read_states(admin_client, start, start + 31 * DAY + 1, [a.id])
    assert r.status_code == 400 and "31 days" in r.json()["errorMessage"]
    for params in ({"fromTime": start}, {"toTime": start}, {"fromTime": start, "toTime": start},
                   {"fromTime": start, "toTime": start - 1}, {"fromTime": "soon", "toTime": start}):
        r = admin_client.post(STATES, params=params, json={"agentIds": [a.id]})
        assert r.status_code == 400, params
        assert r.json()["requestId"]


def test_times_may_come_in_the_body(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    t = ms("2024-07-15 08:00")
    post_states(admin_client, change(a.acd_id, 3, t))
    r = admin_client.post(STATES, json={"fromTime": t, "toTime": t + 1000, "agentIds": [a.id]})
    assert _states(ok(r), a.id) == [(t, "READY_WAITING", None)]


def test_default_agents_are_those_in_view_with_data(admin_client, wfm, factory, tenant, new_client):
    t = ms("2024-07-15 08:00")
    a, b = wfm.agent(acd_id=next_acd_id()), wfm.agent(acd_id=next_acd_id())
    quiet = wfm.agent(acd_id=next_acd_id())  # no real-time data: never listed
    post_states(admin_client, [change(a.acd_id, 3, t), change(b.acd_id, 4, t + 5)])
    out = ok(read_states(admin_client, t, t + 60_000))
    assert [x["agentId"] for x in out] == [a.id, b.id]
    assert quiet.id not in [x["agentId"] for x in out]
    # Order follows the request when ids are given.
    assert [x["agentId"] for x in ok(read_states(admin_client, t, t + 60_000, [b.id, a.id]))] == [b.id, a.id]
    # An administrator scoped to another team sees nobody; one whose view holds only b sees b.
    team = factory.team(tenant.id, factory.group(tenant.id))
    admin_role = factory.role(tenant.id, [11])  # Administer WFM
    scoped = factory.person(tenant.id, role=admin_role, scope_teams=[team])
    assert ok(read_states(wfm.login(new_client, scoped), t, t + 60_000)) == []
    viewer = factory.person(tenant.id, role=admin_role, scope_all=True)
    wfm.view(agents=[b.id], holders=[viewer.id], main=True)
    assert [x["agentId"] for x in ok(read_states(wfm.login(new_client, viewer), t, t + 60_000, [a.id, b.id]))] == [b.id]


def test_agent_states_need_administer_wfm(wfm, factory, tenant, new_client):
    supervisor = factory.person(tenant.id, role="supervisor", scope_all=True)
    t = ms("2024-07-15 08:00")
    assert read_states(wfm.login(new_client, supervisor), t, t + 1000).status_code == 403
    assert read_states(new_client(), t, t + 1000).status_code == 401
