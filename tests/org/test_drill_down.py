"""Organizational Structure Common API (drill-down): groups -> teams -> agents within the caller's scope."""

from __future__ import annotations

URL = "/api/rest/org/common/common/permission"


def _by_id(groups):
    return {g["groupId"]: g for g in groups}


def test_drill_down_shape(admin_client, factory, tenant, org, other_tenant):
    al = factory.person(tenant.id, team_id=org.north_teams[0], first_name="Al", last_name="Dente")
    factory.person(tenant.id, team_id=org.north_teams[0], deactivated=True)
    factory.person(other_tenant.id)
    r = admin_client.get(f"{URL}/ViewOrg")
    assert r.status_code == 200
    groups = _by_id(r.json())
    north = groups[org.north]
    root = next(g for g in groups.values() if g["name"] == "Root")
    assert set(north) == {"groupId", "name", "displayId", "parentGroupId", "parentGroupName", "teams"}
    assert north["displayId"] == org.north and north["parentGroupId"] == root["groupId"]
    assert north["parentGroupName"] == "Root" and root["parentGroupId"] is None
    team = north["teams"][0]
    assert team["groupId"] == org.north_teams[0] and team["parentGroupId"] == org.north
    assert team["parentGroupName"] == north["name"] and team["displayId"] == org.north_teams[0]
    assert team["agents"] == [{"personId": al.id, "firstName": "Al", "lastName": "Dente",
                               "groupId": org.north_teams[0], "tenantId": tenant.id, "email": al.email,
                               "skillId": None}]
    all_agents = [a["tenantId"] for g in groups.values() for t in g["teams"] for a in t["agents"]]
    assert set(all_agents) == {tenant.id}


def test_drill_down_scope(login_as, factory, tenant, org):
    inside = factory.person(tenant.id, team_id=org.north_teams[1])
    factory.person(tenant.id, team_id=org.south_teams[0])
    sup = login_as("ViewOrg", "Plan Schedules", scope_groups=[org.north])
    groups = sup.get(f"{URL}/Plan Schedules").json()
    assert [g["groupId"] for g in groups] == [org.north]
    assert [t["groupId"] for t in groups[0]["teams"]] == org.north_teams
    assert [a["personId"] for a in groups[0]["teams"][1]["agents"]] == [inside.id]
    # a permission the caller lacks: nothing is in scope for it
    assert sup.get(f"{URL}/Administer WFM").json() == []
    # a team-scoped caller sees the team inside its group, and only that team
    solo = login_as("ViewOrg", scope_teams=[org.south_teams[0]])
    groups = solo.get(f"{URL}/vieworg").json()
    assert [g["groupId"] for g in groups] == [org.south]
    assert [t["groupId"] for t in groups[0]["teams"]] == [org.south_teams[0]]


def test_drill_down_validation_and_permission(admin_client, login_as):
    r = admin_client.get(f"{URL}/NotAPermission")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "permission"
    assert login_as().get(f"{URL}/ViewOrg").status_code == 403
