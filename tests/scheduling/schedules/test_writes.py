"""Writing schedules: PUT one agent's shifts, the bulk load, and every rule of an activity."""

from __future__ import annotations

from .helpers import BERLIN, BY_AGENT, act, day_shift, errors_of, ms, ok, put_days


def test_put_replaces_the_dates_given_and_answers_them(admin_client, wfm):
    q = wfm.queue("Support")
    agent = wfm.agent()
    out = put_days(admin_client, agent.id, {"2024-07-15": day_shift(q, "2024-07-15"),
                                            "2024-07-16": day_shift(q, "2024-07-16")})
    assert out["agentId"] == agent.id and out["employeeID"] == agent.employee_id
    assert [d["date"] for d in out["activitiesByDate"]] == ["2024-07-15", "2024-07-16"]
    first = out["activitiesByDate"][0]["scheduledActivities"]
    assert [a["activityType"] for a in first] == ["in_service", "break", "in_service", "lunch", "in_service"]
    assert first[0] == {
        "activityType": "in_service", "activityTypeLabel": "In Service", "activityDetailName": "Support",
        "serviceQueueId": q, "multiSkillGroupId": None, "startTime": ms("2024-07-15 08:00"),
        "endTime": ms("2024-07-15 10:00"), "paid": True, "color": "#7399BD", "activityMetadata": None,
    }
    assert first[1]["activityDetailName"] == "Break1" and first[1]["paid"] is True
    assert first[3]["activityDetailName"] == "Lunch" and first[3]["paid"] is False
    # Replacing one date leaves the other alone; an empty date clears it.
    put_days(admin_client, agent.id, {"2024-07-15": [act("not_available", ms("2024-07-15 00:00"),
                                                          ms("2024-07-16 00:00"))]})
    put_days(admin_client, agent.id, {"2024-07-16": []})
    got = ok(admin_client.get(f"{BY_AGENT}/{agent.id}", params={"fromDate": "2024-07-15", "toDate": "2024-07-16"}))
    days = {d["date"]: d["scheduledActivities"] for d in got["activitiesByDate"]}
    assert [a["activityType"] for a in days["2024-07-15"]] == ["not_available"]
    assert days["2024-07-15"][0]["activityDetailName"] is None and days["2024-07-15"][0]["paid"] is False
    assert days["2024-07-16"] == []


def test_what_get_answers_put_accepts(admin_client, wfm):
    q = wfm.queue()
    g = wfm.group([q, wfm.queue()])
    wfm.exception("Training", paid=True, color="#3498DB")
    agent = wfm.agent()
    put_days(admin_client, agent.id, {"2024-07-15": [
        act("in_service_msg", ms("2024-07-15 08:00"), ms("2024-07-15 09:00"), multiSkillGroupId=g),
        act("exception", ms("2024-07-15 09:00"), ms("2024-07-15 10:00"), activityDetailName="training"),
        act("project", ms("2024-07-15 10:00"), ms("2024-07-15 11:00"), activityDetailName="Migration",
            color="#ff69b4", activityMetadata="PRM - 1024", paid=False),
        act("OVERTIME", ms("2024-07-15 11:00"), ms("2024-07-15 12:00"), serviceQueueId=q),
    ]})
    params = {"fromDate": "2024-07-15", "toDate": "2024-07-15"}
    first = ok(admin_client.get(f"{BY_AGENT}/{agent.id}", params=params))
    acts_ = first["activitiesByDate"][0]["scheduledActivities"]
    assert acts_[1]["activityDetailName"] == "Training" and acts_[1]["paid"] is True
    assert acts_[1]["color"] == "#3498DB"
    assert acts_[2]["color"] == "#FF69B4" and acts_[2]["activityMetadata"] == "PRM - 1024"
    assert acts_[3]["activityType"] == "overtime" and acts_[3]["activityTypeLabel"] == "Overtime"
    assert acts_[0]["multiSkillGroupId"] == g and acts_[0]["serviceQueueId"] is None
    ok(admin_client.put(f"{BY_AGENT}/{agent.id}", json=first))
    again = ok(admin_client.get(f"{BY_AGENT}/{agent.id}", params=params))
    assert again == first


