"""The symmetric WFM resources (extension): ACD servers, queue types, DNs, multi-skill groups, views,
exceptions, exception types (GET /genericException is the reference's), work shifts, workflow rules."""

from __future__ import annotations

import pytest

from .helpers import acd_server, create_queue, errors_of, ok, skill_mapping, view

BASE = "/api/rest/scheduling"


def _crud(c, path, create, update, expect_created, expect_updated):
    created = ok(c.post(f"{BASE}/{path}", json=create))
    assert {k: created[k] for k in expect_created} == expect_created
    assert ok(c.get(f"{BASE}/{path}/{created['id']}")) == created
    assert created in ok(c.get(f"{BASE}/{path}"))
    updated = ok(c.put(f"{BASE}/{path}/{created['id']}", json=update))
    assert {k: updated[k] for k in expect_updated} == expect_updated
    assert ok(c.put(f"{BASE}/{path}/{created['id']}", json=updated)) == updated  # GET shape round-trips
    assert c.delete(f"{BASE}/{path}/{created['id']}").status_code == 200
    assert c.get(f"{BASE}/{path}/{created['id']}").status_code == 404
    assert c.put(f"{BASE}/{path}/{created['id']}", json=update).status_code == 404
    assert c.delete(f"{BASE}/{path}/{created['id']}").status_code == 404


def test_acd_server_crud_and_rules(admin_client):
    c = admin_client
    _crud(c, "acdServer", {"name": "UCCE", "acdType": "Cisco UCCE", "peripheralId": "5000"}, {"name": "UCCE 2"},
          {"name": "UCCE", "acdType": "Cisco UCCE", "peripheralId": "5000"},
          {"name": "UCCE 2", "acdType": "Cisco UCCE", "peripheralId": "5000"})
    acd_server(c, "Avaya")
    assert "must be unique" in errors_of(c.post(f"{BASE}/acdServer", json={"name": "avaya"}))["name"]
    assert "name" in errors_of(c.post(f"{BASE}/acdServer", json={"name": " "}))


def test_acd_server_in_use_cannot_be_deleted(admin_client, acd, factory, tenant):
    create_queue(admin_client)
    r = admin_client.delete(f"{BASE}/acdServer/{acd}")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "acdServerId"
    other = acd_server(admin_client)
    factory.person(tenant.id, acd_server_id=other)
    assert admin_client.delete(f"{BASE}/acdServer/{other}").status_code == 400


def test_queue_types(admin_client, acd):
    c = admin_client
    types = ok(c.get(f"{BASE}/serviceQueueType"))
    assert types == [{"id": 0, "name": "Voice", "contactType": 0}, {"id": 1, "name": "Chat", "contactType": 0},
                     {"id": 2, "name": "Email", "contactType": 1}]
    social = ok(c.post(f"{BASE}/serviceQueueType", json={"name": "Social", "contactType": 1}))
    assert social == {"id": 3, "name": "Social", "contactType": 1}
    assert ok(c.post(f"{BASE}/serviceQueueType", json={"id": 10, "name": "Video"}))["id"] == 10
    assert "id" in errors_of(c.post(f"{BASE}/serviceQueueType", json={"id": 10, "name": "Other"}))
    assert "contactType" in errors_of(c.post(f"{BASE}/serviceQueueType", json={"name": "Fax", "contactType": 2}))
    assert "name" in errors_of(c.post(f"{BASE}/serviceQueueType", json={"name": "voice"}))
    q = create_queue(c, type=3)
    assert q["typeDesc"] == "Social" and q["serviceLevelObjectiveSeconds"] is None
    assert ok(c.put(f"{BASE}/serviceQueueType/3", json={"name": "Social media"}))["name"] == "Social media"
    assert ok(c.get(f"/api/rest/scheduling/service/{q['id']}"))["typeDesc"] == "Social media"
    assert "contactType" in errors_of(c.put(f"{BASE}/serviceQueueType/3", json={"contactType": 0}))
    assert c.delete(f"{BASE}/serviceQueueType/3").status_code == 400
    assert c.delete(f"{BASE}/serviceQueueType/10").status_code == 200
    assert c.get(f"{BASE}/serviceQueueType/10").status_code == 404


