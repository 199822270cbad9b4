"""Schedule reads: Schedule Details by Agents and Date, Shifts by Agent, Schedule for Timespan — dates,
zones, cross-midnight shifts, limits, scope and views."""

from __future__ import annotations

import pytest

from .helpers import BERLIN, BY_AGENT, DETAIL, act, day_shift, errors_of, ms, ok, put_days

TIMESPAN = "/api/rest/scheduling/schedule/for/timespan"


@pytest.fixture
def two_zones(admin_client, wfm):
    """A Chicago agent on a night shift (15th 22:00 to 16th 06:00) and a Berlin agent on a day shift
    of the 16th (09:00-17:00 Berlin = 02:00-10:00 Chicago); the tenant is in Chicago."""
    q1, q2 = wfm.queue("Sales"), wfm.queue("Support")
    g = wfm.group([q1, q2], "Sales+Support")
    a, b = wfm.agent(), wfm.agent(BERLIN)
    put_days(admin_client, a.id, {"2024-07-15": [
        act("in_service", ms("2024-07-15 22:00"), ms("2024-07-16 06:00"), serviceQueueId=q1)]})
    put_days(admin_client, b.id, {"2024-07-16": [
        act("in_service_msg", ms("2024-07-16 09:00", BERLIN), ms("2024-07-16 12:00", BERLIN), multiSkillGroupId=g),
        act("lunch", ms("2024-07-16 12:00", BERLIN), ms("2024-07-16 12:30", BERLIN)),
        act("in_service", ms("2024-07-16 12:30", BERLIN), ms("2024-07-16 17:00", BERLIN), serviceQueueId=q2),
    ]})
    return {"q1": q1, "q2": q2, "g": g, "a": a, "b": b}


def _details(client, params, agent_ids=None, method="post"):
    if method == "get":
        return client.get(DETAIL, params={**params, **({"agentIds": ",".join(map(str, agent_ids))} if agent_ids else {})})
    return client.post(DETAIL, params=params, json={"agentIds": agent_ids} if agent_ids is not None else None)


def test_details_list_activities_whole_on_every_tenant_date_they_touch(admin_client, two_zones):
    a, b = two_zones["a"], two_zones["b"]
    params = {"fromDate": "2024-07-15", "toDate": "2024-07-16"}
    out = ok(_details(admin_client, params, [a.id, b.id]))
    assert [x["agentId"] for x in out] == [a.id, b.id]
    assert out[0]["agentTimeZone"] == "America/Chicago" and out[1]["agentTimeZone"] == BERLIN
    assert out[0]["employeeID"] == a.employee_id
    a_days = {d["date"]: d["scheduledActivities"] for d in out[0]["activitiesByDate"]}
    night = {"startTime": ms("2024-07-15 22:00"), "endTime": ms("2024-07-16 06:00")}
    for day in ("2024-07-15", "2024-07-16"):
        assert len(a_days[day]) == 1
        assert {k: a_days[day][0][k] for k in night} == night  # whole, not cut at midnight
    b_days = {d["date"]: d["scheduledActivities"] for d in out[1]["activitiesByDate"]}
    assert b_days["2024-07-15"] == []
    assert [x["activityType"] for x in b_days["2024-07-16"]] == ["in_service_msg", "lunch", "in_service"]
    assert b_days["2024-07-16"][0]["activityDetailName"] == "Sales+Support"
    # GET with comma-separated ids answers the same; order follows the request.
    assert ok(_details(admin_client, params, [b.id, a.id], method="get")) == [out[1], out[0]]


def test_details_dates_follow_the_tenant_time_zone(admin_client, wfm, two_zones):
    wfm.tenant_zone(BERLIN)
    a = two_zones["a"]
    out = ok(_details(admin_client, {"fromDate": "2024-07-15", "toDate": "2024-07-16"}, [a.id]))
    days = {d["date"]: d["scheduledActivities"] for d in out[0]["activitiesByDate"]}
    # 22:00 Chicago on the 15th is 05:00 on the 16th in Berlin.
    assert days["2024-07-15"] == [] and len(days["2024-07-16"]) == 1


