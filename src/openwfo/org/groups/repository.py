"""Group queries (the request session is tenant-bound: every query sees one tenant)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...models import Group, Person, PersonScopeGroup, Team


def get(db: Session, group_id: int) -> Group | None:
    return db.get(Group, group_id)


def root(db: Session) -> Group | None:
    return db.scalars(select(Group).where(Group.is_root.is_(True))).first()


def list_groups(db: Session, ids: set[int] | None) -> list[Group]:
    """Groups by id order; ids None means all of the tenant's groups."""
    q = select(Group).order_by(Group.id)
    if ids is not None:
        if not ids:
            return []
        q = q.where(Group.id.in_(ids))
    return list(db.scalars(q))


def name_taken(db: Session, name: str, except_id: int | None = None) -> bool:
    q = select(Group.id).where(func.lower(Group.name) == name.lower())
    if except_id is not None:
        q = q.where(Group.id != except_id)
    return db.scalar(q.limit(1)) is not None


def by_name(db: Session, name: str) -> Group | None:
    return db.scalars(select(Group).where(func.lower(Group.name) == name.lower()).order_by(Group.id)).first()


def count_children(db: Session, group_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Group).where(Group.parent_id == group_id))


def teams_of(db: Session, group_ids) -> list[Team]:
    group_ids = list(group_ids)
    if not group_ids:
        return []
    return list(db.scalars(select(Team).where(Team.group_id.in_(group_ids)).order_by(Team.id)))


def persons_in_teams(db: Session, team_ids, extra_filter=None) -> list[Person]:
    team_ids = list(team_ids)
    if not team_ids:
        return []
    q = select(Person).where(Person.team_id.in_(team_ids)).order_by(Person.last_name, Person.first_name, Person.id)
    if extra_filter is not None:
        q = q.where(extra_filter)
    return list(db.scalars(q))


def teams_by_id(db: Session, team_ids) -> dict[int, Team]:
    team_ids = list(team_ids)
    if not team_ids:
        return {}
    return {t.id: t for t in db.scalars(select(Team).where(Team.id.in_(team_ids)))}


def drop_from_scopes(db: Session, group_id: int) -> list[int]:
    """Take the group out of every person's scope; the ids of the persons who held it."""
    scoped = list(db.scalars(select(PersonScopeGroup.person_id).where(PersonScopeGroup.group_id == group_id)))
    if scoped:
        # Only people of this tenant can hold it in scope (the group id is this tenant's).
        db.execute(delete(PersonScopeGroup).where(PersonScopeGroup.group_id == group_id))
        for p in db.scalars(select(Person).where(Person.id.in_(scoped))):
            db.expire(p, ["scope_groups"])
    return scoped
