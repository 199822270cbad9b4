"""Queries on exception types."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ExceptionType, WorkflowRule


def list_all(db: Session) -> list[ExceptionType]:
    return list(db.scalars(select(ExceptionType).order_by(ExceptionType.id)))


def get(db: Session, type_id: int) -> ExceptionType | None:
    return db.get(ExceptionType, type_id)


def rule_names_using(db: Session, type_id: int) -> list[str]:
    return list(db.scalars(select(WorkflowRule.name).where(WorkflowRule.exception_type_id == type_id)
                           .order_by(WorkflowRule.name).limit(5)))
