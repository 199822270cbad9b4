"""Data Explorer reports: a tenant's saved report definitions and the export requests of the Bulk
Report Data Export API.

- ``ReportDefinition`` — a built-in report saved by a tenant with its own name, chosen columns and
  default parameter values (the encodedParamValues list, stored as JSON). Its qname is
  ``RP1_<id>_0_<suffix>`` like the built-ins'.
- ``ReportExport`` — one POST of the export API: the request id a caller polls, the report, the
  resolved parameters and paging, the caller (person and a snapshot of permissions and scope, so a
  background run sees what the caller saw), the status (QUEUED, PROCESSING, DONE, FAILED, CANCELED,
  EXPIRED, BLACKLISTED) and, once done, the CSV in storage with its extent. Every POST leaves a row,
  answered at once or not: the rows of the last minute are the caller's request rate.
"""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class ReportDefinition(TenantScoped, Base):
    __tablename__ = "report_definition"
    __table_args__ = (UniqueConstraint("tenant_id", "suffix"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    base_report_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    suffix: Mapped[str] = mapped_column(String(40))
    columns: Mapped[list] = mapped_column(JSON, default=list)  # column keys, in order; [] = all
    defaults: Mapped[list] = mapped_column(JSON, default=list)  # encodedParamValues entries
    created_by: Mapped[int | None] = mapped_column(IdType, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class ReportExport(TenantScoped, Base):
    __tablename__ = "report_export"
    __table_args__ = (
        UniqueConstraint("request_id"),
        # The caller's requests of the last minute (rate limit) and blacklisting.
        Index("ix_report_export_person_created", "tenant_id", "person_id", "created_ms"),
        # Expiry sweep.
        Index("ix_report_export_status_finished", "status", "finished_ms"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    request_id: Mapped[str] = mapped_column(String(40))
    report_id: Mapped[int] = mapped_column(Integer)
    qname: Mapped[str] = mapped_column(String(100))
    person_id: Mapped[int] = mapped_column(IdType)
    status: Mapped[str] = mapped_column(String(20))
    synchronous: Mapped[bool] = mapped_column(Boolean, default=False)
    spec: Mapped[dict] = mapped_column(JSON, default=dict)  # parameters, paging, caller snapshot
    storage_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    total_rows: Mapped[int | None] = mapped_column(Integer, nullable=True)
    total_columns: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rows_written: Mapped[int | None] = mapped_column(Integer, nullable=True)
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    job_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    started_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    finished_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    blacklisted_until_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
