"""Demo people the foundation knows about: a supervisor and an agent beside the administrator."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.passwords import hash_password
from ..kit.clock import now_ms
from ..models import Person, PersonView, Tenant
from ..org.provision import builtin_role, default_team, default_view


def seed(db: Session, tenant: Tenant) -> None:
    people = [
        ("sam.supervisor@demo.openwfo.test", "Sam", "Okafor", "supervisor", True),
        ("alex.agent@demo.openwfo.test", "Alex", "Lindqvist", "agent", False),
    ]
    team, view = default_team(db), default_view(db)
    for email, first, last, role, scope_all in people:
        if db.scalar(select(Person.id).where(Person.email == email)):
            continue
        person = Person(email=email, first_name=first, last_name=last, team_id=team.id,
                        time_zone=tenant.time_zone, activated_date=now_ms(), scope_all=scope_all,
                        password_hash=hash_password("demo-password"))
        person.roles = [builtin_role(db, role)]
        person.views = [PersonView(view=view, main=True)]
        db.add(person)
    db.flush()
