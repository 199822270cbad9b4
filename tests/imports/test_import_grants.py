"""Person imports (bulk upload and mapped file import) follow the organization's grant and
lock-out rules: no roles or scope beyond the caller's, and the tenant keeps an administrator."""

from __future__ import annotations

import json

import pytest

from .conftest import upload

MAPPING = {"mapping": [
    {"column": "Email", "field": "email", "dataType": "Text"},
    {"column": "First", "field": "firstName", "dataType": "Text"},
    {"column": "Last", "field": "lastName", "dataType": "Text"},
    {"column": "Roles", "field": "roles", "dataType": "Text"},
    {"column": "Scope tenant", "field": "scopetenant", "dataType": "TrueFalse"},
    {"column": "Deactivated", "field": "deactivated", "dataType": "MM/DD/YYYY"},
]}
BULK_HEADER = "email,firstName,lastName,roles,scopetenant,deactivated\n"
MAPPED_HEADER = "Email,First,Last,Roles,Scope tenant,Deactivated\n"


def _bulk(client, rows: str):
    return upload(client, "persons", BULK_HEADER + rows)


def _mapped(client, rows: str):
    files = {"file": ("data.csv", (MAPPED_HEADER + rows).encode(), "text/csv")}
    return client.post("/api/rest/fileimport/persons", files=files, data={"mapping": json.dumps(MAPPING)})


IMPORTS = pytest.mark.parametrize("send", [_bulk, _mapped], ids=["upload", "fileimport"])


@IMPORTS
def test_an_import_gives_no_role_beyond_the_caller(send, login_as, store):
    c = login_as("ViewOrg", "UpdateOrg", "Bulk Import", scope_all=True)
    me = c.person.email
    r = send(c, f"{me},Pat,Tester,System Administrator,,\n")
    assert r.status_code == 400 and "permissions you do not hold" in r.text
    r = send(c, "new@x.test,New,Person,System Administrator,,\n")
    assert r.status_code == 400 and "permissions you do not hold" in r.text
    # the default role of a new person (Agent) holds permissions the caller lacks
    r = send(c, "new@x.test,New,Person,,,\n")
    assert r.status_code == 400 and "Agent" in r.text
    assert store.person("new@x.test") is None
    assert {role.name for role in store.person(me).roles} != {"System Administrator"}


@IMPORTS
def test_an_import_widens_no_scope(send, login_as, store, factory, tenant):
    north = factory.group(tenant.id, factory.unique("North"))
    c = login_as("ViewOrg", "UpdateOrg", "Bulk Import", scope_groups=[north])
    r = send(c, f"{c.person.email},Pat,Tester,,true,\n")
    assert r.status_code == 400 and "scopetenant" in r.text
    assert store.person(c.person.email).scope_all is False


@IMPORTS
def test_an_import_keeps_the_tenant_administrator(send, login_as, tenant, store):
    c = login_as("ViewOrg", "UpdateOrg", "Bulk Import", scope_all=True)
    r = send(c, f"{tenant.admin_email},System,Administrator,,,01/02/2020\n")
    assert r.status_code == 409 and "Administer Tenant" in r.json()["errorMessage"]
    assert store.person(tenant.admin_email).deactivated is False
    r = send(c, f"{tenant.admin_email},System,Administrator,,false,\n")
    assert r.status_code in (400, 409)  # a scoped caller may not change it; an administrator may not lose it
    assert store.person(tenant.admin_email).scope_all is True


@IMPORTS
def test_the_administrator_may_not_import_themself_out(send, admin_client, tenant, store):
    r = send(admin_client, f"{tenant.admin_email},System,Administrator,Agent,,\n")
    assert r.status_code == 409 and "Administer Tenant" in r.json()["errorMessage"]
    r = send(admin_client, f"{tenant.admin_email},System,Administrator,,false,\n")
    assert r.status_code == 409
    assert [role.name for role in store.person(tenant.admin_email).roles] == ["System Administrator"]
