"""Queries on service queue types."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import ServiceQueue, ServiceQueueType


def list_all(db: Session) -> list[ServiceQueueType]:
    return list(db.scalars(select(ServiceQueueType).order_by(ServiceQueueType.code)))


def by_code(db: Session, code: int) -> ServiceQueueType | None:
    return db.scalar(select(ServiceQueueType).where(ServiceQueueType.code == code))


def count(db: Session) -> int:
    return db.scalar(select(func.count(ServiceQueueType.id))) or 0


def next_code(db: Session) -> int:
    top = db.scalar(select(func.max(ServiceQueueType.code)))
    return 0 if top is None else top + 1


def queue_names_of_type(db: Session, type_pk: int) -> list[str]:
    return list(db.scalars(select(ServiceQueue.name).where(ServiceQueue.type_id == type_pk)
                           .order_by(ServiceQueue.name).limit(5)))
