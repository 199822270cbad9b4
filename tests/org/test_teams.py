"""Team API, Teams by ID (with Agents), Team (with Scope)."""

from __future__ import annotations

from openwfo.kit.clock import now_ms
from openwfo.org.wire import NOT_DEACTIVATED

COMMON = "/api/rest/org/common/team"


def test_create_team_with_users(admin_client, factory, tenant, org, new_client):
    p = factory.person(tenant.id)
    c = new_client()
    factory.login(c, p.email, tenant_id=tenant.id)
    name = factory.unique("Car Sales")
    r = admin_client.post(COMMON, json={"name": name, "parentGroupId": org.north, "users": [p.id]})
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["name"] == name and t["groupId"] == t["parentGroupId"] == org.north
    assert t["users"] == [p.id] and t["deactivated"] == NOT_DEACTIVATED and t["productivityCompilation"] is True
    assert c.get("/api/rest/authorize").json()["teamName"] == name


def test_create_team_validation(admin_client, factory, org, other_tenant, tenant):
    name = factory.unique("Parts")
    assert admin_client.post(COMMON, json={"name": name, "parentGroupId": org.north}).status_code == 200
    r = admin_client.post(COMMON, json={"name": name.lower(), "parentGroupId": org.south})
    assert r.status_code == 409
    r = admin_client.post(COMMON, json={"name": factory.unique("x")})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "parentGroupId"
    r = admin_client.post(COMMON, json={"name": factory.unique("x"), "parentGroupId": factory.group(other_tenant.id)})
    assert r.status_code == 404
    r = admin_client.post(COMMON, json={"name": factory.unique("x"), "parentGroupId": org.north,
                                        "users": [factory.person(other_tenant.id).id]})
    assert r.status_code == 404 and r.json()["errors"][0]["field"] == "users[0]"
    assert admin_client.post(COMMON, json={"name": " ", "parentGroupId": org.north}).status_code == 400


def test_team_agents(admin_client, factory, tenant, org):
    a = factory.person(tenant.id, team_id=org.north_teams[0], first_name="Al", last_name="Dente",
                       acd_id="24", ad_login="corp\\adente", is_synchronized=True)
    gone = factory.person(tenant.id, team_id=org.north_teams[0], first_name="Max", last_name="Stout",
                          deactivated=True, deactivated_date=1000)
    r = admin_client.get(f"{COMMON}/{org.north_teams[0]}")
    assert r.status_code == 200
    rows = r.json()
    assert [x["personId"] for x in rows] == [a.id, gone.id]
    first = rows[0]
    assert set(first) == {"personId", "tenantId", "acdId", "firstName", "lastName", "email", "displayId", "groupId",
                          "activated", "deactivated", "isSynchronized", "timeZone", "adLogin"}
    assert first["acdId"] == "24" and first["displayId"] == "Al Dente" and first["groupId"] == org.north_teams[0]
    assert first["tenantId"] == tenant.id and first["isSynchronized"] is True and first["adLogin"] == "corp\\adente"
    assert first["deactivated"] == NOT_DEACTIVATED and first["timeZone"] == 1
    assert rows[1]["deactivated"] == 1000


def test_update_team(admin_client, factory, tenant, org):
    p = factory.person(tenant.id)
    tid = org.north_teams[0]
    r = admin_client.put(f"{COMMON}/{tid}", json={"name": "Renamed", "parentGroupId": org.south, "users": [p.id],
                                                  "productivityCompilation": False})
    assert r.status_code == 200, r.text
    t = r.json()
    assert t["name"] == "Renamed" and t["groupId"] == org.south and t["users"] == [p.id]
    assert t["productivityCompilation"] is False
    assert tid in [x["id"] for x in admin_client.get(f"/api/rest/org/common/group/{org.south}").json()["teams"]]
    past = now_ms() - 1000
    assert admin_client.put(f"{COMMON}/{tid}", json={"deactivated": past}).json()["deactivated"] == past
    assert admin_client.put(f"{COMMON}/{tid}", json={"id": tid + 1000}).status_code == 400
    assert admin_client.put(f"{COMMON}/{tid}", json={"name": "Default Team"}).status_code == 409


def test_delete_team(admin_client, factory, tenant, org, login_as):
    tid = org.north_teams[0]
    factory.person(tenant.id, team_id=tid)
    r = admin_client.delete(f"{COMMON}/{tid}")
    assert r.status_code == 409 and "person" in r.json()["errorMessage"]
    assert len(admin_client.get(f"{COMMON}/{tid}").json()) == 1  # nothing lost
    default = next(t for t in admin_client.get(f"{COMMON}/permission/ViewOrg").json() if t["name"] == "Default Team")
    assert admin_client.delete(f"{COMMON}/{default['id']}").status_code == 409
    empty = org.north_teams[1]
    sup = login_as("ViewOrg", scope_teams=[empty])
    r = admin_client.delete(f"{COMMON}/{empty}")
    assert r.status_code == 200 and r.json()["id"] == empty
    assert admin_client.get(f"{COMMON}/{empty}").status_code == 404
    assert sup.get("/api/rest/authorize").json()["teamsInScope"] == []