def test_details_without_ids_read_every_visible_agent(admin_client, wfm, two_zones, factory, tenant, new_client):
    a, b = two_zones["a"], two_zones["b"]
    wfm.agent(enabled=False)  # not a WFM agent: never listed
    params = {"fromDate": "2024-07-16", "toDate": "2024-07-16"}
    assert [x["agentId"] for x in ok(_details(admin_client, params))] == [a.id, b.id]
    assert [x["agentId"] for x in ok(_details(admin_client, params, method="get"))] == [a.id, b.id]
    # Scope: a supervisor of another team sees nobody; asking for hidden agents answers [].
    team = factory.team(tenant.id, factory.group(tenant.id))
    sup = factory.person(tenant.id, role="supervisor", scope_teams=[team])
    client = wfm.login(new_client, sup)
    assert ok(_details(client, params, [a.id, b.id])) == []
    assert ok(_details(client, params)) == []
    # Views: a supervisor whose only view holds agent b sees only b.
    sup2 = factory.person(tenant.id, role="supervisor", scope_all=True)
    wfm.view(agents=[b.id], holders=[sup2.id], main=True)
    client2 = wfm.login(new_client, sup2)
    assert [x["agentId"] for x in ok(_details(client2, params, [a.id, b.id]))] == [b.id]


def test_details_rules_and_access(admin_client, wfm, new_client, two_zones):
    for params, field in [({"fromDate": "2024-07-16", "toDate": "2024-07-15"}, "toDate"),
                          ({"fromDate": "16/07/2024", "toDate": "2024-07-16"}, "fromDate"),
                          ({"fromDate": "2024-01-01", "toDate": "2024-12-31"}, "toDate")]:
        assert errors_of(_details(admin_client, params))[0]["field"] == field
    assert _details(admin_client, {"fromDate": "2024-07-16"}).status_code == 400
    r = admin_client.get(DETAIL, params={"fromDate": "2024-07-16", "toDate": "2024-07-16", "agentIds": "1,x"})
    assert errors_of(r)[0]["field"] == "agentIds"
    agent_client = wfm.login(new_client, two_zones["a"])
    assert _details(agent_client, {"fromDate": "2024-07-16", "toDate": "2024-07-16"}).status_code == 403
    assert new_client().get(DETAIL, params={"fromDate": "2024-07-16", "toDate": "2024-07-16"}).status_code == 401


def test_shifts_by_agent_are_read_by_shift_date(admin_client, wfm):
    q = wfm.queue()
    agent = wfm.agent()
    night = lambda d1, d2: [act("in_service", ms(f"{d1} 22:00"), ms(f"{d2} 06:00"), serviceQueueId=q)]  # noqa: E731
    put_days(admin_client, agent.id, {"2024-07-01": night("2024-07-01", "2024-07-02"),
                                      "2024-07-02": day_shift(q, "2024-07-02", start="08:00", end="16:30"),
                                      "2024-07-04": night("2024-07-04", "2024-07-05")})
    out = ok(admin_client.get(f"{BY_AGENT}/{agent.id}", params={"fromDate": "2024-07-02", "toDate": "2024-07-04"}))
    assert out["agentId"] == agent.id and out["employeeID"] == agent.employee_id
    assert out["agentTimeZone"] == "-06:00"  # the zone's standard offset, as the reference's example
    days = {d["date"]: d["scheduledActivities"] for d in out["activitiesByDate"]}
    assert list(days) == ["2024-07-02", "2024-07-03", "2024-07-04"]
    # The shift of July 1 reaches into July 2 but is not returned; July 4's is returned whole.
    assert [a["startTime"] for a in days["2024-07-02"]][0] == ms("2024-07-02 08:00")
    assert len(days["2024-07-02"]) == 5
    assert days["2024-07-03"] == []
    assert days["2024-07-04"][0]["endTime"] == ms("2024-07-05 06:00")


