"""Skill Mapping API and Skill Mapping ID API: views, agents/services replacement, rules, permissions."""

from __future__ import annotations

import pytest

from .helpers import create_queue, errors_of, ok, skill_mapping, view

SM = "/api/rest/scheduling/skillMapping"


def test_create_read_list_update_delete(admin_client, acd, factory, tenant):
    c = admin_client
    q1, q2 = create_queue(c, name="Sales"), create_queue(c, name="Support")
    a1 = factory.person(tenant.id, first_name="Ann", last_name="Archer", enabled_for_scheduling=True, acd_id="1001")
    a2 = factory.person(tenant.id, first_name="Bo", last_name="Baker", enabled_for_scheduling=True, acd_id="1002")
    sm = ok(c.post(SM, json={"name": "5000.SimSG1", "agents": [{"id": a1.id}, {"id": a2.id}],
                             "services": [{"id": q1["id"], "priority": 2}, {"id": q2["id"], "priority": 0}]}))
    assert sm["name"] == "5000.SimSG1"
    assert sm["agents"] == [
        {"id": a1.id, "number": "1001", "lastName": "Archer", "firstName": "Ann"},
        {"id": a2.id, "number": "1002", "lastName": "Baker", "firstName": "Bo"},
    ]
    assert sm["services"] == [{"id": q2["id"], "number": q2["number"], "name": "Support", "priority": 0},
                              {"id": q1["id"], "number": q1["number"], "name": "Sales", "priority": 2}]
    assert ok(c.get(f"{SM}/{sm['id']}")) == sm
    assert ok(c.get(SM)) == [{"id": sm["id"], "name": "5000.SimSG1"}]
    # PUT: name only keeps agents and services.
    r = ok(c.put(f"{SM}/{sm['id']}", json={"name": "Renamed"}))
    assert r["agents"] == sm["agents"] and r["services"] == sm["services"]
    # PUT: present lists replace.
    r = ok(c.put(f"{SM}/{sm['id']}", json={"agents": [a2.id], "services": [{"id": q1["id"]}]}))
    assert [a["id"] for a in r["agents"]] == [a2.id]
    assert r["services"] == [{"id": q1["id"], "number": q1["number"], "name": "Sales", "priority": 1}]
    assert ok(c.get(f"/api/rest/scheduling/service/{q1['id']}"))["skillMappings"] == [
        {"id": sm["id"], "name": "Renamed", "priority": 1}]
    r = ok(c.put(f"{SM}/{sm['id']}", json={"agents": [], "services": []}))
    assert r["agents"] == [] and r["services"] == []
    assert c.delete(f"{SM}/{sm['id']}").status_code == 200
    assert c.get(f"{SM}/{sm['id']}").status_code == 404
    assert ok(c.get(SM)) == []


@pytest.mark.parametrize("body, field", [
    ({"name": ""}, "name"),
    ({}, "name"),
    ({"name": "x" * 101}, "name"),
    ({"name": "ok", "agents": [{"id": 987654}]}, "agents[0].id"),
    ({"name": "ok", "services": [{"id": 987654, "priority": 1}]}, "services[0].id"),
])
def test_rules(shared, body, field):
    assert field in errors_of(shared.client.post(SM, json=body))


def test_name_unique_and_priority_range(admin_client, acd):
    q = create_queue(admin_client)
    skill_mapping(admin_client, "Billing")
    assert "must be unique" in errors_of(admin_client.post(SM, json={"name": "billing"}))["name"]
    errors = errors_of(admin_client.post(SM, json={"name": "B2", "services": [{"id": q["id"], "priority": 1000}]}))
    assert "services[0].priority" in errors


