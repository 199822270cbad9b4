"""Historical interval data of service queues (GIS service files, WHIT imports), the input of forecasting.

- ``HistoricalInterval`` — one queue's figures for one interval: received, handled, abandoned and
  transferred contacts, average talk / after-call work / speed of answer (seconds), most contacts in
  queue, occupancy and service level (percent), agents in service. The interval is the `period`
  (HH:MM, `period_minute`) of the local `local_date` in the tenant's time zone, kept as its UTC start
  (`start_ms`). One row per queue and interval start: importing an interval again replaces it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class HistoricalInterval(TenantScoped, Base):
    __tablename__ = "hist_service_interval"
    __table_args__ = (
        # A tenant's history in a time range (every queue).
        Index("ix_hist_service_interval_start", "tenant_id", "start_ms"),
    )

    service_queue_id: Mapped[int] = mapped_column(
        IdType, ForeignKey("wfm_service_queue.id", ondelete="CASCADE"), primary_key=True)
    start_ms: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    local_date: Mapped[dt.date] = mapped_column(Date)
    period_minute: Mapped[int] = mapped_column(Integer)
    service_name: Mapped[str] = mapped_column(String(100), default="")
    received_calls: Mapped[int] = mapped_column(Integer, default=0)
    handled_calls: Mapped[int] = mapped_column(Integer, default=0)
    abandoned_calls: Mapped[int] = mapped_column(Integer, default=0)
    transferred_calls: Mapped[int] = mapped_column(Integer, default=0)
    avg_talk_s: Mapped[float] = mapped_column(Float, default=0.0)
    avg_acw_s: Mapped[float] = mapped_column(Float, default=0.0)
    asa_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    contacts_in_queue: Mapped[int | None] = mapped_column(Integer, nullable=True)
    occupancy_ratio: Mapped[float | None] = mapped_column(Float, nullable=True)
    service_level: Mapped[float | None] = mapped_column(Float, nullable=True)
    qty_of_agents: Mapped[float | None] = mapped_column(Float, nullable=True)
    imported_ms: Mapped[int] = mapped_column(BigInteger, default=0)
