"""Demo forecasts: every demo queue with interval history (and forecasts allowed) gets a ready
forecast of the next fourteen days at 30 minutes, fitted from its history with held-out accuracy,
so the staffing requirements and schedule generation have something to work from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..kit.clock import now_ms
from ..models import Forecast, HistoricalInterval, ServiceQueue, Tenant
from ..planning.forecast import repository as forecast_repo
from ..planning.forecast import service as forecasts
from ..scheduling.schedules import days

DAYS = 14


def seed(db: Session, tenant: Tenant) -> None:
    zone = days.zone(tenant.time_zone)
    today = days.local_date(now_ms(), zone)
    last = today + dt.timedelta(days=DAYS - 1)
    with_history = set(db.scalars(select(HistoricalInterval.service_queue_id).distinct()))
    covered = {f.service_queue_id for f in db.scalars(select(Forecast).where(
        Forecast.status == "ready", Forecast.first_day <= today, Forecast.last_day >= last))}
    for queue in db.scalars(select(ServiceQueue).where(ServiceQueue.not_allow_forecast.is_(False))
                            .order_by(ServiceQueue.id)):
        if queue.id not in with_history or queue.id in covered:
            continue
        row = Forecast(service_queue_id=queue.id, version=forecast_repo.next_version(db, queue.id), first_day=today,
                       last_day=last, interval_minutes=30, history_days=91, holdout_days=7, special_days=[],
                       status="running", method="", edited=False, created_ms=now_ms())
        db.add(row)
        db.flush()
        forecasts.store(db, row, forecasts.compute(db, row))
