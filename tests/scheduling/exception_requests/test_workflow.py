"""The agent request workflow (approve, deny, leave pending by the tenant's rules), a supervisor's
decisions, and what an approved request does to every schedule read."""

from __future__ import annotations

import pytest

from openwfo.kit.clock import clock

from ..schedules.helpers import BY_AGENT, DETAIL, act, day_shift, ms, ok, put_days

REQUESTS = "/api/rest/scheduling/changeRequest/exception"


@pytest.fixture
def setup(admin_client, wfm):
    q = wfm.queue("Support")
    sick = wfm.exception("Sick", paid=True, color="#E74C3C")
    training = wfm.exception("Training", paid=True)
    agent = wfm.agent()
    put_days(admin_client, agent.id, {"2024-07-16": day_shift(q, "2024-07-16")})
    clock.freeze(ms("2024-07-10 09:00"))
    return {"q": q, "agent": agent, "sick": sick, "sick_type": wfm.exception_type(sick, "Sick call"),
            "training_type": wfm.exception_type(training, "Training request")}


def _day(client, agent_id, type_id, date="2024-07-16"):
    return ok(client.post(REQUESTS, json={"agentId": agent_id, "genericException": type_id,
                                          "startTimeEpoch": ms(f"{date} 00:00"), "entireDay": True}))


def _partial(client, agent_id, type_id, start, end):
    return ok(client.post(REQUESTS, json={"agentId": agent_id, "genericException": type_id, "entireDay": False,
                                          "startTimeEpoch": ms(start), "endTimeEpoch": ms(end)}))


def _shift(client, agent_id, date="2024-07-16"):
    out = ok(client.get(f"{BY_AGENT}/{agent_id}", params={"fromDate": date, "toDate": date}))
    return out["activitiesByDate"][0]["scheduledActivities"]


def test_no_rule_leaves_requests_pending(admin_client, setup):
    r = _day(admin_client, setup["agent"].id, setup["sick_type"])
    assert r["status"] == "pending" and r["workflowRuleId"] is None


def test_rules_by_exception_type_and_priority(admin_client, wfm, setup):
    deny_training = wfm.rule("deny", exception_type_id=setup["training_type"], priority=1)
    approve_any = wfm.rule("approve", priority=5)
    wfm.rule("deny", priority=0, enabled=False)  # disabled: never applies
    agent = setup["agent"]
    r = _day(admin_client, agent.id, setup["training_type"], "2024-07-17")
    assert (r["status"], r["workflowRuleId"]) == ("denied", deny_training)
    assert r["decidedTime"] == ms("2024-07-10 09:00") and r["decidedBy"] is None
    r = _day(admin_client, agent.id, setup["sick_type"])
    assert (r["status"], r["workflowRuleId"], r["workflowRuleName"]) == ("approved", approve_any,
                                                                         r["workflowRuleName"])
    shift = _shift(admin_client, agent.id)
    assert [(x["activityType"], x["activityDetailName"], x["startTime"], x["endTime"], x["paid"], x["color"])
            for x in shift] == [("exception", "Sick", ms("2024-07-16 08:00"), ms("2024-07-16 16:30"), True, "#E74C3C")]


def test_conditions_decide(admin_client, wfm, setup):
    agent = setup["agent"]
    # Short notice is denied; long requests wait for a supervisor; the rest is approved.
    wfm.rule("deny", priority=1, conditions=[("daysInAdvance", "lt", 2)])
    wfm.rule("pending", priority=2, conditions=[("durationHours", "gt", 4)])
    wfm.rule("approve", priority=3, conditions=[("entireDay", "eq", 0)])
    assert _partial(admin_client, agent.id, setup["sick_type"], "2024-07-11 08:00", "2024-07-11 09:00")["status"] == "denied"
    assert _partial(admin_client, agent.id, setup["sick_type"], "2024-07-16 08:00", "2024-07-16 13:00")["status"] == "pending"
    assert _partial(admin_client, agent.id, setup["sick_type"], "2024-07-16 14:00", "2024-07-16 16:00")["status"] == "approved"
    # Entire days match none of them: pending.
    assert _day(admin_client, agent.id, setup["sick_type"], "2024-07-20")["status"] == "pending"


