"""Group API, Common Group API, Group by ID (with Teams), Group (with Scope) API."""

from __future__ import annotations

from sqlalchemy import select

from openwfo.kit.clock import now_ms
from openwfo.models import PersonScopeGroup
from openwfo.org.wire import NOT_DEACTIVATED

GROUPS = "/api/rest/org/group"
COMMON = "/api/rest/org/common/group"


def _ids(rows):
    return {r["id"] for r in rows}


# ------------------------------------------------------------------ list / read


def test_list_groups_admin_sees_all(admin_client, org, other_tenant, factory):
    foreign = factory.group(other_tenant.id, factory.unique("Foreign"))
    rows = admin_client.get(GROUPS).json()
    assert {org.north, org.south} <= _ids(rows) and foreign not in _ids(rows)
    assert all(set(r) == {"id", "name", "groupId", "parentGroupId"} for r in rows)
    assert all(r["groupId"] == r["id"] for r in rows)
    assert {"Root", "Default Group"} <= {r["name"] for r in rows}


def test_list_groups_scoped_supervisor_sees_own_subtree(login_as, org, factory, tenant):
    below = factory.group(tenant.id, factory.unique("North-East"), parent_id=org.north)
    sup = login_as("ViewOrg", scope_groups=[org.north])
    assert _ids(sup.get(GROUPS).json()) == {org.north, below}


def test_read_group(admin_client, org):
    r = admin_client.get(f"{GROUPS}/{org.north}")
    assert r.status_code == 200
    g = r.json()
    assert g["id"] == org.north and g["deactivated"] == NOT_DEACTIVATED and g["activated"] > 0
    assert set(g) == {"id", "name", "activated", "deactivated", "parentGroupId"}


def test_read_group_out_of_scope_or_other_tenant_is_404(login_as, admin_client, org, other_tenant, factory):
    sup = login_as("ViewOrg", scope_groups=[org.north])
    assert sup.get(f"{GROUPS}/{org.south}").status_code == 404
    assert sup.get(f"{COMMON}/{org.south}").status_code == 404
    foreign = factory.group(other_tenant.id)
    assert admin_client.get(f"{GROUPS}/{foreign}").status_code == 404
    assert admin_client.get(f"{GROUPS}/999999999").status_code == 404
    assert admin_client.get(f"{GROUPS}/0").status_code == 400


def test_read_group_with_teams(admin_client, org):
    g = admin_client.get(f"{COMMON}/{org.north}").json()
    assert [t["id"] for t in g["teams"]] == org.north_teams
    assert all(t["groupId"] == org.north and t["name"] for t in g["teams"])


# ------------------------------------------------------------------ create / update


def test_create_group_defaults_to_root(admin_client, factory):
    name = factory.unique("Acme Rockets")
    r = admin_client.post(GROUPS, json={"name": name, "activated": 1395205200000})
    assert r.status_code == 200, r.text
    g = r.json()
    root = next(x for x in admin_client.get(GROUPS).json() if x["name"] == "Root")
    assert g["name"] == name and g["parentGroupId"] == root["id"] and g["activated"] == 1395205200000
    assert g["deactivated"] == NOT_DEACTIVATED
    assert g["id"] in _ids(admin_client.get(GROUPS).json())


def test_create_group_under_parent_and_validation(admin_client, org, factory, other_tenant):
    name = factory.unique("Sub")
    r = admin_client.post(GROUPS, json={"name": name, "ParentGroupId": org.north})
    assert r.status_code == 200 and r.json()["parentGroupId"] == org.north
    r = admin_client.post(GROUPS, json={"name": name.upper(), "parentGroupId": org.north})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "name"
    assert admin_client.post(GROUPS, json={"name": ""}).status_code == 400
    assert admin_client.post(GROUPS, json={"name": "x" * 61}).status_code == 400
    assert admin_client.post(GROUPS, json={"parentGroupId": org.north}).status_code == 400
    r = admin_client.post(GROUPS, json={"name": factory.unique("g"), "parentGroupId": factory.group(other_tenant.id)})
    assert r.status_code == 404 and r.json()["errors"][0]["field"] == "parentGroupId"
    assert admin_client.post(GROUPS, json={"name": "x", "activated": "soon"}).status_code == 400


def test_post_with_id_updates(admin_client, org):
    r = admin_client.post(GROUPS, json={"id": org.north, "name": "North Renamed"})
    assert r.status_code == 200 and r.json()["id"] == org.north
    assert admin_client.get(f"{GROUPS}/{org.north}").json()["name"] == "North Renamed"


