"""Fixtures of the WFM configuration tests: an administrator client with an ACD server, a way to
log in other people of the same tenant, and one shared tenant per module for the many tests that
are refused before anything is written (a tenant costs a password hash and a login)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from ..factories import Factory
from .helpers import acd_server


@pytest.fixture
def acd(admin_client) -> int:
    """The id of the tenant's (only) ACD server."""
    return acd_server(admin_client, "Main ACD")


@pytest.fixture
def login_as(factory, new_client, tenant):
    """Make a person of the test tenant and return (client logged in as them, person)."""

    def make(role="supervisor", scope_all=True, **fields):
        person = factory.person(tenant.id, role=role, scope_all=scope_all, **fields)
        client = new_client()
        factory.login(client, person.email, tenant_id=tenant.id)
        return client, person

    return make


@pytest.fixture(scope="module")
def shared(app):
    """A tenant shared by a module's refused-request tests: .client (its administrator), .tenant, .acd."""
    factory = Factory(app.state.database)
    tenant = factory.tenant()
    client = TestClient(app, raise_server_exceptions=False)
    factory.login(client, tenant.admin_email, tenant_id=tenant.id)
    return SimpleNamespace(client=client, tenant=tenant, acd=acd_server(client, "Shared ACD"), factory=factory)
