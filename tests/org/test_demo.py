"""The demo organization seeder: believable, idempotent, and its people can log in."""

from __future__ import annotations

from sqlalchemy import func, select

from openwfo.demo import SEEDERS, foundation
from openwfo.demo import org as org_demo
from openwfo.models import Group, Person, Team, Tenant


def test_seeder_runs_right_after_the_foundation():
    assert SEEDERS.index(org_demo.seed) == SEEDERS.index(foundation.seed) + 1


def test_demo_organization(app, factory, tenant, new_client):
    for _ in range(2):  # idempotent
        with app.state.database.session(tenant.id) as db:
            org_demo.seed(db, db.get(Tenant, tenant.id))
    with app.state.database.session(tenant.id) as db:
        persons = list(db.scalars(select(Person)))
        teams = list(db.scalars(select(Team).where(Team.is_default.is_(False))))
        groups = {g.name: g for g in db.scalars(select(Group))}
        assert 75 <= len(persons) <= 90
        assert len(teams) == 8
        assert {"Customer Care", "Sales", "Technical Support"} <= set(groups)
        assert len({p.time_zone for p in persons}) >= 2
        assert db.scalar(select(func.count()).select_from(Person).where(Person.email.like("%@demo.openwfo.test"))) \
            == len(persons) - 1
        agents = [p for p in persons if p.acd_id]
        assert len(agents) >= 70 and len({p.acd_id for p in agents}) == len(agents)
        supervisors = [p for p in persons if any(r.builtin == "supervisor" for r in p.roles)]
        assert len(supervisors) == 3 and all(len(s.scope_groups) == 1 for s in supervisors)
        admins = [p for p in persons if any(r.builtin == "system_administrator" for r in p.roles)]
        assert len(admins) >= 3 and all(a.scope_all for a in admins)
        sup_email = next(s.email for s in supervisors if s.scope_groups[0].name == "Sales")
        agent_email = agents[0].email
    c = new_client()
    factory.login(c, sup_email, org_demo.PASSWORD, tenant_id=tenant.id)
    names = {g["name"] for g in c.get("/api/rest/org/common/group/permission/ViewOrg").json()}
    assert names == {"Sales"}
    factory.login(new_client(), agent_email, org_demo.PASSWORD, tenant_id=tenant.id)
