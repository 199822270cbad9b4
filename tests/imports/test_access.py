"""Who may import and export: session, the Bulk Import permission, scope, tenant isolation."""

from __future__ import annotations

import pytest

from .conftest import upload

ENDPOINTS = [
    ("post", "/api/upload/groups"), ("post", "/api/upload/teams"), ("post", "/api/upload/persons"),
    ("get", "/api/rest/fileexport/persons"), ("get", "/api/rest/fileimport/teams"),
    ("post", "/api/rest/fileimport/teams"), ("get", "/api/rest/importpreference"),
    ("post", "/api/rest/importpreference"), ("get", "/api/rest/importpreference/1"),
    ("put", "/api/rest/importpreference/1"), ("delete", "/api/rest/importpreference/1"),
]


@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_needs_a_session(client, method, path):
    r = getattr(client, method)(path)
    assert r.status_code == 401 and r.json()["errorMessage"]


@pytest.mark.parametrize("method,path", ENDPOINTS)
def test_needs_bulk_import(login_as, method, path):
    client = login_as("ViewOrg", "UpdateOrg", scope_all=True)
    r = getattr(client, method)(path)
    assert r.status_code == 403 and "Bulk Import" in r.json()["errorMessage"]


def test_scoped_importer_manages_only_what_they_see(login_as, admin_client, factory, tenant, store):
    north, south = factory.group(tenant.id, "North"), factory.group(tenant.id, "South")
    n1, s1 = factory.team(tenant.id, north, "N1"), factory.team(tenant.id, south, "S1")
    factory.person(tenant.id, team_id=n1, email="in@x.test")
    outside = factory.person(tenant.id, team_id=s1, email="out@x.test")
    client = login_as("Bulk Import", "ViewOrg", scope_groups=[north])

    r = upload(client, "persons", "email,firstName,lastName,memberGroup\nin@x.test,Inga,,N1\n")
    assert r.status_code == 200 and r.json()["rows"][0]["status"] == "updated"
    cases = [
        ("email,firstName,lastName\nout@x.test,Otto,\n", "outside your scope"),
        (f"personId,email,firstName,lastName\n{outside.id},,Otto,\n", f"Person {outside.id} does not exist"),
        ("email,firstName,lastName,memberGroup\nin@x.test,,,S1\n", "Team 'S1' does not exist"),
        ("email,firstName,lastName,scopegroups\nin@x.test,,,South\n", "Group 'South' does not exist"),
        ("email,firstName,lastName,scopetenant\nin@x.test,,,True\n", "tenant-wide scope"),
        ("email,firstName,lastName,roles\nin@x.test,,,System Administrator\n", "permissions you do not hold"),
    ]
    for text, needle in cases:
        r = upload(client, "persons", text)
        assert r.status_code == 400, text
        assert needle in r.json()["errors"][0]["reason"], r.json()
    assert store.person("out@x.test").first_name == "Pat"

    r = upload(client, "groups", "id,name,activatedDate,deactivatedDate\n0,Brand New,,\n")
    assert r.status_code == 400 and "tenant-wide" in r.json()["errors"][0]["reason"]
    r = upload(client, "groups", f"id,name,activatedDate,deactivatedDate\n{south},South 2,,\n")
    assert r.status_code == 400 and "does not exist" in r.json()["errors"][0]["reason"]
    r = upload(client, "teams", f"id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation\n"
                                f"{s1},S1 renamed,,,,\n0,N2,,,North,True\n0,X,,,South,True\n")
    assert r.status_code == 400
    assert {e["row"] for e in r.json()["errors"]} == {2, 4}
    r = upload(client, "teams", "id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation\n"
                                "0,N2,,,North,True\n")
    assert r.status_code == 200 and store.team("N2").group_id == north


def test_scope_entries_outside_the_importers_scope_stay(login_as, admin_client, factory, tenant, store):
    north, south = factory.group(tenant.id, "North"), factory.group(tenant.id, "South")
    n1 = factory.team(tenant.id, north, "N1")
    factory.person(tenant.id, team_id=n1, email="sup@x.test", scope_groups=[north, south])
    client = login_as("Bulk Import", scope_groups=[north])
    exported = client.get("/api/rest/fileexport/persons").text
    assert "South" not in exported
    r = upload(client, "persons", exported)
    assert r.status_code == 200 and r.json()["updated"] == 0
    r = upload(client, "persons", "email,firstName,lastName,scopegroups\nsup@x.test,,,North\n")
    assert r.json()["rows"][0]["status"] == "unchanged"
    assert sorted(g.name for g in store.person("sup@x.test").scope_groups) == ["North", "South"]


def test_tenants_are_isolated(admin_client, factory, tenant, new_client):
    other = factory.tenant()
    other_client = new_client()
    factory.login(other_client, other.admin_email, tenant_id=other.id)
    mine = factory.person(tenant.id, email="same@x.test")
    pref = admin_client.post("/api/rest/importpreference", json={"name": "Mine", "type": "teams"}).json()

    r = upload(other_client, "persons", f"personId,email,firstName,lastName\n{mine.id},,Hacked,\n")
    assert r.status_code == 400 and "does not exist" in r.json()["errors"][0]["reason"]
    r = upload(other_client, "persons", "email,firstName,lastName\nsame@x.test,Other,Tenant\n")
    assert r.status_code == 200 and r.json()["rows"][0]["status"] == "created"
    assert r.json()["rows"][0]["id"] != mine.id
    theirs = [line for line in other_client.get("/api/rest/fileexport/persons").text.splitlines()
              if "same@x.test" in line]
    assert len(theirs) == 1 and ",Other,Tenant," in theirs[0]
    mine_csv = admin_client.get("/api/rest/fileexport/persons").text
    assert "same@x.test,Pat,Tester" in mine_csv and "Other,Tenant" not in mine_csv
    assert other_client.get(f"/api/rest/importpreference/{pref['id']}").status_code == 404
    assert other_client.delete(f"/api/rest/importpreference/{pref['id']}").status_code == 404
    assert other_client.get("/api/rest/importpreference").json()["preferences"][2] == {"teams": []}
    r = upload(other_client, "groups", "id,name,activatedDate,deactivatedDate\n0,Default Group,,\n")
    assert r.status_code == 200 and r.json()["rows"][0]["status"] == "unchanged"


def test_scoped_importer_names_the_team_of_a_new_person(login_as, factory, tenant, store):
    # The default team is outside a supervisor scoped to North: a new person must go to a team they see.
    north = factory.group(tenant.id, "North")
    factory.team(tenant.id, north, "N1")
    # (holding the default Agent role's permissions, so that it may be given)
    client = login_as("Bulk Import", "View Schedules", "Record Voice", "Record Screen", "Recording Controls",
                      scope_groups=[north])
    r = upload(client, "persons", "email,firstName,lastName\nnew@x.test,New,Person\n")
    assert r.status_code == 400
    assert r.json()["errors"] == [{"row": 2, "column": "memberGroup",
                                   "reason": "A new person needs memberGroup: the default team is outside your scope"}]
    assert store.person("new@x.test") is None
    r = upload(client, "persons", "email,firstName,lastName,memberGroup\nnew@x.test,New,Person,N1\n")
    assert r.status_code == 200 and store.person("new@x.test").team.name == "N1"
