"""What the retention sweep and GDPR erasure removed: one audit row per purged contact, kept after
the contact itself is gone (its id, call id, agent and start time, why, and by whom)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class RetentionAudit(TenantScoped, Base):
    __tablename__ = "qm_retention_audit"
    __table_args__ = (Index("ix_qm_retention_audit_tenant_purged", "tenant_id", "purged_ms"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(20))  # retention | erasure | segment_delete
    contact_id: Mapped[int] = mapped_column(IdType)  # the contact row is gone: no foreign key
    call_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    person_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    start_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    workflow_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    media_count: Mapped[int] = mapped_column(Integer, default=0)
    export_count: Mapped[int] = mapped_column(Integer, default=0)
    requested_by: Mapped[int | None] = mapped_column(IdType, nullable=True)  # the erasure's caller
    job_id: Mapped[int | None] = mapped_column(IdType, nullable=True)  # the retention sweep's job
    purged_ms: Mapped[int] = mapped_column(BigInteger)