def test_main_view_only_and_views(admin_client, acd, login_as):
    c = admin_client
    sm1, sm2, sm3 = skill_mapping(c), skill_mapping(c), skill_mapping(c)
    main = view(c, skillMappingIds=[sm1["id"]])
    other = view(c, skillMappingIds=[sm2["id"]])
    sup, person = login_as("supervisor")
    ok(c.put(f"/api/rest/scheduling/user/{person.id}/views",
             json={"views": [{"viewId": main["id"], "mainView": True}, {"viewId": other["id"]}]}))
    assert {s["id"] for s in ok(sup.get(SM))} == {sm1["id"], sm2["id"]}
    assert [s["id"] for s in ok(sup.get(SM, params={"mainViewOnly": "true"}))] == [sm1["id"]]
    assert sup.get(f"{SM}/{sm3['id']}").status_code == 404
    assert ok(sup.get(f"{SM}/{sm1['id']}"))["id"] == sm1["id"]
    assert len(ok(c.get(SM))) == 3


def test_post_adds_to_the_callers_views(admin_client, acd):
    c = admin_client
    me = ok(c.get("/api/rest/authorize"))["id"]
    mine = view(c)
    current = ok(c.get(f"/api/rest/scheduling/user/{me}/views"))["views"]
    ok(c.put(f"/api/rest/scheduling/user/{me}/views",
             json={"views": [{"viewId": v["viewId"], "mainView": v["mainView"]} for v in current] +
                   [{"viewId": mine["id"]}]}))
    sm = skill_mapping(c)
    assert sm["id"] in ok(c.get(f"/api/rest/scheduling/view/{mine['id']}"))["skillMappingIds"]


def test_agents_outside_the_callers_scope_are_hidden_and_kept(admin_client, acd, factory, tenant, new_client):
    from openwfo.auth import permissions as perms

    c = admin_client
    group = factory.group(tenant.id)
    team_a, team_b = factory.team(tenant.id, group), factory.team(tenant.id, group)
    inside = factory.person(tenant.id, team_id=team_a, enabled_for_scheduling=True)
    outside = factory.person(tenant.id, team_id=team_b, enabled_for_scheduling=True)
    sm = skill_mapping(c, agents=[inside.id, outside.id])
    role = factory.role(tenant.id, perms.ids_of("Administer WFM", "View Schedules"))
    boss = factory.person(tenant.id, role=role, scope_teams=[team_a])
    bc = new_client()
    factory.login(bc, boss.email, tenant_id=tenant.id)
    assert [a["id"] for a in ok(bc.get(f"{SM}/{sm['id']}"))["agents"]] == [inside.id]
    assert "agents[0].id" in errors_of(bc.put(f"{SM}/{sm['id']}", json={"agents": [outside.id]}))
    ok(bc.put(f"{SM}/{sm['id']}", json={"agents": []}))
    assert [a["id"] for a in ok(c.get(f"{SM}/{sm['id']}"))["agents"]] == [outside.id]


def test_permissions(admin_client, acd, login_as):
    sm = skill_mapping(admin_client)
    agent, _ = login_as("agent", scope_all=False)
    assert agent.get(SM).status_code == 403
    assert agent.post(SM, json={"name": "x"}).status_code == 403
    sup, _ = login_as("supervisor")
    assert sup.get(SM).status_code == 200  # Edit Schedules
    assert sup.get(f"{SM}/{sm['id']}").status_code == 200  # View Schedules
    assert sup.post(SM, json={"name": "x"}).status_code == 403
    assert sup.put(f"{SM}/{sm['id']}", json={"name": "x"}).status_code == 403
    assert sup.delete(f"{SM}/{sm['id']}").status_code == 403
    assert agent.get(f"{SM}/{sm['id']}").status_code == 200  # View Schedules; the agent holds EnterpriseView


def test_other_tenant_cannot_see_or_change(admin_client, acd, factory, new_client):
    sm = skill_mapping(admin_client)
    other = factory.tenant()
    c2 = new_client()
    factory.login(c2, other.admin_email, tenant_id=other.id)
    assert ok(c2.get(SM)) == []
    assert c2.get(f"{SM}/{sm['id']}").status_code == 404
    assert c2.put(f"{SM}/{sm['id']}", json={"name": "x"}).status_code == 404
    assert c2.delete(f"{SM}/{sm['id']}").status_code == 404