def _fails(client, agent_id, days, status=400):
    r = client.put(f"{BY_AGENT}/{agent_id}",
                   json={"activitiesByDate": [{"date": d, "scheduledActivities": a} for d, a in days.items()]})
    assert r.status_code == status, r.text
    return r.json()


def test_each_activity_rule_is_a_400_naming_the_activity(admin_client, wfm):
    q = wfm.queue()
    agent = wfm.agent()
    d = "2024-07-15"
    path = "activitiesByDate[0].scheduledActivities"
    cases = [
        (act("meeting", ms(f"{d} 08:00"), ms(f"{d} 09:00")), "is not one of"),
        (act("break", ms(f"{d} 09:00"), ms(f"{d} 08:00")), "must end after it starts"),
        (act("break", ms(f"{d} 08:00"), ms(f"{d} 08:00")), "must end after it starts"),
        (act("not_available", ms(f"{d} 00:00"), ms(f"{d} 00:00") + 26 * 3_600_000), "25 hours"),
        (act("in_service", ms(f"{d} 08:00"), ms(f"{d} 09:00")), "needs a serviceQueueId"),
        (act("in_service", ms(f"{d} 08:00"), ms(f"{d} 09:00"), serviceQueueId=999999), "serviceQueueId 999999 does not exist"),
        (act("in_service_msg", ms(f"{d} 08:00"), ms(f"{d} 09:00")), "needs a multiSkillGroupId"),
        (act("overtime_msg", ms(f"{d} 08:00"), ms(f"{d} 09:00"), multiSkillGroupId=999999), "does not exist"),
        (act("exception", ms(f"{d} 08:00"), ms(f"{d} 09:00"), activityDetailName="Nope"), "exception 'Nope' does not exist"),
        (act("exception", ms(f"{d} 08:00"), ms(f"{d} 09:00")), "needs an exceptionId"),
        (act("exception", ms(f"{d} 08:00"), ms(f"{d} 09:00"), exceptionId=999999), "exceptionId 999999 does not exist"),
        (act("break", ms(f"{d} 08:00"), ms(f"{d} 09:00"), color="blue"), "not an HTML colour"),
    ]
    for bad, reason in cases:
        body = _fails(admin_client, agent.id, {d: [act("in_service", ms(f"{d} 07:00"), ms(f"{d} 08:00"),
                                                        serviceQueueId=q), bad]})
        assert body["errors"][0]["field"] == f"{path}[1]", (bad, body)
        assert reason in body["errors"][0]["reason"], (bad, body)
        assert f"{path}[1]" in body["errorMessage"]
    # Nothing was written by any of them.
    got = ok(admin_client.get(f"{BY_AGENT}/{agent.id}", params={"fromDate": d, "toDate": d}))
    assert got["activitiesByDate"][0]["scheduledActivities"] == []


def test_activities_of_a_shift_must_not_overlap(admin_client, wfm):
    q = wfm.queue()
    agent = wfm.agent()
    d = "2024-07-15"
    body = _fails(admin_client, agent.id, {d: [
        act("in_service", ms(f"{d} 08:00"), ms(f"{d} 12:00"), serviceQueueId=q),
        act("lunch", ms(f"{d} 11:30"), ms(f"{d} 12:30")),
    ]})
    err = body["errors"][0]
    assert err["field"] == "activitiesByDate[0].scheduledActivities[1]"
    assert "overlaps activitiesByDate[0].scheduledActivities[0]" in err["reason"]
    assert "2024-07-15 08:00" in err["reason"]


def test_a_shift_belongs_to_the_date_it_starts_in_the_agents_zone(admin_client, wfm):
    q = wfm.queue()
    agent = wfm.agent(BERLIN)
    # 23:00 in Chicago on the 14th is 06:00 on the 15th in Berlin: a Berlin shift of the 15th.
    put_days(admin_client, agent.id, {"2024-07-15": [
        act("in_service", ms("2024-07-14 23:00"), ms("2024-07-15 07:00"), serviceQueueId=q)]})
    body = _fails(admin_client, agent.id, {"2024-07-14": [
        act("in_service", ms("2024-07-14 18:00"), ms("2024-07-14 19:00"), serviceQueueId=q)]})
    assert "starts on 2024-07-15 in the agent's time zone (Europe/Berlin)" in body["errors"][0]["reason"]


