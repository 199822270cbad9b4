"""Rows the server keeps for itself: sessions, login throttling, background jobs, maintenance schedule."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType


class AuthSession(Base):
    """A login session (the hazelcast.sessionId cookie). Looked up by id before the tenant is known,
    so it is not TenantScoped; it carries its tenant for the principal."""

    __tablename__ = "auth_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[int] = mapped_column(IdType, ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"), index=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    last_seen_ms: Mapped[int] = mapped_column(BigInteger, index=True)
    payload: Mapped[dict] = mapped_column(JSON)


class LoginFailure(Base):
    """Failed-login counter for one key (a login or a client address) within the current window."""

    __tablename__ = "auth_login_failure"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    window_start_ms: Mapped[int] = mapped_column(BigInteger)
    locked_until_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Job(Base):
    """A durable background job. Written in the same transaction as the work that asks for it."""

    __tablename__ = "job"
    __table_args__ = (Index("ix_job_status_created", "status", "created_ms"),
                      Index("ix_job_status_lease", "status", "lease_until_ms"))

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    tenant_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("tenant.id", ondelete="CASCADE"), nullable=True, index=True)
    requested_by: Mapped[int | None] = mapped_column(IdType, nullable=True)
    kind: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|succeeded|failed
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent 0-100
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    started_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    finished_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # A running job's lease: its runner extends it while alive (heartbeat); once it has passed,
    # the job is re-claimed by the next delivery or the recovery sweep (jobs/runner.py).
    lease_until_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ScheduledTask(Base):
    """A periodic maintenance task shared by every process of a deployment: whoever moves
    next_run_ms forward (one conditional UPDATE) runs it; the others see no row to move."""

    __tablename__ = "system_schedule"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    next_run_ms: Mapped[int] = mapped_column(BigInteger)
    last_run_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_job_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