def test_shifts_by_agent_zone_scope_and_rules(admin_client, wfm, factory, tenant, new_client):
    berlin = wfm.agent(BERLIN)
    out = ok(admin_client.get(f"{BY_AGENT}/{berlin.id}", params={"fromDate": "2024-07-02", "toDate": "2024-07-02"}))
    assert out["agentTimeZone"] == "+01:00"
    assert out["activitiesByDate"] == [{"date": "2024-07-02", "scheduledActivities": []}]
    params = {"fromDate": "2024-07-02", "toDate": "2024-07-02"}
    assert admin_client.get(f"{BY_AGENT}/99999999", params=params).status_code == 404
    assert admin_client.get(f"{BY_AGENT}/{wfm.agent(enabled=False).id}", params=params).status_code == 404
    team = factory.team(tenant.id, factory.group(tenant.id))
    sup = factory.person(tenant.id, role="supervisor", scope_teams=[team])
    assert wfm.login(new_client, sup).get(f"{BY_AGENT}/{berlin.id}", params=params).status_code == 404
    assert admin_client.get(f"{BY_AGENT}/{berlin.id}", params={"fromDate": "2024-07-03",
                                                                "toDate": "2024-07-02"}).status_code == 400
    assert wfm.login(new_client, berlin).get(f"{BY_AGENT}/{berlin.id}", params=params).status_code == 403


def _timespan(client, start, end, ids):
    return client.post(TIMESPAN, params={"fromTimestamp": start, "toTimestamp": end}, json={"agentIds": ids})


def test_timespan_returns_whole_activities_overlapping_it(admin_client, two_zones):
    a, b, q1, g = two_zones["a"], two_zones["b"], two_zones["q1"], two_zones["g"]
    out = ok(_timespan(admin_client, ms("2024-07-16 04:00"), ms("2024-07-16 05:45"), [b.id, a.id, 99999999]))
    assert [x["agentId"] for x in out] == [b.id, a.id]
    assert out[1]["agentTimeZone"] == "America/Chicago" and out[1]["employeeID"] == a.employee_id
    assert out[1]["activities"] == [{
        "activityType": "IN_SERVICE", "activityTypeLabel": "In Service", "activityDetailName": "Sales",
        "startTime": ms("2024-07-15 22:00"), "endTime": ms("2024-07-16 06:00"), "color": "#7399BD",
        "serviceQueueId": q1}]
    # 04:00-05:45 Chicago is 11:00-12:45 Berlin: the group's time, lunch, and the start of Support.
    acts_ = out[0]["activities"]
    assert [x["activityType"] for x in acts_] == ["IN_SERVICE_MSG", "LUNCH", "IN_SERVICE"]
    assert acts_[0]["multiSkillGroupId"] == g and "serviceQueueId" not in acts_[0]
    assert "serviceQueueId" not in acts_[1] and "multiSkillGroupId" not in acts_[1]
    assert acts_[1]["activityDetailName"] == "Lunch" and acts_[1]["color"] == "#A3AD00"
    # Nothing overlapping: agents with empty activities.
    empty = ok(_timespan(admin_client, ms("2024-07-20 00:00"), ms("2024-07-21 00:00"), [a.id]))
    assert empty == [{"agentId": a.id, "employeeID": a.employee_id, "agentTimeZone": "America/Chicago",
                      "activities": []}]


