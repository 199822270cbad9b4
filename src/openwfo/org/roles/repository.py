"""Role queries (the request session is tenant-bound: every query sees one tenant)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Person, PersonRole, Role


def get(db: Session, role_id: int) -> Role | None:
    return db.get(Role, role_id)


def by_name(db: Session, name: str) -> Role | None:
    return db.scalars(select(Role).where(func.lower(Role.name) == name.strip().lower())).first()


def list_roles(db: Session) -> list[Role]:
    return list(db.scalars(select(Role).order_by(Role.id)))


def name_taken(db: Session, name: str, except_id: int | None = None) -> bool:
    q = select(Role.id).where(func.lower(Role.name) == name.lower())
    if except_id is not None:
        q = q.where(Role.id != except_id)
    return db.scalar(q.limit(1)) is not None


def holder_ids(db: Session, role_id: int) -> list[int]:
    q = select(Person.id).join(PersonRole, PersonRole.person_id == Person.id).where(PersonRole.role_id == role_id)
    return list(db.scalars(q))
