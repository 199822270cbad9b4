"""Roles API, Permissions API, Assign Roles to a Person, Person's Time Zone API."""

from __future__ import annotations

ROLES = "/api/rest/org/role"


def roles_url(pid: int) -> str:
    return f"/api/rest/org/common/person/{pid}/roles"


# ------------------------------------------------------------------ permissions


def test_permissions_catalogue(admin_client, login_as):
    r = admin_client.get("/api/rest/org/permissions")
    assert r.status_code == 200
    rows = r.json()
    assert {"id": 3, "name": "ViewOrg"} in rows and {"id": 4, "name": "UpdateOrg"} in rows
    assert [p["id"] for p in rows] == sorted(p["id"] for p in rows)
    assert {"Plan Schedules", "Evaluate Contacts", "Bulk Import"} <= {p["name"] for p in rows}
    assert login_as().get("/api/rest/org/permissions").status_code == 403


# ------------------------------------------------------------------ roles


def test_list_and_read_roles(admin_client, tenant):
    rows = admin_client.get(ROLES).json()
    assert [r["name"] for r in rows] == ["System Administrator", "Supervisor", "Agent"]
    assert all(set(r) == {"id", "name"} for r in rows)
    admin = admin_client.get(f"{ROLES}/{rows[0]['id']}").json()
    assert admin["tenantId"] == tenant.id and {"id": 4, "name": "UpdateOrg"} in admin["permissions"]
    agent = admin_client.get(f"{ROLES}/{rows[2]['id']}").json()
    assert {p["name"] for p in agent["permissions"]} == {"View Schedules", "Record Voice", "Record Screen",
                                                         "Recording Controls"}


def test_create_role_as_in_the_reference(admin_client, factory, tenant):
    name = factory.unique("TenantAdmin")
    r = admin_client.post(ROLES, json={"name": name, "tenantId": tenant.id,
                                       "permissions": [{"id": 4, "name": "UpdateOrg"}, {"id": 3, "name": "ViewOrg"}]})
    assert r.status_code == 200, r.text
    role = r.json()
    assert role["name"] == name and role["tenantId"] == tenant.id
    assert role["permissions"] == [{"id": 3, "name": "ViewOrg"}, {"id": 4, "name": "UpdateOrg"}]
    assert admin_client.get(f"{ROLES}/{role['id']}").json() == role
    # names (any case, spaces optional) and plain ids work too
    r = admin_client.post(ROLES, json={"name": factory.unique("Planner"), "permissions": ["planschedules", 9, "3"]})
    assert [p["id"] for p in r.json()["permissions"]] == [3, 9, 10]


def test_create_role_validation(admin_client, factory, other_tenant):
    assert admin_client.post(ROLES, json={"name": "x"}).status_code == 400  # permissions required
    r = admin_client.post(ROLES, json={"name": factory.unique("r"), "permissions": [{"name": "Fly"}]})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "permissions[0]"
    assert admin_client.post(ROLES, json={"name": "agent", "permissions": []}).status_code == 409
    r = admin_client.post(ROLES, json={"name": factory.unique("r"), "tenantId": other_tenant.id, "permissions": []})
    assert r.status_code == 404


def test_update_role_refreshes_holders(admin_client, factory, tenant, new_client):
    role = factory.role(tenant.id, [9], factory.unique("Viewer"))
    p = factory.person(tenant.id, role=role)
    c = new_client()
    factory.login(c, p.email, tenant_id=tenant.id)
    assert "ViewOrg" not in c.get("/api/rest/authorize").json()["permissions"]
    r = admin_client.put(f"{ROLES}/{role}", json={"permissions": ["View Schedules", "ViewOrg"]})
    assert r.status_code == 200
    assert "ViewOrg" in c.get("/api/rest/authorize").json()["permissions"]
    sysadmin = admin_client.get(ROLES).json()[0]["id"]
    assert admin_client.put(f"{ROLES}/{sysadmin}", json={"permissions": []}).status_code == 409


def test_delete_role(admin_client, factory, tenant):
    used = factory.role(tenant.id, [3])
    factory.person(tenant.id, role=used)
    assert admin_client.delete(f"{ROLES}/{used}").status_code == 409
    unused = factory.role(tenant.id, [3])
    r = admin_client.delete(f"{ROLES}/{unused}")
    assert r.status_code == 200 and r.json()["id"] == unused
    assert admin_client.get(f"{ROLES}/{unused}").status_code == 404
    builtin = admin_client.get(ROLES).json()[2]["id"]
    assert admin_client.delete(f"{ROLES}/{builtin}").status_code == 409


