"""Group-Person API: the persons of a group, reassigning and adding a person to a group."""

from __future__ import annotations


def url(group_id: int) -> str:
    return f"/api/rest/org/group/{group_id}/person"


def test_list_group_persons(admin_client, factory, tenant, org, other_tenant):
    a = factory.person(tenant.id, team_id=org.north_teams[0], first_name="Al", last_name="Dente")
    b = factory.person(tenant.id, team_id=org.north_teams[1], first_name="Max", last_name="Stout")
    factory.person(tenant.id, team_id=org.south_teams[0])
    r = admin_client.get(url(org.north))
    assert r.status_code == 200
    assert r.json() == [{"firstName": "Al", "lastName": "Dente", "personId": a.id},
                        {"firstName": "Max", "lastName": "Stout", "personId": b.id}]
    assert admin_client.get(url(factory.group(other_tenant.id))).status_code == 404


def test_reassign_person_to_group(admin_client, factory, tenant, org, new_client):
    p = factory.person(tenant.id, team_id=org.south_teams[0])
    c = new_client()
    factory.login(c, p.email, tenant_id=tenant.id)
    r = admin_client.put(url(org.north), json={"personId": p.id})
    assert r.status_code == 200, r.text
    assert [x["personId"] for x in r.json()] == [p.id]
    # placed in the group's first team; their live session follows
    person = admin_client.get(f"/api/rest/org/common/person/{p.id}").json()
    assert person["teamId"] == org.north_teams[0]
    assert c.get("/api/rest/authorize").json()["teamId"] == org.north_teams[0]
    # a chosen team of the group
    r = admin_client.post(url(org.north), json={"personId": p.id, "teamId": org.north_teams[1]})
    assert r.status_code == 200
    assert admin_client.get(f"/api/rest/org/common/person/{p.id}").json()["teamId"] == org.north_teams[1]
    # already in the group: stays in their team
    admin_client.put(url(org.north), json={"personId": p.id})
    assert admin_client.get(f"/api/rest/org/common/person/{p.id}").json()["teamId"] == org.north_teams[1]


def test_reassign_validation(admin_client, factory, tenant, org, other_tenant):
    p = factory.person(tenant.id)
    assert admin_client.put(url(org.north), json={}).status_code == 400
    r = admin_client.put(url(org.north), json={"personId": p.id, "teamId": org.south_teams[0]})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "teamId"
    empty = factory.group(tenant.id)
    assert admin_client.put(url(empty), json={"personId": p.id}).status_code == 409
    foreign = factory.person(other_tenant.id)
    assert admin_client.put(url(org.north), json={"personId": foreign.id}).status_code == 404


def test_scope(login_as, factory, tenant, org):
    inside = factory.person(tenant.id, team_id=org.north_teams[0])
    outside = factory.person(tenant.id, team_id=org.south_teams[0])
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    assert [x["personId"] for x in sup.get(url(org.north)).json()] == [inside.id]
    assert sup.get(url(org.south)).status_code == 404
    assert sup.put(url(org.north), json={"personId": outside.id}).status_code == 404
    assert sup.put(url(org.south), json={"personId": inside.id}).status_code == 404


def test_permissions(login_as, org, factory, tenant):
    p = factory.person(tenant.id)
    viewer = login_as("ViewOrg", scope_all=True)
    assert viewer.get(url(org.north)).status_code == 200
    assert viewer.put(url(org.north), json={"personId": p.id}).status_code == 403
    assert viewer.post(url(org.north), json={"personId": p.id}).status_code == 403
    assert login_as().get(url(org.north)).status_code == 403
