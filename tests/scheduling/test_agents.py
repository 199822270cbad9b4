"""Agent API: only scheduling-enabled agents, the three shapes, exclusive filters, admin-only
fields, view and scope visibility; the agent settings $ref."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from openwfo.auth import permissions as perms
from openwfo.kit.clock import clock

from .helpers import create_queue, errors_of, ok, skill_mapping, view

AGENT = "/api/rest/scheduling/agent"


def _ms(day: str) -> int:
    # Calendar dates are stored as midnight in the tenant's zone (the test tenants are in Chicago).
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=ZoneInfo("America/Chicago")).timestamp() * 1000)


@pytest.fixture
def agents(admin_client, acd, factory, tenant):
    """Three scheduling-enabled agents (one terminated, one deactivated user) and a person who is not one."""
    c = admin_client
    q = create_queue(c, name="Sales")
    support = create_queue(c, name="Support")
    ann = factory.person(tenant.id, first_name="Ann", last_name="Archer", enabled_for_scheduling=True, acd_id="1001",
                         employee_id="E-1", company_start_date=_ms("2019-03-01"),
                         department_start_date=_ms("2020-01-15"), wfm_read_only=True,
                         work_condition_profile="12", rank=3)
    bob = factory.person(tenant.id, first_name="Bob", last_name="Baker", enabled_for_scheduling=True, acd_id="1002",
                         employee_id="E-2", termination_date=_ms("2020-06-30"))
    cat = factory.person(tenant.id, first_name="Cat", last_name="Cole", enabled_for_scheduling=True, acd_id="1003",
                         deactivated=True)
    factory.person(tenant.id, first_name="Nia", last_name="Noagent", acd_id="1004")
    sm = skill_mapping(c, agents=[ann.id], services=[{"id": support["id"], "priority": 1}])
    group = ok(c.post("/api/rest/scheduling/multiSkillGroup", json={"name": "Blend", "agents": [ann.id]}))
    ok(c.put(f"/api/rest/scheduling/service/{q['id']}", json={"agentIds": [ann.id]}))
    exc = ok(c.post("/api/rest/scheduling/exception", json={"name": "Vacation", "paid": True}))
    from openwfo.scheduling.agents.person_fields import PERSON_FIELDS

    with factory.database.session(tenant.id) as db:
        from openwfo.models import Person

        PERSON_FIELDS.write(db, db.get(Person, ann.id), {"exceptions": [exc["id"]]})
    return {"ann": ann, "bob": bob, "cat": cat, "queue": q, "support": support, "sm": sm, "group": group, "exc": exc}


def test_only_scheduling_enabled_agents_in_basic_shape(admin_client, agents):
    rows = ok(admin_client.get(AGENT))
    assert [r["lastName"] for r in rows] == ["Archer", "Baker", "Cole"]
    ann = rows[0]
    assert ann == {"id": agents["ann"].id, "agentId": agents["ann"].id, "firstName": "Ann", "lastName": "Archer",
                   "employeeNumber": "E-1"}


def test_full_detail_for_an_administrator(admin_client, agents):
    clock.freeze(_ms("2024-05-01"))
    rows = {r["lastName"]: r for r in ok(admin_client.get(AGENT, params={"fullDetail": "true"}))}
    ann = rows["Archer"]
    a = agents["ann"]
    assert ann["acdId"] == "1001" and ann["active"] is True and ann["employeeNumber"] == "E-1"
    assert ann["companyStartDate"] == "2019-03-01" and ann["departmentStartDate"] == "2020-01-15"
    assert ann["terminationDate"] is None
    assert ann["mainTeam"] == {"teamId": a.team_id, "name": "Default Team"} and ann["teams"] == [a.team_id]
    assert ann["serviceQueueId"] == agents["queue"]["id"] and ann["workConditionProfileId"] == 12
    assert ann["multiSkillGroupId"] == agents["group"]["id"] and ann["readOnly"] is True
    assert ann["services"] == sorted([agents["queue"]["id"], agents["support"]["id"]])
    assert ann["skillMappings"] == [agents["sm"]["id"]]
    assert ann["settings"] == {"$ref": f"/api/rest/scheduling/agent/{a.id}/settings"}
    assert "exceptions" not in ann
    assert rows["Baker"]["active"] is False and rows["Baker"]["terminationDate"] == "2020-06-30"


def test_agent_assigned_exception_needs_full_detail(admin_client, agents):
    full = ok(admin_client.get(AGENT, params={"fullDetail": "true", "agentAssignedException": "true"}))
    by_name = {r["lastName"]: r for r in full}
    assert by_name["Archer"]["exceptions"] == [agents["exc"]["id"]] and by_name["Baker"]["exceptions"] == []
    basic = ok(admin_client.get(AGENT, params={"agentAssignedException": "true"}))
    assert all("exceptions" not in r for r in basic)


def test_filterable_shape(admin_client, agents):
    rows = ok(admin_client.get(AGENT, params={"filterable": "true"}))
    ann = rows[0]
    assert set(ann) == {"id", "agentId", "firstName", "lastName", "employeeNumber", "skillMappings",
                        "serviceQueueId", "multiSkillGroupId"}
    assert ann["skillMappings"] == [agents["sm"]["id"]] and ann["multiSkillGroupId"] == agents["group"]["id"]


def test_active_filters_and_acd_id(admin_client, agents):
    clock.freeze(_ms("2024-05-01"))
    names = lambda params: [r["lastName"] for r in ok(admin_client.get(AGENT, params=params))]  # noqa: E731
    assert names({"activeAgent": "true"}) == ["Archer", "Cole"]  # Baker is terminated
    assert names({"activeAgentAndActiveUser": "true"}) == ["Archer"]  # Cole's user is deactivated
    assert names({"acdId": "1002"}) == ["Baker"]
    assert names({"acdId": "1004"}) == []  # not enabled for scheduling
    assert names({"activeAgent": "false", "acdId": "1001"}) == ["Archer"]  # a false flag is not a filter
    assert names({"acdId": " 1002 "}) == ["Baker"]
    assert names({"activeAgent": "true", "acdId": ""}) == ["Archer", "Cole"]  # a blank acdId is not a filter


@pytest.mark.parametrize("params", [
    {"activeAgent": "true", "acdId": "1001"},
    {"activeAgentAndActiveUser": "true", "activeAgent": "true"},
    {"activeAgentAndActiveUser": "true", "acdId": "1"},
    {"activeAgentAndActiveUser": "true", "activeAgent": "true", "acdId": "1"},
])
def test_exclusive_parameters(shared, params):
    errors = errors_of(shared.client.get(AGENT, params=params))
    assert set(errors) == {k for k in params}
    assert "mutually exclusive" in next(iter(errors.values()))


def test_admin_only_fields_are_left_out_for_supervisors(agents, login_as):
    sup, _ = login_as("supervisor")
    rows = ok(sup.get(AGENT, params={"fullDetail": "true"}))
    ann = rows[0]
    for field in ("employeeNumber", "companyStartDate", "departmentStartDate", "terminationDate"):
        assert field not in ann
    assert ann["readOnly"] is True  # supervisors see readOnly
    assert "employeeNumber" not in ok(sup.get(AGENT))[0]
    settings = ok(sup.get(f"{AGENT}/{agents['ann'].id}/settings"))
    assert "rank" not in settings and settings["readOnly"] is True


def test_readonly_is_left_out_below_supervisor(agents, factory, tenant, new_client):
    role = factory.role(tenant.id, perms.ids_of("Update messaging requests"))
    person = factory.person(tenant.id, role=role, scope_all=True)
    c = new_client()
    factory.login(c, person.email, tenant_id=tenant.id)
    ann = ok(c.get(AGENT, params={"fullDetail": "true"}))[0]
    assert "readOnly" not in ann and "employeeNumber" not in ann


def test_views_and_scope_decide_which_agents_are_visible(admin_client, agents, factory, tenant, login_as):
    c = admin_client
    group = factory.group(tenant.id)
    team = factory.team(tenant.id, group)
    dan = factory.person(tenant.id, first_name="Dan", last_name="Dunn", team_id=team, enabled_for_scheduling=True)
    # A supervisor scoped to one team sees only that team's agents.
    scoped, _ = login_as("supervisor", scope_all=False, scope_teams=[team])
    assert [r["id"] for r in ok(scoped.get(AGENT))] == [dan.id]
    assert scoped.get(f"{AGENT}/{agents['ann'].id}/settings").status_code == 404
    # A supervisor whose only view lists Ann sees only Ann.
    v = view(c, agentIds=[agents["ann"].id])
    sup, person = login_as("supervisor")
    ok(c.put(f"/api/rest/scheduling/user/{person.id}/views", json={"views": [{"viewId": v["id"]}]}))
    assert [r["id"] for r in ok(sup.get(AGENT))] == [agents["ann"].id]
    assert sup.get(f"{AGENT}/{dan.id}/settings").status_code == 404
    # Skill mappings and services outside the caller's views are left out of an agent's lists.
    full = ok(sup.get(AGENT, params={"fullDetail": "true"}))[0]
    assert full["skillMappings"] == [] and full["services"] == []
    ok(c.put(f"/api/rest/scheduling/user/{person.id}/views", json={"views": []}))
    assert ok(sup.get(AGENT)) == []


def test_settings(admin_client, agents):
    ann = agents["ann"]
    s = ok(admin_client.get(f"{AGENT}/{ann.id}/settings"))
    assert s["agentId"] == ann.id and s["enabledForScheduling"] is True and s["acdId"] == "1001"
    assert s["mainServiceQueueId"] == agents["queue"]["id"] and s["multiSkillGroupId"] == agents["group"]["id"]
    assert s["skillMappings"] == [{"id": agents["sm"]["id"], "name": agents["sm"]["name"]}]
    assert s["exceptions"] == [{"id": agents["exc"]["id"], "name": "Vacation"}]
    assert s["rank"] == 3 and s["workConditionProfileId"] == 12 and s["timeZone"] == "America/Chicago"
    assert s["views"] and s["views"][0]["mainView"] is True
    assert admin_client.get(f"{AGENT}/987654/settings").status_code == 404


def test_settings_of_a_person_not_enabled_for_scheduling_is_404(admin_client, acd, factory, tenant):
    p = factory.person(tenant.id)
    assert admin_client.get(f"{AGENT}/{p.id}/settings").status_code == 404


def test_permissions_and_tenant_isolation(admin_client, agents, login_as, factory, new_client):
    agent_client, _ = login_as("agent", scope_all=False)
    assert agent_client.get(AGENT).status_code == 403
    assert agent_client.get(f"{AGENT}/{agents['ann'].id}/settings").status_code == 403
    other = factory.tenant()
    c2 = new_client()
    factory.login(c2, other.admin_email, tenant_id=other.id)
    assert ok(c2.get(AGENT)) == []
    assert c2.get(f"{AGENT}/{agents['ann'].id}/settings").status_code == 404
