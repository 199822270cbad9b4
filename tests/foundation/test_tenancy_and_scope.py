"""Tenant isolation (enforced in db.py for every ORM query) and the scope rules (org/scope.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from openwfo.auth.principal import Principal
from openwfo.db import TenantViolation, bind_tenant
from openwfo.models import Group, Person, Team
from openwfo.org import scope


def test_bound_session_sees_only_its_tenant(app, factory):
    t1, t2 = factory.tenant(), factory.tenant()
    g1, g2 = factory.group(t1.id, "Sales"), factory.group(t2.id, "Sales")
    with app.state.database.session(t1.id) as db:
        ids = set(db.scalars(select(Group.id)))
        assert g1 in ids and g2 not in ids
        assert db.get(Group, g2) is None
        # joined and relationship loads are filtered too
        names = {p.email for p in db.scalars(select(Person).join(Team))}
        assert names == {t1.admin_email}
        # bulk updates cannot reach the other tenant
        db.execute(update(Group).where(Group.id == g2).values(name="hacked"))
    with app.state.database.session(t2.id) as db:
        assert db.get(Group, g2).name == "Sales"


def test_bulk_update_by_primary_key_cannot_reach_another_tenant(app, factory):
    t1, t2 = factory.tenant(), factory.tenant()
    mine, theirs = factory.group(t1.id, "Mine"), factory.group(t2.id, "Theirs")
    with app.state.database.session(t1.id) as db:
        try:
            db.execute(update(Group), [{"id": mine, "name": "Mine 2"}, {"id": theirs, "name": "hacked"}])
        except Exception:
            db.rollback()  # refusing the whole batch is also safe
    with app.state.database.session() as db:
        assert db.get(Group, theirs).name == "Theirs"
    with app.state.database.session(t1.id) as db:
        db.execute(update(Group), [{"id": mine, "name": "Mine 2"}])
    with app.state.database.session(t1.id) as db:
        assert db.get(Group, mine).name == "Mine 2"
    with app.state.database.session(t1.id) as db:
        db.execute(delete(Group).where(Group.id == theirs))
    with app.state.database.session() as db:
        assert db.get(Group, theirs) is not None


def test_writing_another_tenants_row_is_refused(app, factory):
    t1, t2 = factory.tenant(), factory.tenant()
    with pytest.raises(TenantViolation):
        with app.state.database.session(t1.id) as db:
            db.add(Group(name="x", tenant_id=t2.id))


def test_new_rows_are_stamped_with_the_bound_tenant(app, factory):
    t = factory.tenant()
    with app.state.database.session(t.id) as db:
        g = Group(name="Stamped")
        db.add(g)
        db.flush()
        assert g.tenant_id == t.id


def _principal(person_id, tenant_id, *, scope_all=False, groups=(), teams=()):
    return Principal("s", tenant_id, person_id, frozenset(), scope_all, frozenset(groups), frozenset(teams))


def test_scope_groups_include_everything_below_them(app, factory, tenant):
    east = factory.group(tenant.id, "East")
    east_sub = factory.group(tenant.id, "East Retail", parent_id=east)
    west = factory.group(tenant.id, "West")
    t_east, t_sub, t_west = (factory.team(tenant.id, g) for g in (east, east_sub, west))
    solo_team = factory.team(tenant.id, west)
    in_east = factory.person(tenant.id, team_id=t_sub)
    in_west = factory.person(tenant.id, team_id=t_west)
    in_solo = factory.person(tenant.id, team_id=solo_team)
    sup = factory.person(tenant.id, team_id=t_west, role="supervisor")

    with app.state.database.session(tenant.id) as db:
        p = _principal(sup.id, tenant.id, groups=[east], teams=[solo_team])
        assert scope.visible_group_ids(db, p) == {east, east_sub}
        assert scope.visible_team_ids(db, p) == {t_east, t_sub, solo_team}
        assert scope.group_in_scope(db, p, east_sub) and not scope.group_in_scope(db, p, west)
        assert scope.team_in_scope(db, p, solo_team) and not scope.team_in_scope(db, p, t_west)
        assert scope.person_in_scope(db, p, in_east.id)
        assert scope.person_in_scope(db, p, in_solo.id)
        assert not scope.person_in_scope(db, p, in_west.id)
        assert scope.person_in_scope(db, p, sup.id)  # a caller always sees themself
        visible = set(db.scalars(select(Person.id).where(scope.visible_person_filter(db, p))))
        assert {in_east.id, in_solo.id, sup.id} <= visible and in_west.id not in visible

        everyone = _principal(sup.id, tenant.id, scope_all=True)
        assert scope.visible_team_ids(db, everyone) is None
        assert scope.person_in_scope(db, everyone, in_west.id)
        assert scope.visible_person_filter(db, everyone) is None


def test_session_json_lists_scope(client, factory, tenant):
    east = factory.group(tenant.id, "East")
    sub = factory.group(tenant.id, "East Sub", parent_id=east)
    team = factory.team(tenant.id, sub)
    sup = factory.person(tenant.id, role="supervisor", scope_groups=[east])
    data = factory.login(client, sup.email)
    assert data["groupsInScope"] == sorted([east, sub])
    assert data["teamsInScope"] == [team]
    with client.app.state.database.session(tenant.id) as db:
        bind_tenant(db, tenant.id)
        assert db.get(Person, sup.id).scope_all is False
