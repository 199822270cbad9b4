"""Queries on exception activities."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ExceptionType, ScheduleException


def list_all(db: Session) -> list[ScheduleException]:
    return list(db.scalars(select(ScheduleException).order_by(ScheduleException.name, ScheduleException.id)))


def get(db: Session, exception_id: int) -> ScheduleException | None:
    return db.get(ScheduleException, exception_id)


def existing_ids(db: Session, ids) -> set[int]:
    if not ids:
        return set()
    return set(db.scalars(select(ScheduleException.id).where(ScheduleException.id.in_(list(ids)))))


def type_names_using(db: Session, exception_id: int) -> list[str]:
    return list(db.scalars(select(ExceptionType.name).where(ExceptionType.exception_id == exception_id)
                           .order_by(ExceptionType.name).limit(5)))