def test_a_shift_spans_at_most_36_hours_and_dates_are_checked(admin_client, wfm):
    q = wfm.queue()
    agent = wfm.agent()
    body = _fails(admin_client, agent.id, {"2024-07-15": [
        act("in_service", ms("2024-07-15 00:00"), ms("2024-07-15 20:00"), serviceQueueId=q),
        act("in_service", ms("2024-07-16 10:00"), ms("2024-07-16 14:00"), serviceQueueId=q)]})
    assert "spans more than 36 hours" in body["errors"][0]["reason"]
    body = _fails(admin_client, agent.id, {"2024-02-30": []})
    assert body["errors"][0] == {"field": "activitiesByDate[0].date",
                                 "reason": "date '2024-02-30' is not a date (YYYY-MM-DD)"}
    r = admin_client.put(f"{BY_AGENT}/{agent.id}", json={"activitiesByDate": [
        {"date": "2024-07-15", "scheduledActivities": []}, {"date": "2024-07-15", "scheduledActivities": []}]})
    assert errors_of(r)[0] == {"field": "activitiesByDate[1].date",
                               "reason": f"date 2024-07-15 is given twice for agent {agent.id}"}


def test_a_shift_must_not_overlap_the_agents_other_shifts(admin_client, wfm):
    q = wfm.queue()
    agent = wfm.agent()
    night = [act("in_service", ms("2024-07-15 22:00"), ms("2024-07-16 06:00"), serviceQueueId=q)]
    put_days(admin_client, agent.id, {"2024-07-15": night})
    early = [act("in_service", ms("2024-07-16 05:00"), ms("2024-07-16 09:00"), serviceQueueId=q)]
    body = _fails(admin_client, agent.id, {"2024-07-16": early})
    assert body["errors"][0]["field"] == "activitiesByDate[0].scheduledActivities[0]"
    assert "overlaps the agent's shift of 2024-07-15" in body["errors"][0]["reason"]
    # Both in one request: still refused; replacing the night shift too makes it fine.
    body = _fails(admin_client, agent.id, {"2024-07-15": night, "2024-07-16": early})
    assert "overlaps the agent's shift of 2024-07-15" in body["errors"][0]["reason"]
    put_days(admin_client, agent.id, {"2024-07-15": [], "2024-07-16": early})


def test_body_agent_must_match_the_path_and_agents_must_be_visible(admin_client, wfm, factory, tenant, new_client):
    agent = wfm.agent()
    r = admin_client.put(f"{BY_AGENT}/{agent.id}", json={"agentId": agent.id + 1000, "activitiesByDate": []})
    assert r.status_code == 400 and "does not match" in r.json()["errorMessage"]
    not_scheduled = wfm.agent(enabled=False)
    assert admin_client.put(f"{BY_AGENT}/{not_scheduled.id}", json={"activitiesByDate": []}).status_code == 404
    assert admin_client.put(f"{BY_AGENT}/99999999", json={"activitiesByDate": []}).status_code == 404
    # A supervisor scoped to another team does not see the agent.
    team = factory.team(tenant.id, factory.group(tenant.id))
    sup = factory.person(tenant.id, role="supervisor", scope_teams=[team])
    client = wfm.login(new_client, sup)
    assert client.put(f"{BY_AGENT}/{agent.id}", json={"activitiesByDate": []}).status_code == 404
    # Agents may not write schedules; no session is a 401.
    agent_client = wfm.login(new_client, agent)
    assert agent_client.put(f"{BY_AGENT}/{agent.id}", json={"activitiesByDate": []}).status_code == 403
    assert new_client().put(f"{BY_AGENT}/{agent.id}", json={"activitiesByDate": []}).status_code == 401


def test_queues_outside_the_callers_views_do_not_exist_for_writes(admin_client, wfm, factory, tenant, new_client):
    seen, hidden = wfm.queue(), wfm.queue()
    agent = wfm.agent()
    sup = factory.person(tenant.id, role="supervisor", scope_all=True)
    wfm.view(queues=[seen], agents=[agent.id], holders=[sup.id], main=True)
    client = wfm.login(new_client, sup)
    put_days(client, agent.id, {"2024-07-15": day_shift(seen, "2024-07-15")})
    r = client.put(f"{BY_AGENT}/{agent.id}", json={"activitiesByDate": [
        {"date": "2024-07-16", "scheduledActivities": day_shift(hidden, "2024-07-16")}]})
    assert "does not exist" in errors_of(r)[0]["reason"]