def test_dns(admin_client):
    c = admin_client
    _crud(c, "dn", {"name": "Sales line", "number": 18005550100}, {"number": 18005550101},
          {"name": "Sales line", "number": 18005550100}, {"name": "Sales line", "number": 18005550101})
    ok(c.post(f"{BASE}/dn", json={"name": "A", "number": 1}))
    assert "must be unique" in errors_of(c.post(f"{BASE}/dn", json={"name": "B", "number": 1}))["number"]
    assert "number" in errors_of(c.post(f"{BASE}/dn", json={"name": "C"}))
    assert "number" in errors_of(c.post(f"{BASE}/dn", json={"name": "C", "number": -4}))


def test_deleting_a_dn_removes_its_assignments(admin_client, acd):
    c = admin_client
    dn = ok(c.post(f"{BASE}/dn", json={"name": "Line", "number": 77}))
    q = create_queue(c, assignedDns=[{"id": dn["id"], "start": "08:00", "end": "09:00", "days": {"monday": True}}])
    assert c.delete(f"{BASE}/dn/{dn['id']}").status_code == 200
    assert ok(c.get(f"{BASE}/service/{q['id']}"))["assignedDns"] == []


def test_multi_skill_groups(admin_client, acd, factory, tenant):
    c = admin_client
    q1, q2 = create_queue(c, name="English"), create_queue(c, name="Spanish")
    a1 = factory.person(tenant.id, enabled_for_scheduling=True, acd_id="7")
    g = ok(c.post(f"{BASE}/multiSkillGroup", json={"name": "Bilingual", "agents": [a1.id],
                                                   "services": [{"id": q1["id"], "priority": 0},
                                                                {"id": q2["id"], "priority": 1}]}))
    assert [s["name"] for s in g["services"]] == ["English", "Spanish"]
    assert g["agents"] == [{"id": a1.id, "number": "7", "lastName": "Tester", "firstName": "Pat"}]
    assert ok(c.get(f"{BASE}/service/{q2['id']}"))["multiSkillGroups"] == [
        {"id": g["id"], "name": "Bilingual", "priority": 1}]
    # An agent works one group: listing them in another moves them.
    g2 = ok(c.post(f"{BASE}/multiSkillGroup", json={"name": "Trilingual", "agents": [a1.id]}))
    assert ok(c.get(f"{BASE}/multiSkillGroup/{g['id']}"))["agents"] == []
    assert ok(c.get(f"{BASE}/agent/{a1.id}/settings"))["multiSkillGroupId"] == g2["id"]
    assert "services[0].priority" in errors_of(c.put(f"{BASE}/multiSkillGroup/{g['id']}",
                                                     json={"services": [{"id": q1["id"], "priority": 1000}]}))
    assert "services[0].id" in errors_of(c.put(f"{BASE}/multiSkillGroup/{g['id']}", json={"services": [987654]}))
    assert "agents[0].id" in errors_of(c.put(f"{BASE}/multiSkillGroup/{g['id']}", json={"agents": [987654]}))
    assert "name" in errors_of(c.post(f"{BASE}/multiSkillGroup", json={"name": "bilingual"}))
    r = ok(c.put(f"{BASE}/multiSkillGroup/{g['id']}", json={"name": "Two languages"}))
    assert len(r["services"]) == 2
    assert c.delete(f"{BASE}/multiSkillGroup/{g['id']}").status_code == 200
    assert ok(c.get(f"{BASE}/service/{q2['id']}"))["multiSkillGroups"] == []