def test_timespan_limits(admin_client, two_zones):
    a, b = two_zones["a"].id, two_zones["b"].id
    day = 86_400_000
    start = ms("2024-07-01 00:00")
    assert _timespan(admin_client, start, start + 9 * day, [a, b]).status_code == 200
    r = _timespan(admin_client, start, start + 9 * day + 1, [a, b])
    assert "9 days" in errors_of(r)[0]["reason"]
    assert _timespan(admin_client, start, start + 60 * day, [a]).status_code == 200
    assert _timespan(admin_client, start, start + 60 * day, [a, a]).status_code == 200  # one agent, twice
    assert "60 days" in errors_of(_timespan(admin_client, start, start + 60 * day + 1, [a]))[0]["reason"]
    assert _timespan(admin_client, start, start + day, list(range(1, 1001))).status_code == 200
    r = _timespan(admin_client, start, start + day, list(range(1, 1002)))
    assert errors_of(r)[0] == {"field": "agentIds", "reason": "must not list more than 1000 agents"}
    assert errors_of(_timespan(admin_client, start, start, [a]))[0]["field"] == "toTimestamp"
    assert errors_of(_timespan(admin_client, start, start + day, []))[0]["field"] == "agentIds"
    assert admin_client.post(TIMESPAN, params={"fromTimestamp": start}, json={"agentIds": [a]}).status_code == 400


def test_timespan_with_view_schedules_only_reads_the_callers_own(admin_client, wfm, new_client, two_zones):
    a, b = two_zones["a"], two_zones["b"]
    client = wfm.login(new_client, a)  # the agent role: View Schedules only
    out = ok(_timespan(client, ms("2024-07-16 00:00"), ms("2024-07-17 00:00"), [a.id, b.id]))
    assert [x["agentId"] for x in out] == [a.id] and len(out[0]["activities"]) == 1
    assert ok(_timespan(client, ms("2024-07-16 00:00"), ms("2024-07-17 00:00"), [b.id])) == []
    # Edit Schedules reads both.
    out = ok(_timespan(admin_client, ms("2024-07-16 00:00"), ms("2024-07-17 00:00"), [a.id, b.id]))
    assert [x["agentId"] for x in out] == [a.id, b.id]
    assert new_client().post(TIMESPAN, params={"fromTimestamp": 0, "toTimestamp": 1},
                             json={"agentIds": [a.id]}).status_code == 401


def test_renames_show_at_once(admin_client, wfm, two_zones):
    from openwfo.models import ServiceQueue

    with wfm.session() as db:
        db.get(ServiceQueue, two_zones["q1"]).name = "Inbound Sales"
    out = ok(_timespan(admin_client, ms("2024-07-16 00:00"), ms("2024-07-16 01:00"), [two_zones["a"].id]))
    assert out[0]["activities"][0]["activityDetailName"] == "Inbound Sales"


def test_other_tenants_see_nothing(admin_client, factory, two_zones, new_client):
    a, b = two_zones["a"], two_zones["b"]
    other = factory.tenant()
    client = new_client()
    factory.login(client, other.admin_email, tenant_id=other.id)
    params = {"fromDate": "2024-07-15", "toDate": "2024-07-16"}
    assert ok(_details(client, params, [a.id, b.id])) == []
    assert ok(_timespan(client, ms("2024-07-16 00:00"), ms("2024-07-17 00:00"), [a.id, b.id])) == []
    assert client.get(f"{BY_AGENT}/{a.id}", params=params).status_code == 404
    assert client.put(f"{BY_AGENT}/{a.id}", json={"activitiesByDate": []}).status_code == 404
    body = {"serviceQueueIds": [two_zones["q1"]], "interval": 15, "fromDate": "2024-07-16", "toDate": "2024-07-16"}
    assert ok(client.post("/api/rest/scheduling/agents/scheduled/by/servicequeue", json=body)) == []
    r = client.post("/api/rest/scheduling/changeRequest/exception",
                    json={"agentId": a.id, "genericException": 1, "startTimeEpoch": 0, "entireDay": True})
    assert r.status_code == 400


