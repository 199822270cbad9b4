"""PUT Service ID semantics (number ignored, absent arrays unchanged, MSG entries re-prioritise only)
and DELETE (refused while a workflow rule condition references the queue)."""

from __future__ import annotations

from .helpers import create_queue, errors_of, ok, skill_mapping

SERVICE = "/api/rest/scheduling/service"


def _full_queue(c, factory, tenant):
    sm1, sm2 = skill_mapping(c), skill_mapping(c)
    dn = ok(c.post("/api/rest/scheduling/dn", json={"name": "Line", "number": 4242}))
    src = create_queue(c)
    agent = factory.person(tenant.id, enabled_for_scheduling=True)
    group = ok(c.post("/api/rest/scheduling/multiSkillGroup", json={"name": "Spanish + English"}))
    q = create_queue(
        c, virtual=True,
        skillMappings=[{"id": sm1["id"], "priority": 1}, {"id": sm2["id"], "priority": 2}],
        assignedDns=[{"id": dn["id"], "start": "08:00", "end": "12:00", "days": {"monday": True}}],
        virtualServices=[{"id": src["id"]}],
        schedulingOrderParameters=[{"criteria": "rank", "priority": 1, "ascending": False}],
        vacationOrderParameters=[{"criteria": "rank", "priority": 1, "ascending": True}],
        multiSkillGroups=[{"id": group["id"], "priority": 5}],
        agentIds=[agent.id],
    )
    return q, sm1, sm2, group, agent


def test_put_ignores_number_and_keeps_what_is_left_out(admin_client, acd, factory, tenant):
    c = admin_client
    q, *_ = _full_queue(c, factory, tenant)
    other = create_queue(c)
    r = ok(c.put(f"{SERVICE}/{q['id']}", json={"number": other["number"], "name": "Renamed", "talkTime": 99}))
    assert r["number"] == q["number"]  # ignored, even a number already used
    assert r["name"] == "Renamed" and r["talkTime"] == 99
    unchanged = {k: v for k, v in q.items() if k not in ("name", "talkTime")}
    assert {k: r[k] for k in unchanged} == unchanged
    assert ok(c.get(f"{SERVICE}/{q['id']}")) == r


def test_put_ignores_number_whatever_its_form(admin_client, acd):
    q = create_queue(admin_client)
    for number in ("1234567890123456789012", "not a number", 10**30, None, [1]):
        r = ok(admin_client.put(f"{SERVICE}/{q['id']}", json={"number": number, "talkTime": 42}))
        assert r["number"] == q["number"] and r["talkTime"] == 42


def test_put_with_the_full_get_shape_round_trips(admin_client, acd, factory, tenant):
    q, *_ = _full_queue(admin_client, factory, tenant)
    assert ok(admin_client.put(f"{SERVICE}/{q['id']}", json=q)) == q


def test_put_present_arrays_replace_their_relationship(admin_client, acd, factory, tenant):
    c = admin_client
    q, sm1, sm2, group, agent = _full_queue(c, factory, tenant)
    other_agent = factory.person(tenant.id, enabled_for_scheduling=True)
    r = ok(c.put(f"{SERVICE}/{q['id']}", json={
        "skillMappings": [{"id": sm2["id"], "priority": 9}],
        "assignedDns": [],
        "virtualServices": [],
        "schedulingOrderParameters": [{"criteria": "department_start_date", "priority": 3, "ascending": True}],
        "agentIds": [other_agent.id],
    }))
    assert r["skillMappings"] == [{"id": sm2["id"], "name": sm2["name"], "priority": 9}]
    assert r["assignedDns"] == [] and r["virtualServices"] == []
    assert r["schedulingOrderParameters"] == [{"criteria": "department_start_date", "priority": 3, "ascending": True}]
    assert r["vacationOrderParameters"] == q["vacationOrderParameters"]  # absent: unchanged
    assert r["multiSkillGroups"] == q["multiSkillGroups"]
    assert r["agentIds"] == [other_agent.id]
    settings = ok(c.get(f"/api/rest/scheduling/agent/{other_agent.id}/settings"))
    assert settings["mainServiceQueueId"] == q["id"]
    assert ok(c.get(f"/api/rest/scheduling/agent/{agent.id}/settings"))["mainServiceQueueId"] is None
    r = ok(c.put(f"{SERVICE}/{q['id']}", json={"agentIds": []}))
    assert "agentIds" not in r