def test_views_crud(admin_client, acd, factory, tenant):
    c = admin_client
    q = create_queue(c)
    sm = skill_mapping(c)
    agent = factory.person(tenant.id, enabled_for_scheduling=True)
    v = view(c, "Sales", serviceQueueIds=[q["id"]], skillMappingIds=[sm["id"]], agentIds=[agent.id])
    assert v == {"id": v["id"], "name": "Sales", "isDefault": False, "serviceQueueIds": [q["id"]],
                 "skillMappingIds": [sm["id"]], "agentIds": [agent.id]}
    assert ok(c.get(f"{BASE}/view/{v['id']}")) == v
    r = ok(c.put(f"{BASE}/view/{v['id']}", json={"name": "Sales team", "agentIds": []}))
    assert r["name"] == "Sales team" and r["agentIds"] == [] and r["serviceQueueIds"] == [q["id"]]
    assert "must be unique" in errors_of(c.post(f"{BASE}/view", json={"name": "sales TEAM"}))["name"]
    assert "serviceQueueIds[0]" in errors_of(c.post(f"{BASE}/view", json={"name": "X", "serviceQueueIds": [987654]}))
    assert "agentIds[0]" in errors_of(c.post(f"{BASE}/view", json={"name": "X", "agentIds": [987654]}))
    enterprise = [x for x in ok(c.get(f"{BASE}/view")) if x["isDefault"]][0]
    assert enterprise["name"] == "EnterpriseView" and q["id"] in enterprise["serviceQueueIds"]
    assert agent.id in enterprise["agentIds"]
    assert "serviceQueueIds" in errors_of(c.put(f"{BASE}/view/{enterprise['id']}", json={"serviceQueueIds": []}))
    assert c.delete(f"{BASE}/view/{enterprise['id']}").status_code == 400
    assert c.delete(f"{BASE}/view/{v['id']}").status_code == 200
    assert c.get(f"{BASE}/view/{v['id']}").status_code == 404


def test_exceptions_and_exception_types(admin_client):
    c = admin_client
    vacation = ok(c.post(f"{BASE}/exception", json={"name": "Vacation", "paid": True, "color": "#2ecc71"}))
    assert vacation == {"id": vacation["id"], "name": "Vacation", "paid": True, "color": "#2ECC71"}
    assert ok(c.post(f"{BASE}/exception", json={"name": "Sick"}))["color"] == "#D35400"
    assert "color" in errors_of(c.post(f"{BASE}/exception", json={"name": "Odd", "color": "#010203"}))
    assert "name" in errors_of(c.post(f"{BASE}/exception", json={"name": "vacation"}))
    _crud(c, "exception", {"name": "Jury duty", "paid": True}, {"paid": False},
          {"name": "Jury duty", "paid": True}, {"name": "Jury duty", "paid": False})
    t = ok(c.post(f"{BASE}/genericException", json={"name": "Vacation Type", "exceptionId": vacation["id"]}))
    assert t == {"id": t["id"], "name": "Vacation Type", "exceptionId": vacation["id"]}
    assert ok(c.get(f"{BASE}/genericException")) == [t]
    assert "exceptionId" in errors_of(c.post(f"{BASE}/genericException", json={"name": "X", "exceptionId": 987654}))
    assert "exceptionId" in errors_of(c.post(f"{BASE}/genericException", json={"name": "X"}))
    assert "name" in errors_of(c.post(f"{BASE}/genericException", json={"name": "vacation type",
                                                                          "exceptionId": vacation["id"]}))
    r = c.delete(f"{BASE}/exception/{vacation['id']}")
    assert r.status_code == 400 and "Vacation Type" in r.json()["errorMessage"]
    rule = ok(c.post(f"{BASE}/workflowRule", json={"name": "Deny vacation", "action": "deny",
                                                   "exceptionTypeId": t["id"]}))
    assert c.delete(f"{BASE}/genericException/{t['id']}").status_code == 400
    assert c.delete(f"{BASE}/workflowRule/{rule['id']}").status_code == 200
    assert c.delete(f"{BASE}/genericException/{t['id']}").status_code == 200


def test_work_shifts(admin_client):
    _crud(admin_client, "workShift", {"name": "Early", "description": "06:00-14:30"}, {"description": ""},
          {"name": "Early", "description": "06:00-14:30"}, {"name": "Early", "description": ""})


def test_workflow_rules(admin_client, acd):
    c = admin_client
    q = create_queue(c)
    rule = ok(c.post(f"{BASE}/workflowRule", json={
        "name": "Short notice", "action": "Pending",
        "conditions": [{"type": "daysInAdvance", "operator": "<", "value": 2},
                       {"type": "serviceQueueStaffing", "serviceQueueId": q["id"], "operator": "le", "value": 0}],
    }))
    assert rule["action"] == "pending" and rule["enabled"] is True and rule["priority"] == 0
    assert rule["exceptionTypeId"] is None
    assert rule["conditions"] == [
        {"type": "daysInAdvance", "serviceQueueId": None, "operator": "lt", "value": 2.0},
        {"type": "serviceQueueStaffing", "serviceQueueId": q["id"], "operator": "le", "value": 0.0},
    ]
    second = ok(c.post(f"{BASE}/workflowRule", json={
        "name": "Otherwise approve", "action": "approve",
        "conditions": [{"type": "agentsOffInView", "operator": "lt", "value": 3}, {"type": "entireDay", "value": 1}]}))
    assert [x["type"] for x in second["conditions"]] == ["agentsOffInView", "entireDay"]
    assert second["conditions"][1]["operator"] == "eq"
    assert second["priority"] == 1
    assert [r["id"] for r in ok(c.get(f"{BASE}/workflowRule"))] == [rule["id"], second["id"]]
    r = ok(c.put(f"{BASE}/workflowRule/{rule['id']}", json={"enabled": False}))
    assert r["enabled"] is False and len(r["conditions"]) == 2


