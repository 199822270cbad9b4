"""Queries of stored forecasts and of what a forecast is made from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ...kit.clock import now_ms
from ...models import Forecast, ForecastInterval, HistoricalInterval, ServiceQueue
from ...scheduling import visibility


def visible_queues(db: Session, person_id: int, ids: Iterable[int]) -> dict[int, ServiceQueue]:
    ids = list(ids)
    seen = visibility.visible_queue_ids(db, visibility.caller_views(db, person_id), ids)
    if not seen:
        return {}
    return {q.id: q for q in db.scalars(select(ServiceQueue).where(ServiceQueue.id.in_(sorted(seen))))}


def next_version(db: Session, queue_id: int) -> int:
    return (db.scalar(select(func.max(Forecast.version)).where(Forecast.service_queue_id == queue_id)) or 0) + 1


def add(db: Session, queue_id: int, first: dt.date, last: dt.date, *, status: str, history_days: int,
        holdout_days: int, interval_minutes: int = 30, special_days: Sequence[dict] = (), method: str = "",
        created_by: int | None = None) -> Forecast:
    """Store the queue's next forecast version for the local days first..last (flushed: it has its id)."""
    row = Forecast(service_queue_id=queue_id, version=next_version(db, queue_id), first_day=first, last_day=last,
                   interval_minutes=interval_minutes, history_days=history_days, holdout_days=holdout_days,
                   special_days=list(special_days), status=status, method=method, edited=False,
                   created_by=created_by, created_ms=now_ms())
    db.add(row)
    db.flush()
    return row


def last_history_day(db: Session, queue_id: int, before: dt.date) -> dt.date | None:
    return db.scalar(select(func.max(HistoricalInterval.local_date))
                     .where(HistoricalInterval.service_queue_id == queue_id, HistoricalInterval.local_date < before))


def history(db: Session, queue_id: int, first: dt.date, last: dt.date) -> list:
    """The queue's stored intervals on the local days first..last."""
    return list(db.execute(
        select(HistoricalInterval.local_date, HistoricalInterval.period_minute, HistoricalInterval.received_calls,
               HistoricalInterval.handled_calls, HistoricalInterval.avg_talk_s, HistoricalInterval.avg_acw_s)
        .where(HistoricalInterval.service_queue_id == queue_id, HistoricalInterval.local_date >= first,
               HistoricalInterval.local_date <= last)))


def forecasts_of(db: Session, queue_id: int, limit: int = 100) -> list[Forecast]:
    return list(db.scalars(select(Forecast).where(Forecast.service_queue_id == queue_id)
                           .order_by(Forecast.version.desc()).limit(limit)))


def ready_covering(db: Session, queue_ids: Sequence[int], first: dt.date, last: dt.date) -> list[Forecast]:
    """Ready forecasts of these queues overlapping first..last, newest version first."""
    return list(db.scalars(select(Forecast).where(
        Forecast.service_queue_id.in_(list(queue_ids)), Forecast.status == "ready",
        Forecast.first_day <= last, Forecast.last_day >= first).order_by(Forecast.version.desc())))


def intervals(db: Session, forecast_id: int, from_ms: int | None = None, to_ms: int | None = None) -> list:
    q = select(ForecastInterval).where(ForecastInterval.forecast_id == forecast_id)
    if from_ms is not None:
        q = q.where(ForecastInterval.start_ms >= from_ms)
    if to_ms is not None:
        q = q.where(ForecastInterval.start_ms < to_ms)
    return list(db.scalars(q.order_by(ForecastInterval.start_ms)))


def replace_intervals(db: Session, forecast_id: int, rows: Sequence[dict]) -> None:
    db.execute(delete(ForecastInterval).where(ForecastInterval.forecast_id == forecast_id)
               .execution_options(synchronize_session=False))
    for i in range(0, len(rows), 5000):
        db.execute(insert(ForecastInterval), [{**r, "forecast_id": forecast_id} for r in rows[i:i + 5000]])