def test_update_group(admin_client, org, factory, tenant):
    below = factory.group(tenant.id, factory.unique("Below"), parent_id=org.north)
    r = admin_client.post(f"{GROUPS}/{below}", json={"name": "Moved", "parentGroupId": org.south})
    assert r.status_code == 200 and r.json()["parentGroupId"] == org.south and r.json()["name"] == "Moved"
    # fields left out are kept
    r = admin_client.post(f"{GROUPS}/{below}", json={"activated": 1000})
    assert r.json()["name"] == "Moved" and r.json()["activated"] == 1000
    # deactivate, then reactivate
    past = now_ms() - 60_000
    assert admin_client.post(f"{GROUPS}/{below}", json={"deactivated": past}).json()["deactivated"] == past
    assert admin_client.post(f"{GROUPS}/{below}", json={"deactivated": None}).json()["deactivated"] == NOT_DEACTIVATED


def test_update_group_refuses_cycles_and_root_moves(admin_client, org, factory, tenant):
    below = factory.group(tenant.id, factory.unique("Below"), parent_id=org.north)
    r = admin_client.post(f"{GROUPS}/{org.north}", json={"parentGroupId": below})
    assert r.status_code == 400 and "itself" in r.json()["errorMessage"]
    assert admin_client.post(f"{GROUPS}/{org.north}", json={"parentGroupId": org.north}).status_code == 400
    root = next(x for x in admin_client.get(GROUPS).json() if x["name"] == "Root")
    assert admin_client.post(f"{GROUPS}/{root['id']}", json={"parentGroupId": org.north}).status_code == 400
    assert admin_client.post(f"{GROUPS}/{org.north}", json={"id": org.south}).status_code == 400
    assert admin_client.post(f"{GROUPS}/{org.north}", json={"name": "Default group"}).status_code == 409


def test_scoped_supervisor_creates_and_changes_only_in_scope(login_as, org, factory):
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    r = sup.post(GROUPS, json={"name": factory.unique("Mine"), "parentGroupId": org.north})
    assert r.status_code == 200
    assert r.json()["id"] in _ids(sup.get(GROUPS).json())
    assert sup.post(GROUPS, json={"name": factory.unique("x"), "parentGroupId": org.south}).status_code == 404
    assert sup.post(GROUPS, json={"name": factory.unique("x")}).status_code == 400  # the root is not theirs
    assert sup.post(f"{GROUPS}/{org.south}", json={"name": "Taken over"}).status_code == 404
    # cannot move their group out of their own scope either
    assert sup.post(f"{GROUPS}/{org.north}", json={"parentGroupId": org.south}).status_code == 404


def test_write_needs_update_org(login_as, org):
    viewer = login_as("ViewOrg", scope_all=True)
    assert viewer.post(GROUPS, json={"name": "x"}).status_code == 403
    assert viewer.post(f"{GROUPS}/{org.north}", json={"name": "x"}).status_code == 403
    assert viewer.post(COMMON, json={"name": "x"}).status_code == 403
    assert viewer.delete(f"{COMMON}/{org.north}").status_code == 403
    assert login_as().get(GROUPS).status_code == 403


# ------------------------------------------------------------------ common group: teams, delete


def test_common_group_create_moves_teams(admin_client, org, factory):
    name = factory.unique("Combined")
    r = admin_client.post(COMMON, json={"name": name, "parentGroupId": org.north,
                                        "teams": [org.south_teams[0], {"id": org.north_teams[1]}]})
    assert r.status_code == 200, r.text
    g = r.json()
    assert g["parentGroupId"] == org.north
    assert {t["id"] for t in g["teams"]} == {org.south_teams[0], org.north_teams[1]}
    assert [t["id"] for t in admin_client.get(f"{COMMON}/{org.south}").json()["teams"]] == [org.south_teams[1]]


def test_common_group_update_moves_listed_teams_and_keeps_others(admin_client, org):
    r = admin_client.post(f"{COMMON}/{org.north}", json={"name": "North", "parentGroupId": None,
                                                         "teams": [org.south_teams[1]]})
    assert r.status_code == 200, r.text
    assert {t["id"] for t in r.json()["teams"]} == set(org.north_teams) | {org.south_teams[1]}


def test_common_group_teams_must_be_in_scope(login_as, org, factory):
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    r = sup.post(COMMON, json={"name": factory.unique("x"), "parentGroupId": org.north, "teams": [org.south_teams[0]]})
    assert r.status_code == 404
    r = sup.post(COMMON, json={"name": factory.unique("x"), "parentGroupId": org.north, "teams": ["Billing"]})
    assert r.status_code == 400


