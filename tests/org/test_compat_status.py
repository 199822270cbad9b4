"""A person's login status (extension): GET/PUT /api/rest/org/common/person/{id}/status."""

from __future__ import annotations

LOGIN = "/api/rest/authorize"


def url(pid: int) -> str:
    return f"/api/rest/org/common/person/{pid}/status"


def _fail_until_locked(client, email):
    for _ in range(10):
        assert client.post(LOGIN, json={"userId": email, "password": "wrong-password"}).status_code == 401


def test_failed_logins_lock_and_an_administrator_unlocks(admin_client, new_client, factory, tenant):
    p = factory.person(tenant.id)
    assert admin_client.get(url(p.id)).json() == {"status": "unlocked"}
    c = new_client()
    _fail_until_locked(c, p.email)
    assert c.post(LOGIN, json={"userId": p.email, "password": factory.PASSWORD}).status_code == 429
    assert admin_client.get(url(p.id)).json() == {"status": "locked"}
    r = admin_client.put(url(p.id), json={"status": "unlocked"})
    assert r.status_code == 200 and r.json() == {"status": "unlocked"}
    assert admin_client.get(url(p.id)).json() == {"status": "unlocked"}
    assert c.post(LOGIN, json={"userId": p.email, "password": factory.PASSWORD}).status_code == 200
    # unlocking an unlocked account
    r = admin_client.put(url(p.id), json={"status": "unlocked"})
    assert r.status_code == 400
    assert r.json()["errorMessage"] == "User's account is already unlocked" and "requestId" in r.json()


def test_administrator_lock_refuses_login_until_unlocked(admin_client, new_client, factory, tenant):
    p = factory.person(tenant.id)
    c = new_client()
    factory.login(c, p.email, tenant_id=tenant.id)
    r = admin_client.put(url(p.id), json={"status": "locked"})
    assert r.status_code == 200 and r.json() == {"status": "locked"}
    assert c.get(LOGIN).status_code == 401  # the live session ended
    r = c.post(LOGIN, json={"userId": p.email, "password": factory.PASSWORD})
    assert r.status_code == 429 and r.json()["errorMessage"]
    assert admin_client.get(url(p.id)).json() == {"status": "locked"}
    assert admin_client.put(url(p.id), json={"status": "locked"}).status_code == 400
    assert admin_client.put(url(p.id), json={"status": "UNLOCKED"}).json() == {"status": "unlocked"}
    assert c.post(LOGIN, json={"userId": p.email, "password": factory.PASSWORD}).status_code == 200


def test_status_needs_permission_scope_and_a_valid_value(admin_client, login_as, factory, tenant, org,
                                                         other_tenant):
    inside = factory.person(tenant.id, team_id=org.north_teams[0])
    outside = factory.person(tenant.id, team_id=org.south_teams[0])
    viewer = login_as("ViewOrg", scope_groups=[org.north])
    assert viewer.get(url(inside.id)).json() == {"status": "unlocked"}
    assert viewer.put(url(inside.id), json={"status": "locked"}).status_code == 403
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    assert sup.get(url(outside.id)).status_code == 404
    assert sup.put(url(outside.id), json={"status": "locked"}).status_code == 404
    assert sup.put(url(inside.id), json={"status": "locked"}).status_code == 200
    r = sup.put(url(inside.id), json={"status": "frozen"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "status"
    assert sup.put(url(inside.id), json={}).status_code == 400
    assert admin_client.put(url(tenant.admin_id), json={"status": "locked"}).status_code == 409
    foreign = factory.person(other_tenant.id)
    assert admin_client.get(url(foreign.id)).status_code == 404


def test_a_locked_person_can_still_be_deleted(admin_client, factory, tenant):
    p = factory.person(tenant.id)
    assert admin_client.put(url(p.id), json={"status": "locked"}).status_code == 200
    assert admin_client.delete(f"/api/rest/org/common/person/{p.id}").status_code == 200
