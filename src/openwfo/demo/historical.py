"""Demo interval history: thirteen weeks (91 days, up to yesterday) of half-hour GIS service
intervals for every demo service queue, in its opening hours, so forecasting has history to read.

The volume of an interval is a product the way contact centres see it:

    received = base(queue) x daily(hour) x weekly(weekday) x trend(day) x noise

- daily: a morning peak around 10:30 and a smaller afternoon one around 14:30, a lunch dip and a
  quiet evening (a 24-hour queue keeps a low night);
- weekly: Monday busiest, easing through the week, Saturday about half and Sunday under half of a
  Wednesday;
- trend: +0.2 % a day (about +20 % over the three months);
- noise: +/-8 % (Gaussian), seeded per queue so every demo is the same.

The other columns follow from it (handled = received - abandoned, talk and wrap-up times around the
queue's settings, a service level that drops on busy intervals). Rows are built as the GIS import
builds them and stored through the historical service (replacing any interval already stored for
the same queue and start), in bulk. A tenant whose demo queues already have history reaching back
the full 91 days is left as it is.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..kit.clock import now_ms
from ..models import HistoricalInterval, ServiceQueue, ServiceQueueHours, Tenant
from ..scheduling.historical import service as historical
from ..scheduling.schedules import days
from .wfm import QUEUES

DAYS = 91
PERIOD_MINUTES = 30
TREND_PER_DAY = 0.002
NOISE = 0.08
# Python weekday (Monday 0) -> volume relative to a Wednesday.
WEEKLY = (1.25, 1.10, 1.00, 0.97, 0.90, 0.55, 0.40)
# Received contacts in a peak half hour of a Wednesday at the start of the history, by contact type.
_BASE_BY_NUMBER = {5001: 60, 5002: 45, 5003: 18, 5004: 40, 5005: 55, 6001: 25, 6002: 30, 7001: 20}


def daily(minute: int) -> float:
    """Relative volume of the half hour starting at `minute` after local midnight (peak ~1.0)."""
    hour = (minute + PERIOD_MINUTES / 2) / 60
    curve = (0.08 + math.exp(-((hour - 10.5) / 1.8) ** 2) + 0.75 * math.exp(-((hour - 14.5) / 2.0) ** 2)
             + 0.25 * math.exp(-((hour - 19.0) / 1.5) ** 2))
    if 12.0 <= hour < 13.0:
        curve *= 0.85
    return curve / 1.1


def _open_minutes(hours: dict[int, tuple[int, int]], day: dt.date) -> range:
    """The half hours the queue is open on `day` (weekday numbering of the hours: 0 = Sunday)."""
    span = hours.get((day.weekday() + 1) % 7)
    if span is None:
        return range(0)
    return range(span[0] - span[0] % PERIOD_MINUTES, span[1], PERIOD_MINUTES)


def records(queues: list[tuple], zone, first_day: dt.date, n_days: int, imported_ms: int) -> list[dict]:
    """The interval records (the GIS import's shape) of these queues: (id, number, name, talk, work,
    {weekday 0=Sunday: (open_minute, close_minute)})."""
    out = []
    for qid, number, name, talk, work, hours in queues:
        rng = random.Random(number * 7919)
        base = _BASE_BY_NUMBER.get(number, 20 + number % 30)
        talk, work = float(talk or 240), float(work or 45)
        for d in range(n_days):
            day = first_day + dt.timedelta(days=d)
            level = base * WEEKLY[day.weekday()] * (1 + TREND_PER_DAY * d)
            seen_starts = set()
            for minute in _open_minutes(hours, day):
                start = historical.local_start(day, minute, zone)
                if start is None or start in seen_starts:
                    continue  # the hour daylight saving time skips
                seen_starts.add(start)
                received = max(0, round(level * daily(minute) * rng.gauss(1.0, NOISE)))
                load = received / max(base, 1)
                abandoned = min(received, round(received * min(0.25, 0.02 + 0.05 * load * rng.random())))
                handled = received - abandoned
                talk_s = round(talk * rng.uniform(0.9, 1.1), 1)
                acw_s = round(work * rng.uniform(0.85, 1.15), 1)
                agents = max(1.0, round(handled * (talk_s + acw_s) / (PERIOD_MINUTES * 60) / 0.85, 1))
                out.append({
                    "service_queue_id": qid, "start_ms": start, "local_date": day, "period_minute": minute,
                    "service_name": name, "received_calls": received, "handled_calls": handled,
                    "abandoned_calls": abandoned, "transferred_calls": round(handled * rng.uniform(0, 0.04)),
                    "avg_talk_s": talk_s, "avg_acw_s": acw_s,
                    "asa_s": round(max(1.0, 8 + 30 * load * rng.uniform(0.5, 1.5)), 1),
                    "contacts_in_queue": max(0, round(received * 0.15 * load)),
                    "occupancy_ratio": round(min(95.0, 70 + 20 * load * rng.uniform(0.8, 1.1)), 1),
                    "service_level": round(max(50.0, min(99.0, 96 - 18 * load * rng.uniform(0.6, 1.2))), 1),
                    "qty_of_agents": agents, "imported_ms": imported_ms,
                })
    return out


def demo_queues(db: Session) -> list[tuple]:
    """The demo queues as `records` takes them: (id, number, name, talk, work, opening hours)."""
    rows = db.execute(select(ServiceQueue.id, ServiceQueue.number, ServiceQueue.name, ServiceQueue.talk_time,
                             ServiceQueue.work_time).where(ServiceQueue.name.in_(list(QUEUES)))
                      .order_by(ServiceQueue.number)).all()
    hours: dict[int, dict[int, tuple[int, int]]] = {}
    for qid, weekday, active, open_m, close_m in db.execute(
            select(ServiceQueueHours.service_queue_id, ServiceQueueHours.weekday, ServiceQueueHours.active,
                   ServiceQueueHours.open_minute, ServiceQueueHours.close_minute)
            .where(ServiceQueueHours.service_queue_id.in_([r[0] for r in rows]))):
        if active and open_m is not None and close_m is not None:
            hours.setdefault(qid, {})[weekday] = (open_m, close_m)
    return [(*r, hours.get(r[0], {})) for r in rows]


def seed(db: Session, tenant: Tenant) -> None:
    queues = demo_queues(db)
    if not queues:
        return
    zone = days.zone(tenant.time_zone)
    today = days.local_date(now_ms(), zone)
    first_day = today - dt.timedelta(days=DAYS)
    ids = [q[0] for q in queues]
    earliest = db.scalar(select(func.min(HistoricalInterval.start_ms))
                         .where(HistoricalInterval.service_queue_id.in_(ids)))
    if earliest is not None and earliest <= days.day_start_ms(first_day, zone):
        return
    historical.store_intervals(db, tenant.id, records(queues, zone, first_day, DAYS, now_ms()))
