"""Exception request queries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import AgentException, ExceptionRequest, ExceptionType, Person, ViewAgent, WorkflowRule
from ...models.schedules import APPROVED, PENDING

R = ExceptionRequest


def get(db: Session, request_id: int) -> ExceptionRequest | None:
    return db.get(R, request_id)


def exception_type(db: Session, type_id: int) -> ExceptionType | None:
    return db.get(ExceptionType, type_id)


def person(db: Session, person_id: int) -> Person | None:
    return db.get(Person, person_id)


def allowed_exceptions(db: Session, person_id: int) -> set[int]:
    """The exceptions the agent may be given (empty: no restriction)."""
    return set(db.scalars(select(AgentException.exception_id).where(AgentException.person_id == person_id)))


def overlapping_open(db: Session, person_id: int, start_ms: int, end_ms: int,
                     exclude_id: int | None = None) -> ExceptionRequest | None:
    """A pending or approved request of the agent overlapping the span."""
    q = select(R).where(R.person_id == person_id, R.status.in_([PENDING, APPROVED]), R.start_ms < end_ms,
                        R.end_ms > start_ms)
    if exclude_id is not None:
        q = q.where(R.id != exclude_id)
    return db.scalars(q.order_by(R.id).limit(1)).first()


def listing(db: Session, person_clause, status: str | None, agent_id: int | None, first: dt.date | None,
            last: dt.date | None) -> list[ExceptionRequest]:
    q = select(R).join(Person, Person.id == R.person_id)
    if person_clause is not None:
        q = q.where(person_clause)
    if status:
        q = q.where(R.status == status)
    if agent_id is not None:
        q = q.where(R.person_id == agent_id)
    if first is not None:
        q = q.where(R.shift_date >= first)
    if last is not None:
        q = q.where(R.shift_date <= last)
    return list(db.scalars(q.order_by(R.shift_date, R.id)))


def enabled_rules(db: Session) -> list[WorkflowRule]:
    q = select(WorkflowRule).where(WorkflowRule.enabled.is_(True)).order_by(WorkflowRule.priority, WorkflowRule.id)
    return list(db.scalars(q))


def agent_view_ids(db: Session, person_id: int) -> set[int]:
    """The explicit views holding the agent (the default view, holding everyone, has no rows)."""
    return set(db.scalars(select(ViewAgent.view_id).where(ViewAgent.person_id == person_id)))


def agents_in_views(view_ids: set[int]):
    """A subquery of the agents in these views."""
    return select(ViewAgent.person_id).where(ViewAgent.view_id.in_(view_ids))