def test_delete_group_refuses_while_anything_hangs_on_it(admin_client, org, factory, tenant):
    r = admin_client.delete(f"{COMMON}/{org.north}")
    assert r.status_code == 409 and "team" in r.json()["errorMessage"]
    parent = factory.group(tenant.id, factory.unique("Parent"))
    factory.group(tenant.id, factory.unique("Child"), parent_id=parent)
    r = admin_client.delete(f"{COMMON}/{parent}")
    assert r.status_code == 409 and "subgroup" in r.json()["errorMessage"]
    groups = {g["name"]: g["id"] for g in admin_client.get(GROUPS).json()}
    assert admin_client.delete(f"{COMMON}/{groups['Root']}").status_code == 409
    assert admin_client.delete(f"{COMMON}/{groups['Default Group']}").status_code == 409
    # nothing was lost
    assert [t["id"] for t in admin_client.get(f"{COMMON}/{org.north}").json()["teams"]] == org.north_teams


def test_delete_empty_group_drops_it_from_scope(app, admin_client, factory, tenant, login_as):
    empty = factory.group(tenant.id, factory.unique("Empty"))
    sup = login_as("ViewOrg", scope_groups=[empty])
    assert _ids(sup.get(GROUPS).json()) == {empty}
    r = admin_client.delete(f"{COMMON}/{empty}")
    assert r.status_code == 200 and r.json()["id"] == empty and r.json()["teams"] == []
    assert admin_client.get(f"{GROUPS}/{empty}").status_code == 404
    with app.state.database.session(tenant.id) as db:
        assert not list(db.scalars(select(PersonScopeGroup).where(PersonScopeGroup.group_id == empty)))
    # the supervisor's live session followed
    assert sup.get("/api/rest/authorize").json()["groupsInScope"] == []


def test_delete_group_out_of_scope_or_other_tenant_is_404(login_as, admin_client, factory, tenant, other_tenant, org):
    empty = factory.group(tenant.id, factory.unique("Empty"))
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    assert sup.delete(f"{COMMON}/{empty}").status_code == 404
    assert admin_client.delete(f"{COMMON}/{factory.group(other_tenant.id)}").status_code == 404


# ------------------------------------------------------------------ with scope for a permission


def test_groups_for_permission(admin_client, login_as, org):
    assert {org.north, org.south} <= _ids(admin_client.get(f"{COMMON}/permission/ViewOrg").json())
    assert admin_client.get(f"{COMMON}/permission/planschedules").status_code == 200  # any case, no spaces
    sup = login_as("ViewOrg", scope_groups=[org.north])
    assert _ids(sup.get(f"{COMMON}/permission/ViewOrg").json()) == {org.north}
    # a permission the caller does not hold gives no scope
    assert sup.get(f"{COMMON}/permission/Plan Schedules").json() == []
    r = sup.get(f"{COMMON}/permission/NoSuchThing")
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "permission"


def test_create_group_for_permission(admin_client, login_as, org, factory):
    name = factory.unique("Scoped")
    r = admin_client.post(f"{COMMON}/permission/UpdateOrg", json={"name": name, "parentGroupId": org.north})
    assert r.status_code == 200 and r.json()["name"] == name and set(r.json()) == {"id", "name", "groupId", "parentGroupId"}
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    r = sup.post(f"{COMMON}/permission/Administer WFM", json={"name": factory.unique("x"), "parentGroupId": org.north})
    assert r.status_code == 403
    r = sup.post(f"{COMMON}/permission/UpdateOrg", json={"name": factory.unique("x"), "parentGroupId": org.south})
    assert r.status_code == 404
    assert login_as("ViewOrg").post(f"{COMMON}/permission/ViewOrg", json={"name": "x"}).status_code == 403


def test_parent_group_given_by_name(admin_client, org, factory, tenant, login_as):
    north = admin_client.get(f"{GROUPS}/{org.north}").json()["name"]
    south = admin_client.get(f"{GROUPS}/{org.south}").json()["name"]
    r = admin_client.post(GROUPS, json={"name": factory.unique("Sub"), "ParentGroupId": north})
    assert r.status_code == 200 and r.json()["parentGroupId"] == org.north
    gid = r.json()["id"]
    r = admin_client.post(f"/api/rest/org/common/group/{gid}", json={"name": "Moved", "parentGroupId": south.lower()})
    assert r.status_code == 200 and r.json()["parentGroupId"] == org.south
    r = admin_client.post(f"{GROUPS}/{gid}", json={"parentGroupId": "Nowhere"})
    assert r.status_code == 404 and r.json()["errors"][0]["field"] == "parentGroupId"
    assert admin_client.get(f"{GROUPS}/{gid}").json()["parentGroupId"] == org.south
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    r = sup.post("/api/rest/org/common/group", json={"name": factory.unique("X"), "parentGroupId": south})
    assert r.status_code == 404
