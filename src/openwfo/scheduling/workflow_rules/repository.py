"""Queries on workflow rules."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import WorkflowRule


def list_all(db: Session) -> list[WorkflowRule]:
    return list(db.scalars(select(WorkflowRule).order_by(WorkflowRule.priority, WorkflowRule.id)))


def get(db: Session, rule_id: int) -> WorkflowRule | None:
    return db.get(WorkflowRule, rule_id)


def priority_holder(db: Session, priority: int, exclude_id: int | None) -> str | None:
    q = select(WorkflowRule.name).where(WorkflowRule.priority == priority)
    if exclude_id is not None:
        q = q.where(WorkflowRule.id != exclude_id)
    return db.scalar(q.limit(1))


def next_priority(db: Session) -> int:
    top = db.scalar(select(func.max(WorkflowRule.priority)))
    return 0 if top is None else top + 1
