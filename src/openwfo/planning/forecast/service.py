"""Forecast rules: a request becomes a queued, versioned forecast row and a job
(`planning.forecast`) that reads the queue's history, fits `model`, measures the held-out accuracy
and stores the intervals; an edit stores a new version; reads per forecast and per queue and range."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, Conflict, NotFound
from ...jobs.registry import JobContext, job_handler
from ...jobs.service import enqueue
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import Forecast, ServiceQueue
from ...scheduling.historical.service import local_start, tenant_zone
from ...scheduling.rules import parse_date
from ...scheduling.schedules import days as sdays
from ..days import date_range
from . import model
from . import repository as repo

log = logging.getLogger("openwfo.planning")

JOB_KIND = "planning.forecast"
INTERVALS = (15, 30)
MAX_HISTORY_DAYS = 730
MAX_EDITS = 20_000


@dataclass
class ForecastRequest:
    service_queue_id: int
    from_date: str
    to_date: str
    interval_minutes: int = 30
    history_days: int = 91
    holdout_days: int = 7
    special_days: list[dict] | None = None


def _special_days(v: Violations, items: list[dict] | None) -> list[dict]:
    out: dict[str, float] = {}
    for i, item in enumerate(items or []):
        day = parse_date(item.get("date")) if isinstance(item, dict) else None
        factor = item.get("factor") if isinstance(item, dict) else None
        if day is None:
            v.add(f"specialDays[{i}].date", "YYYY-MM-DD")
            continue
        if isinstance(factor, bool) or not isinstance(factor, int | float) or not 0 <= factor <= 10:
            v.add(f"specialDays[{i}].factor", "a number from 0 to 10")
            continue
        out[day.isoformat()] = float(factor)
    return [{"date": d, "factor": f} for d, f in sorted(out.items())]


def create(db: Session, principal: Principal, req: ForecastRequest) -> Forecast:
    """Check the request, store a queued forecast (the next version of the queue's) and its job."""
    v = Violations("forecast request")
    first, last = date_range(v, req.from_date, req.to_date)
    if req.interval_minutes not in INTERVALS:
        v.add("intervalMinutes", "15 or 30")
    if not 14 <= req.history_days <= MAX_HISTORY_DAYS:
        v.add("historyDays", f"from 14 to {MAX_HISTORY_DAYS}")
    if not 0 <= req.holdout_days <= 60:
        v.add("holdoutDays", "from 0 to 60")
    special = _special_days(v, req.special_days)
    queue = repo.visible_queues(db, principal.person_id, [req.service_queue_id]).get(req.service_queue_id)
    if queue is None:
        v.collect(NotFound(f"Service queue {req.service_queue_id} does not exist"), "serviceQueueId")
    elif queue.not_allow_forecast:
        v.collect(Conflict(f"Service queue {queue.name} does not allow forecasts or schedules to be generated"),
                  "serviceQueueId")
    v.raise_if_any()
    row = repo.add(db, queue.id, first, last, status="queued", history_days=req.history_days,
                   holdout_days=req.holdout_days, interval_minutes=req.interval_minutes, special_days=special,
                   created_by=principal.person_id)
    job = enqueue(db, JOB_KIND, {"forecastId": row.id}, requested_by=principal.person_id)
    row.job_id = job.id
    return row


def _history_length(periods: list[int]) -> int:
    """The history's interval length in minutes (the smallest gap between period starts; 30 if unknown)."""
    starts = sorted(set(periods))
    gaps = [b - a for a, b in zip(starts, starts[1:], strict=False) if b > a]
    return max(5, min(60, min(gaps))) if gaps else 30


def history_arrays(rows: list, first: dt.date, days: int, minutes: int):
    """contacts, handle seconds and handled contacts as days × intervals arrays at `minutes`:
    coarser history is split evenly into the finer intervals, finer history is summed."""
    slots = 1440 // minutes
    contacts = np.zeros((days, slots))
    handle = np.zeros((days, slots))
    handled = np.zeros((days, slots))
    length = _history_length([r.period_minute for r in rows])
    pieces = max(1, length // minutes)
    for r in rows:
        d = (r.local_date - first).days
        if not 0 <= d < days:
            continue
        aht = (r.avg_talk_s or 0) + (r.avg_acw_s or 0)
        for p in range(pieces):
            slot = (r.period_minute + p * minutes) // minutes
            if slot >= slots:
                break
            contacts[d, slot] += r.received_calls / pieces
            handled[d, slot] += r.handled_calls / pieces
            handle[d, slot] += aht * r.handled_calls / pieces
    return contacts, handle, handled


@dataclass
class Fitted:
    intervals: list[dict]
    mape: float | None
    wape: float | None
    method: str


def compute(db: Session, row: Forecast, progress=lambda p: None) -> Fitted:
    """Fit the forecast from the queue's history (reads only; `store` writes the result)."""
    queue = row.service_queue_id
    hist_last = repo.last_history_day(db, queue, row.first_day)
    if hist_last is None:
        raise BadRequest("The service queue has no interval history before the forecast's first day")
    hist_first = hist_last - dt.timedelta(days=row.history_days - 1)
    n_days = (hist_last - hist_first).days + 1
    rows = repo.history(db, queue, hist_first, hist_last)
    contacts, handle, handled = history_arrays(rows, hist_first, n_days, row.interval_minutes)
    # Drop leading days before the history begins (a queue younger than historyDays).
    used = np.nonzero(contacts.sum(axis=1) > 0)[0]
    start = int(used[0]) if len(used) else 0
    contacts, handle, handled = contacts[start:], handle[start:], handled[start:]
    hist_first += dt.timedelta(days=start)
    sq = db.get(ServiceQueue, queue)
    default_aht = float((sq.talk_time or 0) + (sq.work_time or 0)) or 180.0
    zone = tenant_zone(db)
    progress(20)
    horizon = (row.last_day - row.first_day).days + 1
    gap = (row.first_day - hist_last).days - 1
    factors = {(dt.date.fromisoformat(s["date"]) - row.first_day).days: float(s["factor"])
               for s in row.special_days or []}
    result = model.forecast(contacts, handle, handled, hist_first.weekday(), gap, horizon, default_aht, factors)
    progress(60)
    mape, wape = model.holdout_accuracy(contacts, handle, handled, hist_first.weekday(), row.holdout_days,
                                        default_aht)
    progress(80)
    out = []
    for h in range(horizon):
        day = row.first_day + dt.timedelta(days=h)
        for slot in range(result.contacts.shape[1]):
            c = float(result.contacts[h, slot])
            if c <= 1e-6:
                continue
            minute = slot * row.interval_minutes
            start_ms = local_start(day, minute, zone)
            if start_ms is None:
                continue
            out.append({"start_ms": start_ms, "local_date": day, "period_minute": minute,
                        "contacts": round(c, 4), "aht_s": round(float(result.aht[h, slot]), 2)})
    params = "" if result.alpha is None else f" (alpha {result.alpha}, beta {result.beta}, gamma {result.gamma})"
    method = (model.METHOD if result.alpha is not None else "weekday mean x weekday intraday profile") + params
    return Fitted(out, None if mape is None else round(mape, 2), None if wape is None else round(wape, 2),
                  method[:100])


def store(db: Session, row: Forecast, fitted: Fitted) -> None:
    """Write the fitted intervals (replacing any stored: a retried job is idempotent) and mark it ready."""
    repo.replace_intervals(db, row.id, fitted.intervals)
    row.mape, row.wape, row.method = fitted.mape, fitted.wape, fitted.method
    row.status, row.error = "ready", None


@job_handler(JOB_KIND)
def run_forecast(ctx: JobContext, payload: dict) -> dict:
    forecast_id = int(payload["forecastId"])
    with ctx.session() as db:
        row = db.get(Forecast, forecast_id)
        if row is None:
            return {"skipped": "forecast gone"}
        if row.status == "ready":
            return {"forecastId": row.id, "status": row.status}
        row.status = "running"
    ctx.progress(5)
    try:
        with ctx.database.session(ctx.tenant_id, write=False) as db:
            fitted = compute(db, db.get(Forecast, forecast_id))
        ctx.progress(80)
        with ctx.session() as db:
            row = db.get(Forecast, forecast_id)
            store(db, row, fitted)
            result = {"forecastId": row.id, "version": row.version, "status": row.status, "mape": row.mape,
                      "wape": row.wape, "intervals": len(fitted.intervals)}
    except Exception as exc:
        message = exc.message if isinstance(exc, BadRequest) else f"{type(exc).__name__}: {exc}"
        with ctx.session() as db:
            row = db.get(Forecast, forecast_id)
            if row is not None:
                row.status, row.error = "failed", message[:500]
        if isinstance(exc, BadRequest):
            return {"forecastId": forecast_id, "status": "failed", "error": message}
        raise
    ctx.progress(100)
    return result


def get(db: Session, principal: Principal, forecast_id: int) -> Forecast:
    row = db.get(Forecast, forecast_id)
    if row is None or not repo.visible_queues(db, principal.person_id, [row.service_queue_id]):
        raise NotFound(f"Forecast {forecast_id} does not exist")
    return row


def versions(db: Session, principal: Principal, queue_id: int) -> list[Forecast]:
    if not repo.visible_queues(db, principal.person_id, [queue_id]):
        raise NotFound(f"Service queue {queue_id} does not exist")
    return repo.forecasts_of(db, queue_id)


def _bounds(db: Session, first: dt.date, last: dt.date) -> tuple[int, int]:
    zone = tenant_zone(db)
    return sdays.day_start_ms(first, zone), sdays.day_start_ms(last + dt.timedelta(days=1), zone)


def intervals_of(db: Session, principal: Principal, forecast_id: int, from_date: str | None,
                 to_date: str | None) -> tuple[Forecast, list]:
    row = get(db, principal, forecast_id)
    v = Violations("date range")
    first, last = date_range(v, from_date or row.first_day.isoformat(), to_date or row.last_day.isoformat(),
                             max_days=400)
    v.raise_if_any()
    lo, hi = _bounds(db, first, last)
    return row, repo.intervals(db, row.id, lo, hi)


def queue_intervals(db: Session, principal: Principal, queue_ids: list[int], from_date: str, to_date: str,
                    check_visible: bool = True) -> dict[int, list]:
    """Per queue, the intervals on fromDate..toDate, each day from the newest ready version covering it."""
    v = Violations("date range")
    first, last = date_range(v, from_date, to_date)
    if check_visible:
        seen = repo.visible_queues(db, principal.person_id, queue_ids)
        for q in queue_ids:
            if q not in seen:
                v.collect(NotFound(f"Service queue {q} does not exist"), "serviceQueueId")
    v.raise_if_any()
    return intervals_for_days(db, queue_ids, first, last)


def intervals_for_days(db: Session, queue_ids: list[int], first: dt.date, last: dt.date) -> dict[int, list]:
    forecasts = repo.ready_covering(db, queue_ids, first, last)
    out: dict[int, list] = {q: [] for q in queue_ids}
    day = first
    chosen: dict[tuple[int, int], set[dt.date]] = {}
    while day <= last:
        for q in queue_ids:
            f = next((f for f in forecasts if f.service_queue_id == q and f.first_day <= day <= f.last_day), None)
            if f is not None:
                chosen.setdefault((q, f.id), set()).add(day)
        day += dt.timedelta(days=1)
    for (q, fid), picked in chosen.items():
        lo, hi = _bounds(db, min(picked), max(picked))
        out[q].extend(i for i in repo.intervals(db, fid, lo, hi) if i.local_date in picked)
    for rows in out.values():
        rows.sort(key=lambda i: i.start_ms)
    return out


def edit(db: Session, principal: Principal, forecast_id: int, items: list[dict]) -> Forecast:
    """A new version of a ready forecast with the given intervals changed (contacts, AHT)."""
    row = get(db, principal, forecast_id)
    if row.status != "ready":
        raise Conflict(f"Forecast {forecast_id} is {row.status}; only a ready forecast can be edited")
    v = Violations("forecast edit")
    if not items:
        v.add("intervals", "at least one interval")
    if len(items) > MAX_EDITS:
        v.add("intervals", f"at most {MAX_EDITS}")
    zone = tenant_zone(db)
    current = {i.start_ms: i for i in repo.intervals(db, row.id)}
    changes: dict[int, dict] = {}
    for n, item in enumerate(items[:MAX_EDITS]):
        start = item.get("start_time")
        day = sdays.local_date(start, zone) if isinstance(start, int) else None
        local = sdays.local_datetime(start, zone) if day else None
        minute = local.hour * 60 + local.minute if local else None
        if day is None or not row.first_day <= day <= row.last_day or minute % row.interval_minutes \
                or local_start(day, minute, zone) != start:
            v.add(f"intervals[{n}].startTime", "the start of one of the forecast's intervals")
            continue
        contacts, aht = item.get("contacts"), item.get("aht")
        if contacts is None and aht is None:
            v.add(f"intervals[{n}]", "contacts or aht")
            continue
        if contacts is not None and not 0 <= contacts <= 1_000_000:
            v.add(f"intervals[{n}].contacts", "from 0 to 1000000")
        if aht is not None and not 0 < aht <= 86_400:
            v.add(f"intervals[{n}].aht", "seconds, above 0 and at most 86400")
        old = current.get(start)
        changes[start] = {"start_ms": start, "local_date": day, "period_minute": minute,
                          "contacts": float(contacts if contacts is not None else (old.contacts if old else 0.0)),
                          "aht_s": float(aht if aht is not None else (old.aht_s if old else _day_aht(current, day)))}
    v.raise_if_any()
    copy = Forecast(service_queue_id=row.service_queue_id, version=repo.next_version(db, row.service_queue_id),
                    based_on_id=row.id, first_day=row.first_day, last_day=row.last_day,
                    interval_minutes=row.interval_minutes, history_days=row.history_days,
                    holdout_days=row.holdout_days, special_days=list(row.special_days or []), status="ready",
                    method=row.method, mape=row.mape, wape=row.wape, edited=True, job_id=row.job_id,
                    created_by=principal.person_id, created_ms=now_ms())
    db.add(copy)
    db.flush()
    merged = {s: {"start_ms": i.start_ms, "local_date": i.local_date, "period_minute": i.period_minute,
                  "contacts": i.contacts, "aht_s": i.aht_s} for s, i in current.items()}
    merged.update(changes)
    repo.replace_intervals(db, copy.id, [merged[s] for s in sorted(merged)])
    return copy


def _day_aht(current: dict, day: dt.date) -> float:
    same = [i for i in current.values() if i.local_date == day and i.contacts > 0]
    total = sum(i.contacts for i in same)
    return sum(i.aht_s * i.contacts for i in same) / total if total else 180.0