def test_scope(login_as, factory, tenant, org):
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    assert sup.get(f"{COMMON}/{org.south_teams[0]}").status_code == 404
    assert sup.put(f"{COMMON}/{org.south_teams[0]}", json={"name": "x"}).status_code == 404
    assert sup.delete(f"{COMMON}/{org.south_teams[1]}").status_code == 404
    assert sup.put(f"{COMMON}/{org.north_teams[0]}", json={"parentGroupId": org.south}).status_code == 404
    assert sup.post(COMMON, json={"name": factory.unique("x"), "parentGroupId": org.south}).status_code == 404
    outsider = factory.person(tenant.id, team_id=org.south_teams[0])
    r = sup.put(f"{COMMON}/{org.north_teams[0]}", json={"users": [outsider.id]})
    assert r.status_code == 404
    r = sup.post(COMMON, json={"name": factory.unique("Mine"), "parentGroupId": org.north})
    assert r.status_code == 200
    # a team-scoped supervisor sees just that team
    solo = login_as("ViewOrg", scope_teams=[org.south_teams[1]])
    assert solo.get(f"{COMMON}/{org.south_teams[1]}").status_code == 200
    assert [t["id"] for t in solo.get(f"{COMMON}/permission/ViewOrg").json()] == [org.south_teams[1]]


def test_other_tenant_is_404(admin_client, factory, other_tenant):
    foreign_group = factory.group(other_tenant.id)
    foreign = factory.team(other_tenant.id, foreign_group)
    assert admin_client.get(f"{COMMON}/{foreign}").status_code == 404
    assert admin_client.put(f"{COMMON}/{foreign}", json={"name": "x"}).status_code == 404
    assert admin_client.delete(f"{COMMON}/{foreign}").status_code == 404
    assert foreign not in [t["id"] for t in admin_client.get(f"{COMMON}/permission/ViewOrg").json()]


def test_teams_for_permission(admin_client, login_as, org, factory):
    rows = admin_client.get(f"{COMMON}/permission/ViewOrg").json()
    assert set(org.north_teams + org.south_teams) <= {t["id"] for t in rows}
    assert all(set(t) == {"id", "name", "groupId", "parentGroupId"} for t in rows)
    sup = login_as("ViewOrg", scope_groups=[org.north])
    assert [t["id"] for t in sup.get(f"{COMMON}/permission/ViewOrg").json()] == org.north_teams
    assert sup.get(f"{COMMON}/permission/Administer WFM").json() == []
    assert sup.get(f"{COMMON}/permission/bogus").status_code == 400
    name = factory.unique("Scoped")
    r = admin_client.post(f"{COMMON}/permission/UpdateOrg", json={"name": name, "ParentGroupId": org.north})
    assert r.status_code == 200 and r.json()["groupId"] == org.north and r.json()["name"] == name
    assert sup.post(f"{COMMON}/permission/UpdateOrg", json={"name": "x", "parentGroupId": org.north}).status_code == 403


def test_permissions(login_as, org, factory):
    viewer = login_as("ViewOrg", scope_all=True)
    assert viewer.get(f"{COMMON}/{org.north_teams[0]}").status_code == 200
    assert viewer.post(COMMON, json={"name": "x", "parentGroupId": org.north}).status_code == 403
    assert viewer.put(f"{COMMON}/{org.north_teams[0]}", json={"name": "x"}).status_code == 403
    assert viewer.delete(f"{COMMON}/{org.north_teams[0]}").status_code == 403
    assert login_as().get(f"{COMMON}/{org.north_teams[0]}").status_code == 403


def test_parent_group_given_by_name(admin_client, factory, tenant, org, login_as):
    # The reference's tables call parentGroupId "the name of the parent group" as well as its ID.
    north = admin_client.get(f"/api/rest/org/group/{org.north}").json()["name"]
    south = admin_client.get(f"/api/rest/org/group/{org.south}").json()["name"]
    name = factory.unique("By Name")
    r = admin_client.post(COMMON, json={"name": name, "parentGroupId": north.upper()})
    assert r.status_code == 200, r.text
    tid = r.json()["id"]
    assert r.json()["groupId"] == org.north
    r = admin_client.put(f"{COMMON}/{tid}", json={"name": name, "parentGroupId": south})
    assert r.status_code == 200 and r.json()["groupId"] == org.south
    assert admin_client.put(f"{COMMON}/{tid}", json={"parentGroupId": str(org.north)}).json()["groupId"] == org.north
    r = admin_client.put(f"{COMMON}/{tid}", json={"parentGroupId": "No Such Group"})
    assert r.status_code == 404 and r.json()["errors"] == [{"field": "parentGroupId", "reason": "unknown group"}]
    r = admin_client.post(f"{COMMON}/permission/ViewOrg", json={"name": factory.unique("S"), "ParentGroupId": south})
    assert r.status_code == 200 and r.json()["groupId"] == org.south
    # A group outside the caller's scope cannot be named either.
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    r = sup.post(COMMON, json={"name": factory.unique("T"), "parentGroupId": south})
    assert r.status_code == 404 and "does not exist" in r.json()["errorMessage"]
    assert admin_client.get(f"{COMMON}/{tid}").status_code == 200
