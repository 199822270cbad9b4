"""Organization APIs as Calabrio ONE is deployed (extensions): persons for a permission, the list
fields groupId/parentGroupId, agents for a team, and one id space for groups and teams."""

from __future__ import annotations

import io

from sqlalchemy import select

from openwfo.models import Group, Team

COMMON = "/api/rest/org/common"


def test_persons_for_permission_are_the_callers_scope(admin_client, login_as, factory, tenant, org, other_tenant):
    a = factory.person(tenant.id, team_id=org.north_teams[0], first_name="Ann", last_name="Able",
                       ad_login="CORP\\ann", display_id="ann.a")
    b = factory.person(tenant.id, team_id=org.south_teams[0], deactivated=True)
    factory.person(other_tenant.id)
    rows = admin_client.get(f"{COMMON}/person/permission/ViewOrg").json()
    by_id = {r["personId"]: r for r in rows}
    assert by_id[a.id] == {"personId": a.id, "email": a.email, "adLogin": "CORP\\ann", "active": True,
                           "displayId": "ann.a", "firstName": "Ann", "lastName": "Able"}
    assert by_id[b.id]["active"] is False and by_id[b.id]["adLogin"] is None
    assert tenant.admin_id in by_id
    sup = login_as("ViewOrg", scope_groups=[org.north])
    seen = {r["personId"] for r in sup.get(f"{COMMON}/person/permission/ViewOrg").json()}
    assert seen == {a.id, sup.person.id}
    # a permission the caller lacks: nobody; an unknown one: 400
    assert sup.get(f"{COMMON}/person/permission/Administer WFM").json() == []
    r = sup.get(f"{COMMON}/person/permission/NoSuchThing")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "permission"


def test_group_and_team_lists_carry_group_ids(admin_client, org):
    groups = {g["id"]: g for g in admin_client.get(f"{COMMON}/group/permission/ViewOrg").json()}
    root = next(g for g in groups.values() if g["parentGroupId"] is None)
    assert groups[org.north]["groupId"] == org.north and groups[org.north]["parentGroupId"] == root["id"]
    listed = {g["id"]: g for g in admin_client.get("/api/rest/org/group").json()}
    assert listed[org.south] == {"id": org.south, "name": groups[org.south]["name"], "groupId": org.south,
                                 "parentGroupId": root["id"]}
    teams = {t["id"]: t for t in admin_client.get(f"{COMMON}/team/permission/ViewOrg").json()}
    assert teams[org.north_teams[0]]["parentGroupId"] == org.north == teams[org.north_teams[0]]["groupId"]
    with_teams = admin_client.get(f"{COMMON}/group/{org.south}").json()
    assert {t["id"]: t["parentGroupId"] for t in with_teams["teams"]} == {t: org.south for t in org.south_teams}


def test_agents_for_team(admin_client, login_as, factory, tenant, org):
    a = factory.person(tenant.id, team_id=org.north_teams[0], acd_id="4711", first_name="Ann", last_name="A")
    b = factory.person(tenant.id, team_id=org.south_teams[1])
    r = admin_client.get(f"{COMMON}/agents/for/team/{org.north_teams[0]}")
    assert r.status_code == 200
    agents = r.json()["agents"]
    assert [x["id"] for x in agents] == [a.id]
    assert {"id": a.id, "firstName": "Ann", "lastName": "A", "email": a.email, "acdId": "4711"}.items() <= \
        agents[0].items()
    every = {x["id"] for x in admin_client.get(f"{COMMON}/agents/for/team/0").json()["agents"]}
    assert {a.id, b.id, tenant.admin_id} <= every
    sup = login_as("ViewOrg", scope_teams=[org.north_teams[0]])
    assert {x["id"] for x in sup.get(f"{COMMON}/agents/for/team/0").json()["agents"]} == {a.id, sup.person.id}
    assert sup.get(f"{COMMON}/agents/for/team/{org.south_teams[1]}").status_code == 404
    assert admin_client.get(f"{COMMON}/agents/for/team/-1").status_code == 400


def _all_ids(app, tenant_id):
    with app.state.database.session(tenant_id) as db:
        return set(db.scalars(select(Group.id))), set(db.scalars(select(Team.id)))


def test_groups_and_teams_never_share_an_id(app, admin_client, factory, tenant, org):
    # every way in: factories (ORM), the Group/Team APIs, the bulk upload (Core inserts)
    g = admin_client.post("/api/rest/org/group", json={"name": factory.unique("G")}).json()["id"]
    t = admin_client.post(f"{COMMON}/team", json={"name": factory.unique("T"), "parentGroupId": g}).json()["id"]
    csv = f"id,name,activatedDate,deactivatedDate\n,{factory.unique('BulkG')},,\n,{factory.unique('BulkG')},,\n"
    r = admin_client.post("/api/upload/groups", files={"file": ("g.csv", io.BytesIO(csv.encode()), "text/csv")})
    assert r.status_code == 200, r.text
    csv = ("id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation\n"
           f",{factory.unique('BulkT')},,,{g},\n,{factory.unique('BulkT')},,,{g},\n")
    r = admin_client.post("/api/upload/teams", files={"file": ("t.csv", io.BytesIO(csv.encode()), "text/csv")})
    assert r.status_code == 200, r.text
    groups, teams = _all_ids(app, tenant.id)
    assert {g, org.north, org.south} <= groups and {t, *org.north_teams} <= teams
    assert len(groups) >= 6 and len(teams) >= 7
    assert not groups & teams


def test_group_person_endpoints_accept_a_team_id(admin_client, login_as, factory, tenant, org, other_tenant):
    a = factory.person(tenant.id, team_id=org.north_teams[0])
    factory.person(tenant.id, team_id=org.north_teams[1])
    url = f"/api/rest/org/group/{org.north_teams[0]}/person"
    assert [p["personId"] for p in admin_client.get(url).json()] == [a.id]
    # moving into a team by its id
    b = factory.person(tenant.id, team_id=org.south_teams[0])
    r = admin_client.put(url, json={"personId": b.id})
    assert r.status_code == 200 and {p["personId"] for p in r.json()} == {a.id, b.id}
    assert admin_client.get(f"{COMMON}/person/{b.id}").json()["teamId"] == org.north_teams[0]
    c = factory.person(tenant.id, team_id=org.south_teams[0])
    assert admin_client.post(url, json={"personId": c.id}).status_code == 200
    r = admin_client.post(url, json={"personId": c.id, "teamId": org.north_teams[1]})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "teamId"
    # scope and tenants still apply
    sup = login_as("ViewOrg", "UpdateOrg", scope_teams=[org.south_teams[0]])
    assert sup.get(url).status_code == 404
    assert sup.put(url, json={"personId": c.id}).status_code == 404
    foreign_group = factory.group(other_tenant.id)
    assert admin_client.get(f"/api/rest/org/group/{factory.team(other_tenant.id, foreign_group)}/person") \
        .status_code == 404
