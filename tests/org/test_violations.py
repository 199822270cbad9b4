"""Organization writes collect every violation of a request: one error names each bad field, its
status the first of 400, 404, 409 present; a single violation answers as before (same message and
status); a refusal of the caller (403) is never hidden among them."""

from __future__ import annotations

GROUPS = "/api/rest/org/group"
COMMON_GROUPS = "/api/rest/org/common/group"
TEAMS = "/api/rest/org/common/team"
ROLES = "/api/rest/org/role"
PERSONS = "/api/rest/org/common/person"
TENANTS = "/api/rest/org/tenant"
MISSING = 9_000_000_000


def _fields(r) -> list[str]:
    return [e.get("field") for e in r.json()["errors"]]


def _bad(r, *fields: str) -> None:
    assert r.status_code == 400, r.text
    body = r.json()
    assert "requestId" in body and f"(and {len(fields) - 1} more)" in body["errorMessage"]
    assert _fields(r) == list(fields)


# ------------------------------------------------------------------ groups


def test_group_create_names_every_bad_field(admin_client, org):
    r = admin_client.post(GROUPS, json={"name": "  ", "parentGroupId": MISSING})
    _bad(r, "name", "parentGroupId")
    assert r.json()["errorMessage"].startswith("name is required")
    r = admin_client.post(COMMON_GROUPS, json={"name": "x" * 61, "parentGroupId": org.north,
                                               "teams": [MISSING, "a name", org.south_teams[0], MISSING + 1]})
    _bad(r, "name", "teams[1]", "teams[0]", "teams[3]")  # not an id, then not found


def test_group_update_names_every_bad_field(admin_client, org, factory, tenant):
    below = factory.group(tenant.id, factory.unique("Below"), parent_id=org.north)
    r = admin_client.post(f"{GROUPS}/{org.north}", json={"id": org.south, "name": "", "parentGroupId": below})
    _bad(r, "id", "name", "parentGroupId")
    assert admin_client.get(f"{GROUPS}/{org.north}").json()["parentGroupId"] != below  # nothing changed


def test_group_not_found_and_conflict_together_answer_404_naming_both(admin_client, org, factory, tenant):
    taken = factory.unique("Taken")
    factory.group(tenant.id, taken)
    r = admin_client.post(GROUPS, json={"name": taken.upper(), "parentGroupId": MISSING})
    assert r.status_code == 404 and _fields(r) == ["parentGroupId", "name"]
    assert r.json()["errorMessage"] == f"Parent group {MISSING} does not exist (and 1 more)"
    # one violation alone: the same answer as before
    r = admin_client.post(GROUPS, json={"name": taken, "parentGroupId": org.north})
    assert r.status_code == 409 and r.json()["errorMessage"] == f"A group named '{taken}' already exists"


# ------------------------------------------------------------------ teams


def test_team_create_names_every_bad_field(admin_client, org):
    r = admin_client.post(TEAMS, json={"name": "", "parentGroupId": org.north, "users": [MISSING, {"name": "x"}]})
    _bad(r, "name", "users[1]", "users[0]")
    r = admin_client.post(TEAMS, json={"name": "", "parentGroupId": org.north, "groupId": org.south})
    _bad(r, "parentGroupId", "name")


def test_team_update_names_every_bad_field(admin_client, org):
    team = org.north_teams[0]
    r = admin_client.put(f"{TEAMS}/{team}", json={"id": team + 1000, "name": "y" * 61, "parentGroupId": MISSING,
                                                  "users": [MISSING]})
    _bad(r, "id", "name", "parentGroupId", "users[0]")


# ------------------------------------------------------------------ roles


def test_role_create_names_every_bad_field(admin_client):
    r = admin_client.post(ROLES, json={"name": "", "permissions": ["ViewOrg", "No Such", 999999]})
    _bad(r, "name", "permissions[1]", "permissions[2]")
    r = admin_client.post(ROLES, json={"name": "ok", "tenantId": MISSING, "permissions": ["nope"]})
    _bad(r, "tenantId", "permissions[0]")


