"""Migration 0005 gives groups and teams one id space: a team whose id a group also has gets a fresh
id, and everything that points at the team follows it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openwfo.models import Group, Person, Team
from openwfo.org.provision import create_tenant

from .test_security_hardening import scratch_database  # noqa: F401 - the fixture

pytestmark = pytest.mark.both_stores


def test_colliding_team_ids_are_renumbered_with_their_references(scratch_database):  # noqa: F811
    from alembic import command

    from openwfo.migrate import alembic_config, migrate

    migrate(scratch_database)
    with scratch_database.session() as db:
        tenant = create_tenant(db, "Acme")
        tenant_id = tenant.id
        group = db.scalar(select(Group).where(Group.tenant_id == tenant_id, Group.is_default.is_(True)))
        group_id = group.id
        colliding_id = group.id  # before one id space a team could have its group's id
        db.add(Team(id=colliding_id, name="Night shift", group_id=group.id, tenant_id=tenant_id))
        db.flush()
        db.add(Person(email="ann@x.test", first_name="Ann", last_name="Lee", team_id=colliding_id, tenant_id=tenant_id))
    with scratch_database.engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005_org_id_space@-1")
        conn.commit()

    migrate(scratch_database)

    with scratch_database.session(tenant_id) as db:
        team = db.scalar(select(Team).where(Team.name == "Night shift"))
        group_ids = set(db.scalars(select(Group.id)))
        team_ids = set(db.scalars(select(Team.id)))
        assert team.id != colliding_id and team.id not in group_ids
        assert not group_ids & team_ids
        assert team.group_id == group_id
        ann = db.scalar(select(Person).where(Person.email == "ann@x.test"))
        assert ann.team_id == team.id
        assert db.get(Group, group_id) is not None  # the group keeps its id
        # New groups and teams are numbered after every id in use.
        fresh = Team(name="Later", group_id=group_id)
        db.add(fresh)
        db.flush()
        assert fresh.id > max(group_ids | team_ids)