@pytest.mark.parametrize("body, field", [
    ({"name": "R", "action": "maybe"}, "action"),
    ({"name": "R"}, "action"),
    ({"action": "deny"}, "name"),
    ({"name": "R", "action": "deny", "exceptionTypeId": 987654}, "exceptionTypeId"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "moonPhase", "value": 1}]}, "conditions[0].type"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "daysInAdvance", "operator": "~", "value": 1}]},
     "conditions[0].operator"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "daysInAdvance", "operator": "gt"}]},
     "conditions[0].value"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "durationHours", "operator": "gt", "value": -1}]},
     "conditions[0].value"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "entireDay", "value": 3}]}, "conditions[0].value"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "agentsOffInView", "operator": "ge", "value": -1}]},
     "conditions[0].value"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "serviceQueueStaffing", "operator": "gt", "value": 1}]},
     "conditions[0].serviceQueueId"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "serviceQueueStaffing", "serviceQueueId": 987654,
                                                     "operator": "gt", "value": 1}]}, "conditions[0].serviceQueueId"),
    ({"name": "R", "action": "deny", "conditions": [{"type": "daysInAdvance", "serviceQueueId": 1, "value": 1}]},
     "conditions[0].serviceQueueId"),
    ({"name": "R", "action": "deny", "priority": -1}, "priority"),
])
def test_workflow_rule_rules(shared, body, field):
    assert field in errors_of(shared.client.post(f"{BASE}/workflowRule", json=body))


def test_workflow_rule_priority_unique(admin_client):
    ok(admin_client.post(f"{BASE}/workflowRule", json={"name": "A", "action": "deny", "priority": 5}))
    errors = errors_of(admin_client.post(f"{BASE}/workflowRule", json={"name": "B", "action": "deny", "priority": 5}))
    assert "must be unique" in errors["priority"]


def test_writes_need_administer_wfm_and_reads_a_wfm_permission(login_as):
    sup, _ = login_as("supervisor")
    agent, _ = login_as("agent", scope_all=False)
    for path in ("acdServer", "serviceQueueType", "dn", "multiSkillGroup", "view", "exception", "workShift",
                 "workflowRule", "genericException"):
        assert sup.post(f"{BASE}/{path}", json={"name": "x"}).status_code == 403, path
        assert sup.put(f"{BASE}/{path}/1", json={"name": "x"}).status_code == 403, path
        assert sup.delete(f"{BASE}/{path}/1").status_code == 403, path
        expected = 403 if path in ("workflowRule", "genericException") else 200
        assert sup.get(f"{BASE}/{path}").status_code == expected, path
        assert agent.get(f"{BASE}/{path}").status_code == 403, path


def test_other_tenants_cannot_see_or_change(admin_client, shared):
    c2 = shared.client
    for path, body in (
        ("acdServer", {"name": "Mine"}), ("dn", {"name": "Mine", "number": 1}), ("multiSkillGroup", {"name": "Mine"}),
        ("view", {"name": "Mine"}), ("exception", {"name": "Mine"}), ("workShift", {"name": "Mine"}),
        ("workflowRule", {"name": "Mine", "action": "deny"}),
    ):
        created = ok(admin_client.post(f"{BASE}/{path}", json=body))
        assert created["id"] not in [x["id"] for x in ok(c2.get(f"{BASE}/{path}"))], path
        assert c2.get(f"{BASE}/{path}/{created['id']}").status_code == 404, path
        assert c2.put(f"{BASE}/{path}/{created['id']}", json=body).status_code == 404, path
        assert c2.delete(f"{BASE}/{path}/{created['id']}").status_code == 404, path
        assert admin_client.get(f"{BASE}/{path}/{created['id']}").status_code == 200, path
