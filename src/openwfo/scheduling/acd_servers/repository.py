"""Queries on ACD servers."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import AcdServer, Person, ServiceQueue


def list_all(db: Session) -> list[AcdServer]:
    return list(db.scalars(select(AcdServer).order_by(AcdServer.id)))


def get(db: Session, acd_server_id: int) -> AcdServer | None:
    return db.get(AcdServer, acd_server_id)


def queue_names_using(db: Session, acd_server_id: int) -> list[str]:
    return list(db.scalars(select(ServiceQueue.name).where(ServiceQueue.acd_server_id == acd_server_id)
                           .order_by(ServiceQueue.name).limit(5)))


def person_count_using(db: Session, acd_server_id: int) -> int:
    return len(list(db.scalars(select(Person.id).where(Person.acd_server_id == acd_server_id).limit(1000))))