def test_details_on_a_dst_day_cut_at_the_real_midnights(admin_client, wfm):
    q = wfm.queue()
    agent = wfm.agent()
    # 2024-11-03 lasts 25 hours in Chicago: 23:30 is still that day, 00:30 the next.
    put_days(admin_client, agent.id, {
        "2024-11-03": [act("in_service", ms("2024-11-03 23:00"), ms("2024-11-03 23:45"), serviceQueueId=q)],
        "2024-11-04": [act("in_service", ms("2024-11-04 00:30"), ms("2024-11-04 01:00"), serviceQueueId=q)]})
    out = ok(_details(admin_client, {"fromDate": "2024-11-03", "toDate": "2024-11-04"}, [agent.id]))
    days = {d["date"]: [a["startTime"] for a in d["scheduledActivities"]] for d in out[0]["activitiesByDate"]}
    assert days == {"2024-11-03": [ms("2024-11-03 23:00")], "2024-11-04": [ms("2024-11-04 00:30")]}
    assert ms("2024-11-04 00:00") - ms("2024-11-03 00:00") == 25 * 3_600_000


def test_deactivated_agents_are_read_only_for_ranges_before_their_deactivation(admin_client, wfm, two_zones):
    from openwfo.models import Person

    a, b = two_zones["a"], two_zones["b"]
    with wfm.session() as db:
        p = db.get(Person, a.id)
        p.deactivated, p.deactivated_date = True, ms("2024-07-16 12:00")
    # From the 17th on, agent a is gone: left out of lists, 404 alone.
    later = {"fromDate": "2024-07-17", "toDate": "2024-07-18"}
    assert [x["agentId"] for x in ok(_details(admin_client, later))] == [b.id]
    assert [x["agentId"] for x in ok(_details(admin_client, later, [a.id, b.id]))] == [b.id]
    assert admin_client.get(f"{BY_AGENT}/{a.id}", params=later).status_code == 404
    assert [x["agentId"] for x in ok(_timespan(admin_client, ms("2024-07-17 00:00"), ms("2024-07-18 00:00"),
                                               [a.id, b.id]))] == [b.id]
    # Ranges starting before the deactivation still show the agent's schedule.
    earlier = {"fromDate": "2024-07-15", "toDate": "2024-07-16"}
    out = ok(_details(admin_client, earlier, [a.id]))
    assert len(out) == 1 and len(out[0]["activitiesByDate"][0]["scheduledActivities"]) == 1
    assert ok(admin_client.get(f"{BY_AGENT}/{a.id}", params=earlier))["agentId"] == a.id
    assert len(ok(_timespan(admin_client, ms("2024-07-16 00:00"), ms("2024-07-17 00:00"), [a.id]))) == 1


def test_dates_and_timestamps_may_come_in_the_body(admin_client, two_zones):
    a = two_zones["a"]
    body = {"agentIds": [a.id], "fromDate": "2024-07-15", "toDate": "2024-07-16"}
    out = ok(admin_client.post(DETAIL, json=body))
    assert out == ok(_details(admin_client, {"fromDate": "2024-07-15", "toDate": "2024-07-16"}, [a.id]))
    # The query string wins over the body.
    out = ok(admin_client.post(DETAIL, params={"fromDate": "2024-07-20", "toDate": "2024-07-20"}, json=body))
    assert [d["date"] for d in out[0]["activitiesByDate"]] == ["2024-07-20"]
    assert errors_of(admin_client.post(DETAIL, json={"agentIds": [a.id]}))[0]["field"] == "fromDate"
    start, end = ms("2024-07-16 00:00"), ms("2024-07-17 00:00")
    by_body = ok(admin_client.post(TIMESPAN, json={"agentIds": [a.id], "fromTimestamp": start, "toTimestamp": end}))
    assert by_body == ok(_timespan(admin_client, start, end, [a.id])) and len(by_body[0]["activities"]) == 1
    r = admin_client.post(TIMESPAN, json={"agentIds": [a.id], "fromTimestamp": start})
    assert errors_of(r)[0]["field"] == "toTimestamp"