def test_bulk_load_is_all_or_nothing(admin_client, wfm):
    q = wfm.queue()
    a, b = wfm.agent(), wfm.agent(BERLIN)
    body = [
        {"agentId": a.id, "activitiesByDate": [{"date": "2024-07-15", "scheduledActivities": day_shift(q, "2024-07-15")}]},
        {"agentId": b.id, "activitiesByDate": [
            {"date": "2024-07-15", "scheduledActivities": day_shift(q, "2024-07-15", BERLIN)},
            {"date": "2024-07-16", "scheduledActivities": day_shift(q, "2024-07-16", BERLIN)}]},
    ]
    assert ok(admin_client.put(BY_AGENT, json=body)) == {"agents": 2, "dates": 3, "activities": 15}
    got = ok(admin_client.get(f"{BY_AGENT}/{b.id}", params={"fromDate": "2024-07-15", "toDate": "2024-07-16"}))
    assert len(got["activitiesByDate"][1]["scheduledActivities"]) == 5
    bad = body + [{"agentId": a.id, "activitiesByDate": []}, {"agentId": 99999999, "activitiesByDate": []},
                  {"activitiesByDate": []}]
    bad[0] = {"agentId": a.id, "activitiesByDate": [{"date": "2024-07-17", "scheduledActivities": day_shift(q, "2024-07-17")}]}
    errors = errors_of(admin_client.put(BY_AGENT, json=bad))
    assert {"field": "[2].agentId", "reason": f"agent {a.id} is listed twice"} in errors
    assert any(e["field"] == "[3].agentId" and "does not exist" in e["reason"] for e in errors)
    assert {"field": "[4].agentId", "reason": "is required"} in errors
    # A bad activity of one agent stops the whole load.
    bad = [body[0] | {"activitiesByDate": [{"date": "2024-07-18", "scheduledActivities": day_shift(q, "2024-07-18")}]},
           {"agentId": b.id, "activitiesByDate": [{"date": "2024-07-18", "scheduledActivities": [
               act("lunch", ms("2024-07-18 12:00", BERLIN), ms("2024-07-18 11:00", BERLIN))]}]}]
    errors = errors_of(admin_client.put(BY_AGENT, json=bad))
    assert errors[0]["field"] == "[1].activitiesByDate[0].scheduledActivities[0]"
    got = ok(admin_client.get(f"{BY_AGENT}/{a.id}", params={"fromDate": "2024-07-17", "toDate": "2024-07-18"}))
    assert all(d["scheduledActivities"] == [] for d in got["activitiesByDate"])
    assert admin_client.put(BY_AGENT, json=[{"agentId": a.id, "activitiesByDate": []}] * 1001).status_code == 400


def test_times_may_be_given_as_text(admin_client, wfm):
    q = wfm.queue()
    agent = wfm.agent()
    # A night shift as times of day on its date (in the agent's zone), one time as ISO, one as ms text.
    out = put_days(admin_client, agent.id, {"2024-07-16": [
        act("break", "01:00", "01:15:00"),
        act("in_service", "22:00", "01:00", serviceQueueId=q),
        act("in_service", "2024-07-17T01:15:00", str(ms("2024-07-17 06:00")), serviceQueueId=q),
    ]})
    shift = out["activitiesByDate"][0]["scheduledActivities"]
    assert [(a["startTime"], a["endTime"]) for a in shift] == [
        (ms("2024-07-16 22:00"), ms("2024-07-17 01:00")),
        (ms("2024-07-17 01:00"), ms("2024-07-17 01:15")),
        (ms("2024-07-17 01:15"), ms("2024-07-17 06:00"))]
    berlin = wfm.agent(BERLIN)
    out = put_days(admin_client, berlin.id, {"2024-07-16": [act("project", "9:00 AM", "5:30 PM")]})
    assert out["activitiesByDate"][0]["scheduledActivities"][0]["startTime"] == ms("2024-07-16 09:00", BERLIN)
    errors = errors_of(admin_client.put(f"{BY_AGENT}/{agent.id}", json={"activitiesByDate": [
        {"date": "2024-07-18", "scheduledActivities": [act("break", "noon", "12:15")]}]}))
    assert errors[0]["field"] == "activitiesByDate[0].scheduledActivities[0].startTime"
