"""Queries on DNs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Dn


def list_all(db: Session) -> list[Dn]:
    return list(db.scalars(select(Dn).order_by(Dn.number, Dn.id)))


def get(db: Session, dn_id: int) -> Dn | None:
    return db.get(Dn, dn_id)


def number_taken(db: Session, number: int, exclude_id: int | None) -> bool:
    q = select(Dn.id).where(Dn.number == number)
    if exclude_id is not None:
        q = q.where(Dn.id != exclude_id)
    return db.scalar(q.limit(1)) is not None


def existing_ids(db: Session, ids) -> dict[int, Dn]:
    if not ids:
        return {}
    return {d.id: d for d in db.scalars(select(Dn).where(Dn.id.in_(list(ids))))}