def test_role_update_names_every_bad_field(admin_client, factory, tenant):
    role = factory.role(tenant.id, [])
    r = admin_client.put(f"{ROLES}/{role}", json={"name": " ", "permissions": [{"name": "nope"}, "ViewOrg", "-1"]})
    _bad(r, "name", "permissions[0]", "permissions[2]")


def test_a_refusal_of_the_caller_is_not_collected(login_as):
    c = login_as("ViewOrg", "UpdateOrg", scope_all=True)
    r = c.post(ROLES, json={"name": "", "permissions": ["Administer Tenant"]})
    assert r.status_code == 400 and _fields(r) == ["name"]  # the body first
    r = c.post(ROLES, json={"name": "mine", "permissions": ["Administer Tenant"]})
    assert r.status_code == 403


# ------------------------------------------------------------------ persons


def test_person_create_names_every_bad_field(admin_client, org):
    r = admin_client.post(PERSONS, json={
        "firstName": "", "lastName": "L", "email": "a b", "password": "short", "locale": "??",
        "timeZone": "Mars/Olympus", "groupId": MISSING, "roles": ["no such role"], "scopeGroups": [MISSING],
        "agentDetail": {"companyStartDate": "yesterday"},
    })
    assert r.status_code == 400
    assert _fields(r) == ["firstName", "email", "password", "timeZone", "locale", "groupId",
                          "agentDetail.companyStartDate", "roles[0]", "scopeGroups[0]"]
    assert r.json()["errorMessage"] == "Missing required field(s): firstName (and 8 more)"


def test_person_update_names_every_bad_field(admin_client, factory, tenant):
    other = factory.person(tenant.id, ad_login=factory.unique("ad"))
    p = factory.person(tenant.id)
    r = admin_client.put(f"{PERSONS}/{p.id}", json={"email": other.email.upper(), "lastName": "  ",
                                                    "adLogin": other.ad_login.upper(), "acdServerId": "abc",
                                                    "qmViews": [True, 3]})
    assert r.status_code == 400
    assert _fields(r) == ["lastName", "email", "adLogin", "acdServerId", "qmViews[0]"]
    # the conflict alone answers as before
    r = admin_client.put(f"{PERSONS}/{p.id}", json={"email": other.email})
    assert r.status_code == 409 and r.json()["errorMessage"] == f"A person with email {other.email} already exists"


# ------------------------------------------------------------------ tenants


def test_tenant_update_names_every_bad_field(admin_client, tenant):
    r = admin_client.post(TENANTS, json={"id": tenant.id, "name": "", "timeZone": "Nowhere/Town",
                                         "deactivated": 1})
    assert r.status_code == 400
    assert _fields(r) == ["name", "deactivated", "timeZone"]
    r = admin_client.post(TENANTS, json={"id": tenant.id, "deactivated": 1})
    assert r.status_code == 409 and r.json()["errorMessage"] == "A tenant cannot deactivate itself"


# ------------------------------------------------------------------ path ids


def test_org_path_ids_are_bounded(admin_client):
    big = 2**63
    for method, url in (("get", f"{GROUPS}/{big}"), ("get", f"{COMMON_GROUPS}/{big}"), ("get", f"{TEAMS}/{big}"),
                        ("delete", f"{TEAMS}/{big}"), ("get", f"{ROLES}/{big}"), ("get", f"{PERSONS}/{big}"),
                        ("get", f"{PERSONS}/-1/roles"), ("get", f"/api/rest/org/person/{big}/timezone"),
                        ("get", f"/api/rest/org/common/agents/for/team/{big}"),
                        ("get", f"{PERSONS}/{big}/status"),
                        ("get", "/api/rest/org/common/group/permission/" + "p" * 201)):
        r = getattr(admin_client, method)(url)
        assert r.status_code == 400, (url, r.text)
        assert "requestId" in r.json()
