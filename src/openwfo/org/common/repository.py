"""Drill-down queries (the request session is tenant-bound: every query sees one tenant)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Group, Person, Team


def groups_by_id(db: Session) -> dict[int, Group]:
    return {g.id: g for g in db.scalars(select(Group))}


def teams(db: Session, team_ids: set[int] | None) -> list[Team]:
    """Teams by id order; team_ids None means all of the tenant's teams."""
    q = select(Team).order_by(Team.id)
    if team_ids is not None:
        q = q.where(Team.id.in_(team_ids or [0]))
    return list(db.scalars(q))


def active_person_rows(db: Session, team_ids: set[int] | None):
    """(id, first_name, last_name, team_id, tenant_id, email) of the active persons, by name; only
    those of `team_ids` unless it is None."""
    q = select(Person.id, Person.first_name, Person.last_name, Person.team_id, Person.tenant_id, Person.email)
    q = q.where(Person.deactivated.is_(False)).order_by(Person.last_name, Person.first_name, Person.id)
    if team_ids is not None:
        q = q.where(Person.team_id.in_(team_ids or [0]))
    return db.execute(q)


def persons(db: Session, visible_filter=None, team_ids: set[int] | None = None) -> list[Person]:
    """Persons by name, matching a scope filter and, unless None, in `team_ids`."""
    q = select(Person).order_by(Person.last_name, Person.first_name, Person.id)
    if visible_filter is not None:
        q = q.where(visible_filter)
    if team_ids is not None:
        q = q.where(Person.team_id.in_(team_ids or [0]))
    return list(db.scalars(q))
