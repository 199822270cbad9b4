"""Schedules: each agent's activities per shift date, and the exception requests agents (or an IVR for
them) make, with the workflow's decision.

- ``ScheduleActivity`` — one activity of one agent's shift: type, detail name, start and end (epoch
  ms, UTC), paid, colour, the queue / multi-skill group / exception it is for, metadata. The shift
  date (the date the shift starts in the agent's time zone) is kept on every row, so "the shift of
  date D" and "what touches this time range" are both one indexed read. An activity placed by an
  approved exception request points at that request.
- ``ExceptionRequest`` — an exception asked for an agent: the exception type, the span, entire day
  or not, comment, and the status ("pending", "approved", "denied") with who or which workflow rule
  decided it.

References to WFM configuration (queues, groups, exceptions, exception types, rules) are SET NULL on
delete: a schedule outlives the configuration it was made with, and its names are kept as written.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped

PENDING = "pending"
APPROVED = "approved"
DENIED = "denied"


def _ref(target: str) -> ForeignKey:
    return ForeignKey(target, ondelete="SET NULL")


class ExceptionRequest(TenantScoped, Base):
    __tablename__ = "sched_exception_request"
    __table_args__ = (
        Index("ix_sched_exception_request_person_date", "person_id", "shift_date"),
        Index("ix_sched_exception_request_status", "tenant_id", "status"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"))
    exception_type_id: Mapped[int | None] = mapped_column(IdType, _ref("wfm_exception_type.id"), nullable=True,
                                                          index=True)
    exception_type_name: Mapped[str] = mapped_column(String(100), default="")
    exception_id: Mapped[int | None] = mapped_column(IdType, _ref("wfm_exception.id"), nullable=True, index=True)
    requested_by_id: Mapped[int | None] = mapped_column(IdType, _ref("org_person.id"), nullable=True, index=True)
    shift_date: Mapped[dt.date] = mapped_column(Date)
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int] = mapped_column(BigInteger)
    entire_day: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    rule_id: Mapped[int | None] = mapped_column(IdType, _ref("wfm_workflow_rule.id"), nullable=True, index=True)
    rule_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(IdType, _ref("org_person.id"), nullable=True, index=True)
    decision_comment: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    decided_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ScheduleActivity(TenantScoped, Base):
    __tablename__ = "sched_activity"
    __table_args__ = (
        # The shifts of agents by shift date (Shifts by Agent, writes).
        Index("ix_sched_activity_person_date", "person_id", "shift_date"),
        # What agents do within a time range (Schedule Details, Schedule for Timespan).
        Index("ix_sched_activity_person_start", "person_id", "start_ms"),
        # Everyone's activities within a time range (agents scheduled per queue, available agents).
        Index("ix_sched_activity_start", "tenant_id", "start_ms"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"))
    shift_date: Mapped[dt.date] = mapped_column(Date)
    activity_type: Mapped[str] = mapped_column(String(30))
    detail_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int] = mapped_column(BigInteger)
    paid: Mapped[bool] = mapped_column(Boolean, default=True)
    color: Mapped[str | None] = mapped_column(String(50), nullable=True)  # None: the queue's / type's colour
    service_queue_id: Mapped[int | None] = mapped_column(IdType, _ref("wfm_service_queue.id"), nullable=True,
                                                         index=True)
    multi_skill_group_id: Mapped[int | None] = mapped_column(IdType, _ref("wfm_multi_skill_group.id"),
                                                             nullable=True, index=True)
    exception_id: Mapped[int | None] = mapped_column(IdType, _ref("wfm_exception.id"), nullable=True, index=True)
    request_id: Mapped[int | None] = mapped_column(IdType, _ref("sched_exception_request.id"), nullable=True,
                                                   index=True)
    activity_metadata: Mapped[str | None] = mapped_column(String(500), nullable=True)