def test_roles_are_per_tenant(admin_client, factory, other_tenant, tenant):
    foreign = factory.role(other_tenant.id, [3])
    assert admin_client.get(f"{ROLES}/{foreign}").status_code == 404
    assert admin_client.put(f"{ROLES}/{foreign}", json={"name": "x"}).status_code == 404
    assert foreign not in [r["id"] for r in admin_client.get(ROLES).json()]
    # The reference's tenantId parameter: the caller's own tenant lists its roles, another does not exist.
    own = admin_client.get(ROLES, params={"tenantId": tenant.id})
    assert own.status_code == 200 and own.json() == admin_client.get(ROLES).json()
    r = admin_client.get(ROLES, params={"tenantId": other_tenant.id})
    assert r.status_code == 404 and r.json()["errorMessage"] == f"Tenant {other_tenant.id} does not exist"


def test_role_permissions(login_as):
    viewer = login_as("ViewOrg")
    assert viewer.get(ROLES).status_code == 200
    assert viewer.post(ROLES, json={"name": "x", "permissions": []}).status_code == 403
    assert login_as().get(ROLES).status_code == 403


# ------------------------------------------------------------------ assign roles to a person


def test_assign_roles(admin_client, factory, tenant, new_client):
    p = factory.person(tenant.id)
    c = new_client()
    factory.login(c, p.email, tenant_id=tenant.id)
    roles = {r["name"]: r["id"] for r in admin_client.get(ROLES).json()}
    r = admin_client.put(roles_url(p.id), json={"roles": [roles["Supervisor"], {"id": roles["Agent"], "name": "Agent"}]})
    assert r.status_code == 200, r.text
    assert r.json() == {"personId": p.id, "roles": [{"id": roles["Supervisor"], "name": "Supervisor"},
                                                    {"id": roles["Agent"], "name": "Agent"}]}
    assert admin_client.get(roles_url(p.id)).json() == r.json()
    assert "Evaluate Contacts" in c.get("/api/rest/authorize").json()["permissions"]
    assert admin_client.put(roles_url(p.id), json={"roles": []}).json()["roles"] == []
    assert c.get("/api/rest/authorize").json()["permissions"] == []


def test_assign_roles_validation_scope_and_escalation(admin_client, login_as, factory, tenant, org, other_tenant):
    p = factory.person(tenant.id, team_id=org.north_teams[0])
    assert admin_client.put(roles_url(p.id), json={}).status_code == 400
    r = admin_client.put(roles_url(p.id), json={"roles": [987654321]})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "roles[0]"
    foreign_role = factory.role(other_tenant.id, [3])
    assert admin_client.put(roles_url(p.id), json={"roles": [foreign_role]}).status_code == 400
    assert admin_client.put(roles_url(factory.person(other_tenant.id).id), json={"roles": []}).status_code == 404
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.south])
    assert sup.put(roles_url(p.id), json={"roles": []}).status_code == 404
    inside = factory.person(tenant.id, team_id=org.south_teams[0])
    assert sup.put(roles_url(inside.id), json={"roles": ["System Administrator"]}).status_code == 403
    assert login_as("ViewOrg", scope_all=True).put(roles_url(p.id), json={"roles": []}).status_code == 403


# ------------------------------------------------------------------ time zone


def test_person_time_zone(admin_client, factory, tenant, org, login_as, other_tenant):
    p = factory.person(tenant.id, team_id=org.north_teams[0], time_zone="Europe/London")
    r = admin_client.get(f"/api/rest/org/person/{p.id}/timezone")
    assert r.status_code == 200 and r.json() == {"id": 9, "name": "Europe/London"}
    # a valid IANA zone outside the catalogue keeps its name, with no id
    admin_client.put(f"/api/rest/org/common/person/{p.id}", json={"timeZone": "Etc/GMT+5"})
    assert admin_client.get(f"/api/rest/org/person/{p.id}/timezone").json() == {"id": None, "name": "Etc/GMT+5"}
    sup = login_as("ViewOrg", scope_groups=[org.south])
    assert sup.get(f"/api/rest/org/person/{p.id}/timezone").status_code == 404
    assert admin_client.get(f"/api/rest/org/person/{factory.person(other_tenant.id).id}/timezone").status_code == 404
    assert login_as().get(f"/api/rest/org/person/{p.id}/timezone").status_code == 403
