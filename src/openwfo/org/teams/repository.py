"""Team queries (the request session is tenant-bound: every query sees one tenant)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...models import Person, PersonScopeTeam, Team


def get(db: Session, team_id: int) -> Team | None:
    return db.get(Team, team_id)


def list_teams(db: Session, ids: set[int] | None) -> list[Team]:
    """Teams by id order; ids None means all of the tenant's teams."""
    q = select(Team).order_by(Team.id)
    if ids is not None:
        if not ids:
            return []
        q = q.where(Team.id.in_(ids))
    return list(db.scalars(q))


def name_taken(db: Session, name: str, except_id: int | None = None) -> bool:
    q = select(Team.id).where(func.lower(Team.name) == name.lower())
    if except_id is not None:
        q = q.where(Team.id != except_id)
    return db.scalar(q.limit(1)) is not None


def members(db: Session, team_id: int) -> list[Person]:
    q = select(Person).where(Person.team_id == team_id).order_by(Person.last_name, Person.first_name, Person.id)
    return list(db.scalars(q))


def member_ids(db: Session, team_id: int) -> list[int]:
    return list(db.scalars(select(Person.id).where(Person.team_id == team_id).order_by(Person.id)))


def count_members(db: Session, team_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Person).where(Person.team_id == team_id))


def persons_by_id(db: Session, person_ids) -> dict[int, Person]:
    person_ids = list(person_ids)
    if not person_ids:
        return {}
    return {p.id: p for p in db.scalars(select(Person).where(Person.id.in_(person_ids)))}


def drop_from_scopes(db: Session, team_id: int) -> list[int]:
    """Take the team out of every person's scope; the ids of the persons who held it."""
    scoped = list(db.scalars(select(PersonScopeTeam.person_id).where(PersonScopeTeam.team_id == team_id)))
    if scoped:
        db.execute(delete(PersonScopeTeam).where(PersonScopeTeam.team_id == team_id))
        for p in db.scalars(select(Person).where(Person.id.in_(scoped))):
            db.expire(p, ["scope_teams"])
    return scoped
