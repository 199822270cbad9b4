"""Agents Scheduled by Service Queue: FTEs scheduled per queue and interval, and its IEX SmartSync
"MU opens" XML form.

An agent working a queue for part of an interval counts for that part (15 minutes of a 30-minute
interval = 0.5); an agent working a multi-skill group counts 1/n towards each of its n queues.
Working means in service or overtime, on the queue or a group holding it (closed service is not).
Every agent's schedule counts: the figures are the queue's, whoever the caller sees (but not the
time a deactivated agent is scheduled from their deactivation on). A virtual queue counts what is
scheduled on it and on each of its source queues.

Queues: those requested (default all) that are in the caller's main view and not marked "do not
generate forecasts or schedules". Each date runs midnight to midnight in the tenant time zone, cut
into real 15- or 30-minute intervals: 96 / 48 on ordinary days; on the day clocks go forward the
skipped hour has no intervals (92 / 46), on the day they go back the repeated hour has its own
(100 / 50), so every interval is exactly as long as asked and the FTEs stay true.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import quoteattr

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...models import ServiceQueue, ServiceQueueType
from .. import visibility
from ..rules import fail
from . import activities as acts
from . import days
from . import repository as repo
from .service import date_range

INTERVALS = (15, 30)
MAX_DAYS = 92
SUBJECT = "agents scheduled request"


def _queues(db: Session, principal: Principal, ids: list[int] | None) -> list[tuple[int, str, int, str]]:
    views = visibility.caller_views(db, principal.person_id, main_only=True)
    q = (select(ServiceQueue.id, ServiceQueue.name, ServiceQueueType.code, ServiceQueueType.name)
         .join(ServiceQueueType, ServiceQueue.type_id == ServiceQueueType.id)
         .where(ServiceQueue.not_allow_forecast.is_(False)))
    clause = visibility.queue_clause(views)
    if clause is not None:
        q = q.where(clause)
    if ids is not None:
        if not ids:
            return []
        q = q.where(ServiceQueue.id.in_(ids))
    rows = list(db.execute(q).tuples())
    if ids is not None:
        position = {a: i for i, a in enumerate(dict.fromkeys(ids))}
        rows.sort(key=lambda r: position[r[0]])
    else:
        rows.sort(key=lambda r: r[0])
    return rows


def _fte(boundaries: np.ndarray, starts: list[int], ends: list[int], weights: list[float]) -> np.ndarray:
    """FTE per interval: the weighted time scheduled within each interval over its length. With the
    events sorted, the scheduled time up to t is t * W(t) - S(t) (W: sum of weights of the events at
    or before t, S: of weight * time), evaluated at every boundary at once."""
    lengths = np.diff(boundaries)
    if len(starts) == 0:
        return np.zeros(len(lengths))
    origin = boundaries[0]
    t = np.concatenate([np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)]) - origin
    w = np.asarray(weights, dtype=np.float64)
    w = np.concatenate([w, -w])
    order = np.argsort(t, kind="stable")
    t, w = t[order].astype(np.float64), w[order]
    cum_w = np.concatenate([[0.0], np.cumsum(w)])
    cum_s = np.concatenate([[0.0], np.cumsum(w * t)])
    b = (boundaries - origin).astype(np.float64)
    idx = np.searchsorted(t, b, side="right")
    scheduled = b * cum_w[idx] - cum_s[idx]
    fte = np.diff(scheduled) / lengths
    return np.maximum(np.floor(fte * 10 + 0.5 + 1e-6) / 10, 0.0) + 0.0


def _events(db: Session, wanted: set[int], from_ms: int, to_ms: int, exclude_person: int | None = None):
    """Per queue: starts, ends and weights (arrays) of the working time on it — direct, or 1/n of the
    time on a group of n queues holding it; a virtual queue adds the time of its source queues. The
    time of a deactivated agent from their deactivation on does not count."""
    sources = repo.virtual_sources(db, wanted)
    needed = set(wanted) | {s for ss in sources.values() for s in ss}
    groups = {g: qs for g, qs in repo.groups_with_queues(db, needed).items() if qs}
    rows = repo.working_on(db, from_ms, to_ms, acts.WORKING_TYPES, needed, groups, exclude_person)
    gone = repo.deactivated_agent_ids(db)
    if gone:
        rows += [(q, g, s, e, -n) for q, g, s, e, n in repo.working_on(
            db, from_ms, to_ms, acts.WORKING_TYPES, needed, groups, exclude_person, after_deactivation=gone)]
    n = len(rows)
    queue_col, group_col, start_col, end_col, count_col = zip(*rows, strict=True) if rows else ((),) * 5
    starts = np.fromiter(start_col, np.int64, n)
    ends = np.fromiter(end_col, np.int64, n)
    counts = np.fromiter(count_col, np.float64, n)
    queues = np.fromiter((-1 if x is None else x for x in queue_col), np.int64, n)
    group_ids = np.fromiter((-1 if x is None else x for x in group_col), np.int64, n)
    events = {}
    for q in wanted:
        picks = []
        for member in [q, *sources.get(q, ())]:
            picks += [(queues == member, 1.0)] + [(group_ids == g, 1.0 / len(members))
                                                  for g, members in groups.items() if member in members]
        events[q] = (np.concatenate([starts[m] for m, _ in picks]), np.concatenate([ends[m] for m, _ in picks]),
                     np.concatenate([counts[m] * w for m, w in picks]))
    return events


def lowest_fte(db: Session, queue_id: int, from_ms: int, to_ms: int, exclude_person: int | None = None) -> float:
    """The lowest FTE scheduled on a queue in the 15-minute intervals (of the tenant's days) that
    [from_ms, to_ms) touches, leaving one agent out."""
    tz = days.zone(repo.tenant_time_zone(db))
    first = days.local_date(from_ms, tz)
    last = days.local_date(max(to_ms - 1, from_ms), tz)
    bounds = days.day_bounds(first, last, tz)
    starts = [s for i in range(len(bounds) - 1) for s in days.interval_starts(bounds[i], bounds[i + 1], 15)]
    starts = [s for s in starts if s + 15 * 60_000 > from_ms and s < to_ms] or [from_ms]
    boundaries = np.asarray(starts + [starts[-1] + 15 * 60_000], dtype=np.int64)
    events = _events(db, {queue_id}, int(boundaries[0]), int(boundaries[-1]), exclude_person)
    return float(_fte(boundaries, *events[queue_id]).min())


def compute(db: Session, principal: Principal, queue_ids: list[int] | None, interval, from_date, to_date):
    """(queues, dates, per-date interval starts, {queue id: per-date FTE lists})."""
    if interval not in INTERVALS or isinstance(interval, bool):
        raise fail(SUBJECT, "interval", "must be 15 or 30 (minutes)")
    first, last = date_range(from_date, to_date, subject=SUBJECT, max_days=MAX_DAYS)
    queues = _queues(db, principal, queue_ids)
    tz = days.zone(repo.tenant_time_zone(db))
    bounds = days.day_bounds(first, last, tz)
    per_day = [days.interval_starts(bounds[i], bounds[i + 1], interval) for i in range(len(bounds) - 1)]
    dates = days.dates(first, last)
    if not queues:
        return queues, dates, per_day, {}
    boundaries = np.asarray([s for starts in per_day for s in starts] + [bounds[-1]], dtype=np.int64)
    wanted = {q[0] for q in queues}
    events = _events(db, wanted, bounds[0], bounds[-1])
    figures: dict[int, list[list[float]]] = {}
    for q in wanted:
        values = _fte(boundaries, *events[q]).tolist()
        out, i = [], 0
        for starts in per_day:
            out.append(values[i:i + len(starts)])
            i += len(starts)
        figures[q] = out
    return queues, dates, per_day, figures


def agents_scheduled(db: Session, principal: Principal, queue_ids: list[int] | None, interval, from_date,
                     to_date) -> list[dict]:
    """Per queue, per date, each interval's start and FTEs scheduled (one decimal)."""
    queues, dates, per_day, figures = compute(db, principal, queue_ids, interval, from_date, to_date)
    out = []
    for queue_id, name, type_code, type_name in queues:
        values = figures[queue_id]
        out.append({
            "serviceQueueId": queue_id,
            "serviceQueueName": name,
            "serviceTypeId": type_code,
            "serviceTypeName": type_name,
            "agentsScheduledByDate": [
                {"date": d.isoformat(),
                 "intervals": [{"intervalStartTime": s, "agentsScheduled": v}
                               for s, v in zip(per_day[i], values[i], strict=True)]}
                for i, d in enumerate(dates)
            ],
        })
    return out


def smartsync_xml(db: Session, principal: Principal, queue_ids: list[int] | None, interval, from_date,
                  to_date) -> str:
    """The same figures as IEX SmartSync "MU opens" XML: one <muOpens> per queue (muID) and date, with
    the queue type as ctID and each interval's local start time (HH:MM, tenant time zone)."""
    queues, dates, per_day, figures = compute(db, principal, queue_ids, interval, from_date, to_date)
    tz = days.zone(repo.tenant_time_zone(db))
    lines = ['<?xml version="1.0"?>', "<opens>"]
    labels = [[days.local_datetime(s, tz).strftime("%H:%M") for s in starts] for starts in per_day]
    for queue_id, _name, type_code, _type_name in queues:
        values = figures[queue_id]
        for i, d in enumerate(dates):
            lines.append("    <muOpens>")
            lines.append(f"        <muID>{queue_id}</muID>")
            lines.append(f"        <ctID>{type_code}</ctID>")
            lines.append(_date_xml(d))
            for label, value in zip(labels[i], values[i], strict=True):
                lines.append(f"        <openValue time={quoteattr(label)}>{value:.2f}</openValue>")
            lines.append("    </muOpens>")
    lines.append("</opens>")
    return "\n".join(lines) + "\n"


def _date_xml(d: dt.date) -> str:
    return (f"        <date>\n            <day>{d.day}</day><month>{d.month}</month><year>{d.year}</year>\n"
            f"        </date>")