def test_agents_already_off_in_the_same_view(admin_client, wfm, setup):
    wfm.rule("deny", priority=1, conditions=[("agentsOffInView", "ge", 2)])
    wfm.rule("approve", priority=2)
    q = setup["q"]
    team = [wfm.agent() for _ in range(4)]
    outsider = wfm.agent()
    wfm.view(agents=[a.id for a in team])
    wfm.view(agents=[outsider.id])
    for a in team + [outsider]:
        put_days(admin_client, a.id, {"2024-07-18": day_shift(q, "2024-07-18")})
    assert _day(admin_client, outsider.id, setup["sick_type"], "2024-07-18")["status"] == "approved"
    assert _day(admin_client, team[0].id, setup["sick_type"], "2024-07-18")["status"] == "approved"
    assert _day(admin_client, team[1].id, setup["sick_type"], "2024-07-18")["status"] == "approved"
    # Two of the view are off that day (the outsider does not count): the third is denied.
    assert _day(admin_client, team[2].id, setup["sick_type"], "2024-07-18")["status"] == "denied"
    # Another day is fine.
    put_days(admin_client, team[2].id, {"2024-07-19": day_shift(q, "2024-07-19")})
    assert _day(admin_client, team[2].id, setup["sick_type"], "2024-07-19")["status"] == "approved"


def test_queue_staffing_condition(admin_client, wfm, setup):
    q, agent = setup["q"], setup["agent"]
    colleague = wfm.agent()
    put_days(admin_client, colleague.id, {"2024-07-16": day_shift(q, "2024-07-16", start="09:00", end="17:00")})
    wfm.rule("approve", priority=1, conditions=[("serviceQueueStaffing", "ge", 1, q)])
    wfm.rule("deny", priority=2)
    # 08:00-09:00 nobody else works Support: denied. 14:00-15:00 the colleague does: approved.
    assert _partial(admin_client, agent.id, setup["sick_type"], "2024-07-16 08:00", "2024-07-16 09:00")["status"] == "denied"
    assert _partial(admin_client, agent.id, setup["sick_type"], "2024-07-16 14:00", "2024-07-16 15:00")["status"] == "approved"


def test_supervisor_approves_or_denies_pending_requests(admin_client, wfm, setup, factory, tenant, new_client):
    agent = setup["agent"]
    r = _partial(admin_client, agent.id, setup["sick_type"], "2024-07-16 11:00", "2024-07-16 14:00")
    sup = factory.person(tenant.id, role="supervisor", scope_all=True)
    client = wfm.login(new_client, sup)
    clock.freeze(ms("2024-07-10 10:00"))
    approved = ok(client.post(f"{REQUESTS}/{r['id']}/approve", json={"comment": "Get well"}))
    assert (approved["status"], approved["decidedBy"], approved["decidedTime"], approved["decisionComment"]) == \
        ("approved", sup.id, ms("2024-07-10 10:00"), "Get well")
    assert client.post(f"{REQUESTS}/{r['id']}/approve").status_code == 409
    assert client.post(f"{REQUESTS}/{r['id']}/deny").status_code == 409
    # The exception replaced the work it overlaps: in service cut at 11:00, lunch gone, resumed at 14:00.
    shift = _shift(admin_client, agent.id)
    assert [(x["activityType"], x["startTime"], x["endTime"]) for x in shift] == [
        ("in_service", ms("2024-07-16 08:00"), ms("2024-07-16 10:00")),
        ("break", ms("2024-07-16 10:00"), ms("2024-07-16 10:15")),
        ("in_service", ms("2024-07-16 10:15"), ms("2024-07-16 11:00")),
        ("exception", ms("2024-07-16 11:00"), ms("2024-07-16 14:00")),
        ("in_service", ms("2024-07-16 14:00"), ms("2024-07-16 16:30")),
    ]
    denied = _partial(admin_client, agent.id, setup["sick_type"], "2024-07-16 15:00", "2024-07-16 16:00")
    out = ok(client.post(f"{REQUESTS}/{denied['id']}/deny"))
    assert out["status"] == "denied" and out["decisionComment"] is None
    assert len(_shift(admin_client, agent.id)) == 5
    assert client.post(f"{REQUESTS}/99999999/approve").status_code == 404
    assert wfm.login(new_client, agent).post(f"{REQUESTS}/{denied['id']}/approve").status_code == 403


