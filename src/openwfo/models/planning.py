"""Planning: stored forecasts of service queues (the input of staffing requirements).

- ``Forecast`` — one version of a queue's forecast for a date range (tenant-local days) at 15 or 30
  minutes: how it was made (history used, special days), its held-out accuracy (MAPE, WAPE), its
  state (queued / running / ready / failed) and the job that computes it. Versions count up per
  queue; editing intervals makes a new version (``based_on_id``), so earlier ones stay readable.
- ``ForecastInterval`` — contacts and average handle time (seconds) of one interval (UTC start).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Boolean, Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class Forecast(TenantScoped, Base):
    __tablename__ = "plan_forecast"
    __table_args__ = (UniqueConstraint("service_queue_id", "version", name="uq_plan_forecast_version"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    service_queue_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("wfm_service_queue.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    based_on_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    interval_minutes: Mapped[int] = mapped_column(Integer)
    history_days: Mapped[int] = mapped_column(Integer)
    holdout_days: Mapped[int] = mapped_column(Integer)
    special_days: Mapped[list] = mapped_column(JSON, default=list)  # [{"date", "factor"}]
    status: Mapped[str] = mapped_column(String(20))
    method: Mapped[str] = mapped_column(String(100), default="")
    mape: Mapped[float | None] = mapped_column(Float, nullable=True)  # percent, intervals with contacts
    wape: Mapped[float | None] = mapped_column(Float, nullable=True)  # percent
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    job_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)


class ForecastInterval(TenantScoped, Base):
    __tablename__ = "plan_forecast_interval"
    forecast_id: Mapped[int] = mapped_column(IdType, ForeignKey("plan_forecast.id", ondelete="CASCADE"),
                                             primary_key=True)
    start_ms: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    local_date: Mapped[dt.date] = mapped_column(Date)
    period_minute: Mapped[int] = mapped_column(Integer)
    contacts: Mapped[float] = mapped_column(Float)
    aht_s: Mapped[float] = mapped_column(Float)
