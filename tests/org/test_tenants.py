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
    assert set(t) == {"id", "name", "activated", "deactivated", "timeZone"}


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


def test_creating_is_the_operators_act(login_as):
    # tenants are created by `openwfo admin create` (tests/org/test_security_hardening.py)
    c = login_as("ViewOrg", "UpdateOrg")
    r = c.post(URL, json={"name": "Shadow"})
    assert r.status_code == 403 and "openwfo admin create" in r.json()["errorMessage"]


def test_permissions(login_as, client):
    assert client.get(URL).status_code == 401
    agent = login_as()
    assert agent.get(URL).status_code == 403
    viewer = login_as("ViewOrg")
    assert viewer.get(URL).status_code == 200
    assert viewer.post(URL, json={"name": "x"}).status_code == 403
