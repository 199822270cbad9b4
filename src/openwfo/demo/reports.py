"""Demo data for the Data Explorer reports: the interval history of every demo service queue (the
last 14 days, 08:00-18:00 local in half hours, a weekday curve with a lunch dip, quieter weekends)
so Service Queue History has data, and one saved report definition ("Billing contacts, last 7 days").
The other reports read the data the other areas' demo seeders write. Runs once per piece: a tenant
that already has interval history, or a definition of that name, is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..kit.clock import now_ms
from ..models import HistoricalInterval, ReportDefinition, ServiceQueue, Team, Tenant
from ..scheduling.schedules import days

DAYS = 14
SAVED_NAME = "Billing contacts, last 7 days"


def _history(db: Session, tenant: Tenant) -> None:
    if db.scalar(select(HistoricalInterval.start_ms).limit(1)) is not None:
        return
    queues = db.execute(select(ServiceQueue.id, ServiceQueue.name, ServiceQueue.talk_time, ServiceQueue.work_time)
                        .order_by(ServiceQueue.id)).all()
    if not queues:
        return
    zone = days.zone(tenant.time_zone)
    today = days.local_date(now_ms(), zone)
    rng = random.Random(1404)
    rows = []
    now = now_ms()
    for qid, name, talk, work in queues:
        base = rng.uniform(8, 30)
        for back in range(DAYS, 0, -1):
            day = today - dt.timedelta(days=back)
            scale = 0.35 if day.weekday() >= 5 else 1.0
            for minute in range(8 * 60, 18 * 60, 30):
                start = days.day_start_ms(day, zone) + minute * 60_000
                hour = minute / 60
                curve = 0.6 + 0.5 * (1 - abs(hour - 10.5) / 6) - (0.25 if 12 <= hour < 13 else 0)
                received = max(0, round(base * scale * curve * rng.uniform(0.85, 1.15)))
                abandoned = min(received, round(received * rng.uniform(0.01, 0.07)))
                handled = received - abandoned
                rows.append({
                    "service_queue_id": qid, "start_ms": start, "local_date": day, "period_minute": minute,
                    "service_name": name, "received_calls": received, "handled_calls": handled,
                    "abandoned_calls": abandoned, "transferred_calls": round(handled * rng.uniform(0, 0.05)),
                    "avg_talk_s": round((talk or 240) * rng.uniform(0.8, 1.2), 1),
                    "avg_acw_s": round((work or 45) * rng.uniform(0.8, 1.2), 1),
                    "asa_s": round(rng.uniform(5, 45), 1), "contacts_in_queue": max(1, received // 6),
                    "occupancy_ratio": round(rng.uniform(70, 92), 1), "service_level": round(rng.uniform(72, 96), 1),
                    "qty_of_agents": round(max(1.0, handled * (talk or 240) / 1800), 1), "imported_ms": now})
    for i in range(0, len(rows), 2000):
        db.execute(insert(HistoricalInterval), rows[i:i + 2000])


def _saved(db: Session, tenant: Tenant) -> None:
    if db.scalar(select(ReportDefinition.id).where(ReportDefinition.name == SAVED_NAME)) is not None:
        return
    billing = db.scalar(select(Team.id).where(Team.name == "Billing"))
    defaults = [{"name": "pContactStartTime", "value": {"relativeDates": [
        {"periodType": "DayOfMonthPeriod", "referenceTime": "NL", "rangeStart": -7, "rangeEnd": -1}]}}]
    if billing is not None:
        defaults.insert(0, {"name": "pTeam", "value": {"isAll": "false", "values": [billing], "containsNull": "false"}})
    db.add(ReportDefinition(base_report_id=217, name=SAVED_NAME, suffix="demo0billing7days",
                            description="Contact Detail of the Billing team over the last seven days",
                            columns=["contactId", "startTime", "durationSeconds", "agentName", "ani", "evaluationScore"],
                            defaults=defaults, created_ms=now_ms(), updated_ms=now_ms()))


def seed(db: Session, tenant: Tenant) -> None:
    _history(db, tenant)
    _saved(db, tenant)