def test_put_multi_skill_groups_only_reprioritise_groups_holding_the_queue(admin_client, acd, factory, tenant):
    c = admin_client
    q, _sm1, _sm2, group, _agent = _full_queue(c, factory, tenant)
    stranger = ok(c.post("/api/rest/scheduling/multiSkillGroup", json={"name": "Unrelated"}))
    r = ok(c.put(f"{SERVICE}/{q['id']}", json={"multiSkillGroups": [
        {"id": group["id"], "priority": 7},
        {"id": stranger["id"], "priority": 1},  # does not contain the queue: no-op
        {"id": 987654, "priority": 1},  # does not exist: no-op
    ]}))
    assert r["multiSkillGroups"] == [{"id": group["id"], "name": "Spanish + English", "priority": 7}]
    assert ok(c.get(f"/api/rest/scheduling/multiSkillGroup/{stranger['id']}"))["services"] == []
    r = ok(c.put(f"{SERVICE}/{q['id']}", json={"multiSkillGroups": []}))
    assert r["multiSkillGroups"][0]["priority"] == 7  # not included: priority unchanged


def test_post_with_an_unknown_multi_skill_group_is_a_no_op_for_that_entry(admin_client, acd):
    group = ok(admin_client.post("/api/rest/scheduling/multiSkillGroup", json={"name": "Real"}))
    q = create_queue(admin_client, multiSkillGroups=[{"id": 987654, "priority": 1},
                                                     {"id": group["id"], "priority": 2}])
    assert q["multiSkillGroups"] == [{"id": group["id"], "name": "Real", "priority": 2}]


def test_put_checks_the_rules_and_uniqueness_excludes_the_queue_itself(admin_client, acd):
    c = admin_client
    q = create_queue(c)
    other = create_queue(c)
    assert ok(c.put(f"{SERVICE}/{q['id']}", json={"name": q["name"], "priority": q["priority"]}))["id"] == q["id"]
    errors = errors_of(c.put(f"{SERVICE}/{q['id']}", json={"name": other["name"], "priority": other["priority"]}))
    assert "must be unique" in errors["name"] and "must be unique" in errors["priority"]
    errors = errors_of(c.put(f"{SERVICE}/{q['id']}", json={"serviceLevelObjectiveSeconds": 0, "days": {}}))
    assert {"serviceLevelObjectiveSeconds", "days"} <= set(errors)
    assert errors_of(c.put(f"{SERVICE}/{q['id']}", json={"name": ""}))["name"] == "must not be empty"
    assert ok(c.get(f"{SERVICE}/{q['id']}")) == q  # nothing written


def test_put_type_change_applies_the_contact_type_rules(admin_client, acd):
    c = admin_client
    q = create_queue(c)
    r = ok(c.put(f"{SERVICE}/{q['id']}", json={"type": 2, "closedHoursRedistributionType": 2,
                                               "handlingThreshold": 120}))
    assert r["contactType"] == 1 and r["serviceLevelObjectivePercent"] == 100
    assert r["serviceLevelObjectiveSeconds"] is None and r["closedHoursRedistributionType"] == 2
    r = ok(c.put(f"{SERVICE}/{q['id']}", json={"type": 1}))  # back to interactive: redistribution unused
    assert r["contactType"] == 0 and r["closedHoursRedistributionType"] == 0
    assert r["serviceLevelObjectiveSeconds"] == 20


def test_put_unknown_queue_is_404(admin_client, acd):
    assert admin_client.put(f"{SERVICE}/987654", json={"name": "x"}).status_code == 404


def test_delete_removes_the_queue_and_its_links(admin_client, acd, factory, tenant):
    c = admin_client
    q, sm1, *_rest, agent = _full_queue(c, factory, tenant)
    assert c.delete(f"{SERVICE}/{q['id']}").status_code == 200
    assert c.get(f"{SERVICE}/{q['id']}").status_code == 404
    assert ok(c.get(f"/api/rest/scheduling/skillMapping/{sm1['id']}"))["services"] == []
    assert ok(c.get(f"/api/rest/scheduling/agent/{agent.id}/settings"))["mainServiceQueueId"] is None
    assert c.delete(f"{SERVICE}/{q['id']}").status_code == 404


def test_delete_is_refused_while_a_workflow_rule_condition_references_the_queue(admin_client, acd):
    c = admin_client
    q = create_queue(c)
    rule = ok(c.post("/api/rest/scheduling/workflowRule", json={
        "name": "Approve when overstaffed", "action": "approve",
        "conditions": [{"type": "serviceQueueStaffing", "serviceQueueId": q["id"], "operator": "gt", "value": 2}],
    }))
    r = c.delete(f"{SERVICE}/{q['id']}")
    assert r.status_code == 400
    assert "Approve when overstaffed" in r.json()["errorMessage"]
    assert r.json()["errors"][0]["field"] == "serviceQueueId"
    assert c.get(f"{SERVICE}/{q['id']}").status_code == 200
    ok(c.put(f"/api/rest/scheduling/workflowRule/{rule['id']}", json={"conditions": []}))
    assert c.delete(f"{SERVICE}/{q['id']}").status_code == 200
