"""Out-of-adherence alerts of the live view.

- ``AlertSetting`` — a tenant's alert threshold: an agent out of adherence for longer than
  ``threshold_seconds`` raises an alert (no row: the defaults in ``openwfo.scheduling.alerts``).
- ``AdherenceAlert`` — one alert: the agent, when the out-of-adherence stretch began
  (``out_since_ms``), when it was raised, the scheduled activity and the agent state then, when the
  stretch ended (null while it lasts) and who acknowledged it. One alert per stretch: the unique key
  (person, out_since_ms) makes a second raise — another server process, the next sweep — a no-op.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class AlertSetting(TenantScoped, Base):
    __tablename__ = "rt_alert_setting"
    __table_args__ = (UniqueConstraint("tenant_id", name="uq_rt_alert_setting_tenant"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    threshold_seconds: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class AdherenceAlert(TenantScoped, Base):
    __tablename__ = "rt_adherence_alert"
    __table_args__ = (
        UniqueConstraint("person_id", "out_since_ms", name="uq_rt_adherence_alert_person_since"),
        Index("ix_rt_adherence_alert_tenant_raised", "tenant_id", "raised_ms"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"))
    out_since_ms: Mapped[int] = mapped_column(BigInteger)
    raised_ms: Mapped[int] = mapped_column(BigInteger)
    threshold_seconds: Mapped[int] = mapped_column(Integer)
    activity_type: Mapped[str] = mapped_column(String(30))
    activity_start_ms: Mapped[int] = mapped_column(BigInteger)
    activity_end_ms: Mapped[int] = mapped_column(BigInteger)
    agent_state: Mapped[str] = mapped_column(String(30))
    reason_code: Mapped[str | None] = mapped_column(String(100), nullable=True)
    ended_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    acknowledged_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    acknowledged_by: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("org_person.id", ondelete="SET NULL"), nullable=True)
