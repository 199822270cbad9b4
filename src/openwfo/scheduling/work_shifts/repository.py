"""Queries on work shifts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import WorkShift


def list_all(db: Session) -> list[WorkShift]:
    return list(db.scalars(select(WorkShift).order_by(WorkShift.name, WorkShift.id)))


def get(db: Session, work_shift_id: int) -> WorkShift | None:
    return db.get(WorkShift, work_shift_id)


def by_ids(db: Session, ids) -> dict[int, WorkShift]:
    if not ids:
        return {}
    return {w.id: w for w in db.scalars(select(WorkShift).where(WorkShift.id.in_(list(ids))))}
