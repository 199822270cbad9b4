"""Tenant API: the caller's own tenant, renaming it, creating new tenants with their defaults."""

from __future__ import annotations

from openwfo.kit.clock import now_ms
from openwfo.org.wire import NOT_DEACTIVATED

URL = "/api/rest/org/tenant"


def test_lists_only_the_callers_tenant(admin_client, tenant, other_tenant):
    r = admin_client.get(URL)
    assert r.status_code == 200
    [t] = r.json()
    assert t["id"] == tenant.id and t["name"] == tenant.name
    assert t["activated"] > 0 and t["deactivated"] == NOT_DEACTIVATED
    assert set(t) == {"id", "name", "activated", "deactivated"}


def test_rename_own_tenant(admin_client, factory, tenant):
    name = factory.unique("Renamed")
    r = admin_client.post(URL, json={"id": tenant.id, "name": name})
    assert r.status_code == 200 and r.json()["name"] == name
    assert admin_client.get(URL).json()[0]["name"] == name


def test_other_tenants_id_is_404(admin_client, other_tenant):
    r = admin_client.post(URL, json={"id": other_tenant.id, "name": "Mine now"})
    assert r.status_code == 404


def test_a_tenant_cannot_deactivate_itself(admin_client, tenant):
    r = admin_client.post(URL, json={"id": tenant.id, "deactivated": now_ms() - 1000})
    assert r.status_code == 409
    # a future time (the reference's "never") is accepted and changes nothing
    r = admin_client.post(URL, json={"id": tenant.id, "deactivated": NOT_DEACTIVATED})
    assert r.status_code == 200 and r.json()["deactivated"] == NOT_DEACTIVATED


def test_create_tenant_with_defaults_and_first_administrator(admin_client, factory, new_client, tenant):
    name = factory.unique("Acme Rockets")
    email = f"{factory.unique('boss')}@acme.test"
    r = admin_client.post(URL, json={"name": name, "activated": 1395205200000, "adminEmail": email,
                                     "adminPassword": "Rocket-pass-1", "timeZone": "Europe/London"})
    assert r.status_code == 200, r.text
    created = r.json()
    assert created["name"] == name and created["activated"] == 1395205200000 and created["id"] != tenant.id
    # the caller still sees (and writes) only their own tenant
    assert [t["id"] for t in admin_client.get(URL).json()] == [tenant.id]
    assert all(g["name"] != name for g in admin_client.get("/api/rest/org/group").json())
    # the new tenant's administrator logs in and finds the defaults
    c = new_client()
    session = factory.login(c, email, "Rocket-pass-1", tenant_id=created["id"])
    assert session["tenantId"] == created["id"] and session["timezoneString"] == "Europe/London"
    names = {g["name"] for g in c.get("/api/rest/org/group").json()}
    assert {"Root", "Default Group"} <= names
    assert {r["name"] for r in c.get("/api/rest/org/role").json()} == {"System Administrator", "Supervisor", "Agent"}


def test_create_validation(admin_client, tenant):
    assert admin_client.post(URL, json={"activated": 1}).status_code == 400
    r = admin_client.post(URL, json={"name": "   "})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "name"
    r = admin_client.post(URL, json={"name": tenant.name.upper()})
    assert r.status_code == 409
    r = admin_client.post(URL, json={"name": "Lonely", "adminEmail": "x@y.test"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "adminPassword"
    r = admin_client.post(URL, json={"name": "Zoned", "timeZone": "Mars/Olympus"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "timeZone"


def test_creating_needs_administer_tenant(login_as):
    c = login_as("ViewOrg", "UpdateOrg")
    r = c.post(URL, json={"name": "Shadow"})
    assert r.status_code == 403 and "Administer Tenant" in r.json()["errorMessage"]


def test_permissions(login_as, client):
    assert client.get(URL).status_code == 401
    agent = login_as()
    assert agent.get(URL).status_code == 403
    viewer = login_as("ViewOrg")
    assert viewer.get(URL).status_code == 200
    assert viewer.post(URL, json={"name": "x"}).status_code == 403
