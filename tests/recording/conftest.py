"""Recording test helpers: people in teams, and clients logged in with chosen permissions."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from openwfo.auth import permissions as perms
from openwfo.models import Group, Person, Role


@dataclass
class Org:
    tenant: object
    root_group: int
    group_a: int
    group_b: int
    team_a: int
    team_b: int
    agent_a: object
    agent_b: object


@pytest.fixture
def org(factory, tenant) -> Org:
    with factory.database.session(tenant.id) as db:
        root = db.scalar(select(Group.id).where(Group.is_root.is_(True)))
    ga = factory.group(tenant.id, "Sales")
    gb = factory.group(tenant.id, "Support")
    ta = factory.team(tenant.id, ga, "Sales Team")
    tb = factory.team(tenant.id, gb, "Support Team")
    a = factory.person(tenant.id, team_id=ta, first_name="Alice", last_name="Anders",
                       email=factory.unique("alice") + "@example.test", ad_login="CORP\\alice", acd_id="1001")
    b = factory.person(tenant.id, team_id=tb, first_name="Bob", last_name="Brown",
                       email=factory.unique("bob") + "@example.test", ad_login="CORP\\bob", acd_id="1002")
    return Org(tenant, root, ga, gb, ta, tb, a, b)


@pytest.fixture
def login_with(new_client, factory, tenant):
    """A client for a new person holding exactly the named permissions (scope as given)."""

    def make(*names: str, scope_all: bool = True, scope_teams=(), scope_groups=(), team_id=None, person=None):
        role = factory.role(tenant.id, perms.ids_of(*names))
        if person is None:
            person = factory.person(tenant.id, role=role, scope_all=scope_all, scope_teams=scope_teams,
                                    scope_groups=scope_groups, team_id=team_id)
        else:
            with factory.database.session(tenant.id) as db:
                p = db.get(Person, person.id)
                p.roles = [db.get(Role, role)]
                p.scope_all = scope_all
        c = new_client()
        factory.login(c, person.email, tenant_id=tenant.id)
        c.person = person
        return c

    return make