def test_a_split_activity_keeps_its_parts(admin_client, wfm, setup):
    agent, q = setup["agent"], setup["q"]
    r = _partial(admin_client, agent.id, setup["sick_type"], "2024-07-16 08:30", "2024-07-16 09:00")
    ok(admin_client.post(f"{REQUESTS}/{r['id']}/approve"))
    shift = _shift(admin_client, agent.id)
    assert [(x["activityType"], x["startTime"], x["endTime"], x["serviceQueueId"]) for x in shift[:3]] == [
        ("in_service", ms("2024-07-16 08:00"), ms("2024-07-16 08:30"), q),
        ("exception", ms("2024-07-16 08:30"), ms("2024-07-16 09:00"), None),
        ("in_service", ms("2024-07-16 09:00"), ms("2024-07-16 10:00"), q),
    ]


def test_an_approved_request_shows_in_every_read(admin_client, wfm, setup):
    agent, q = setup["agent"], setup["q"]
    r = _partial(admin_client, agent.id, setup["sick_type"], "2024-07-16 13:00", "2024-07-16 16:30")
    scheduled = {"serviceQueueIds": [q], "interval": 15, "fromDate": "2024-07-16", "toDate": "2024-07-16"}

    def fte_at(t):
        day = ok(admin_client.post("/api/rest/scheduling/agents/scheduled/by/servicequeue", json=scheduled))[0]
        return {i["intervalStartTime"]: i["agentsScheduled"] for i in day["agentsScheduledByDate"][0]["intervals"]}[ms(t)]

    clock.freeze(ms("2024-07-16 14:00"))
    available = {"serviceQueueIds": [q]}
    assert len(ok(admin_client.post("/api/rest/scheduling/schedule/availableAgents", json=available))) == 1
    assert fte_at("2024-07-16 14:00") == 1.0
    ok(admin_client.post(f"{REQUESTS}/{r['id']}/approve"))
    assert ok(admin_client.post("/api/rest/scheduling/schedule/availableAgents", json=available)) == []
    assert fte_at("2024-07-16 14:00") == 0.0 and fte_at("2024-07-16 12:45") == 1.0
    details = ok(admin_client.post(DETAIL, params={"fromDate": "2024-07-16", "toDate": "2024-07-16"},
                                   json={"agentIds": [agent.id]}))
    assert details[0]["activitiesByDate"][0]["scheduledActivities"][-1]["activityType"] == "exception"
    timespan = ok(admin_client.post("/api/rest/scheduling/schedule/for/timespan",
                                    params={"fromTimestamp": ms("2024-07-16 13:00"),
                                            "toTimestamp": ms("2024-07-16 14:00")}, json={"agentIds": [agent.id]}))
    assert [(x["activityType"], x["activityDetailName"]) for x in timespan[0]["activities"]] == [("EXCEPTION", "Sick")]
    assert _shift(admin_client, agent.id)[-1]["activityDetailName"] == "Sick"


def test_approval_of_an_entire_day_uses_the_shift_at_approval(admin_client, wfm, setup):
    agent, q = setup["agent"], setup["q"]
    r = _day(admin_client, agent.id, setup["sick_type"], "2024-07-22")
    assert (r["startTimeEpoch"], r["endTimeEpoch"]) == (ms("2024-07-22 00:00"), ms("2024-07-23 00:00"))
    put_days(admin_client, agent.id, {"2024-07-22": [act("in_service", ms("2024-07-22 07:00"), ms("2024-07-22 15:00"),
                                                         serviceQueueId=q)]})
    out = ok(admin_client.post(f"{REQUESTS}/{r['id']}/approve"))
    assert (out["startTimeEpoch"], out["endTimeEpoch"]) == (ms("2024-07-22 07:00"), ms("2024-07-22 15:00"))
    assert [x["activityType"] for x in _shift(admin_client, agent.id, "2024-07-22")] == ["exception"]


def test_rules_made_through_the_workflow_rule_api_decide(admin_client, setup):
    from openwfo.scheduling.workflow_rules.endpoints import PATH as RULES

    body = {"name": "Two off is enough", "action": "deny", "priority": 1,
            "conditions": [{"type": "agentsOffInView", "operator": ">=", "value": 0}]}
    rule = ok(admin_client.post(RULES, json=body))
    r = _day(admin_client, setup["agent"].id, setup["sick_type"])
    assert (r["status"], r["workflowRuleId"], r["workflowRuleName"]) == ("denied", rule["id"], "Two off is enough")
