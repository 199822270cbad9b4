"""Org test helpers: clients logged in as people with chosen roles and scope."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from openwfo.auth import permissions as perms
from openwfo.org.provision import create_tenant


@dataclass
class Org:
    """A small structure in the test tenant: two groups (north, south) with two teams each."""

    north: int
    south: int
    north_teams: list[int]
    south_teams: list[int]


@pytest.fixture
def org(factory, tenant) -> Org:
    north = factory.group(tenant.id, factory.unique("North"))
    south = factory.group(tenant.id, factory.unique("South"))
    return Org(
        north=north, south=south,
        north_teams=[factory.team(tenant.id, north, factory.unique("N")) for _ in range(2)],
        south_teams=[factory.team(tenant.id, south, factory.unique("S")) for _ in range(2)],
    )


@pytest.fixture
def login_as(factory, new_client, tenant):
    """A client logged in as a new person with the named permissions and scope."""

    def make(*permission_names: str, scope_groups=(), scope_teams=(), scope_all: bool = False, team_id=None):
        role = factory.role(tenant.id, perms.ids_of(*permission_names)) if permission_names else "agent"
        person = factory.person(tenant.id, role=role, scope_groups=scope_groups, scope_teams=scope_teams,
                                scope_all=scope_all, team_id=team_id)
        client = new_client()
        factory.login(client, person.email, tenant_id=tenant.id)
        client.person = person
        return client

    return make


@pytest.fixture
def other_tenant(app, factory):
    """A second tenant with its defaults (no administrator: nobody needs to log in to it)."""
    with app.state.database.session() as db:
        t = create_tenant(db, factory.unique("other"))
        return SimpleNamespace(id=t.id, name=t.name)
