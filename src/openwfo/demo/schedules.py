"""Demo schedules: two weeks (this week and next, in each agent's time zone) for every
scheduling-enabled agent — day shifts of different lengths and starts with breaks and lunch, a
night shift across midnight for a few, days off, some multi-skill work, a few exceptions already
on the schedule — and some exception requests waiting for a supervisor.

Builds on the WFM configuration's demo data (service queues, multi-skill groups, exceptions and
exception types); without queues or agents it does nothing. Runs once: a tenant that already has
schedules is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..kit.clock import now_ms
from ..models import (
    ExceptionRequest,
    ExceptionType,
    MultiSkillGroup,
    Person,
    ScheduleActivity,
    ScheduleException,
    ServiceQueue,
    Tenant,
)
from ..models.schedules import APPROVED, PENDING
from ..scheduling.schedules import days, placement
from ..scheduling.schedules import repository as repo

# (start hour, length in hours) of day shifts; lengths 6 (part time) to 10 (four-day weeks).
DAY_SHIFTS = [(7, 8), (8, 8), (8, 9), (9, 8), (10, 8), (11, 6), (12, 8), (7, 10), (14, 8)]
REQUEST_COMMENTS = ["Dentist appointment", "Child's school event", "Moving house", "Family visit",
                    "Car in for repair"]


def _ms(day: dt.date, minutes: int, tz) -> int:
    local = dt.datetime(day.year, day.month, day.day, tzinfo=tz) + dt.timedelta(minutes=minutes)
    return int(local.timestamp() * 1000)


def _shift(person_id: int, day: dt.date, tz, start_h: int, hours: int, work: dict) -> list[dict]:
    """Work, a 15-minute break, work, a 30-minute lunch (shifts over 6 hours), work, a break, work."""
    start, length = start_h * 60, hours * 60
    marks = [(0, "work")]
    if hours > 6:
        marks += [(length // 4, "break"), (length // 4 + 15, "work"), (length // 2, "lunch"),
                  (length // 2 + 30, "work"), (3 * length // 4, "break"), (3 * length // 4 + 15, "work")]
    else:
        marks += [(length // 2, "break"), (length // 2 + 15, "work")]
    rows = []
    for i, (offset, kind) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else length
        row = {"person_id": person_id, "shift_date": day, "start_ms": _ms(day, start + offset, tz),
               "end_ms": _ms(day, start + end, tz)}
        if kind == "work":
            row.update(work, paid=True)
        elif kind == "break":
            row.update(activity_type="break", detail_name="Break", paid=True)
        else:
            row.update(activity_type="lunch", detail_name="Lunch", paid=False)
        rows.append(row)
    return rows


def seed(db: Session, tenant: Tenant) -> None:
    if db.scalar(select(ScheduleActivity.id).limit(1)) is not None:
        return
    queues = list(db.execute(select(ServiceQueue.id, ServiceQueue.name)
                             .where(ServiceQueue.not_allow_forecast.is_(False), ServiceQueue.virtual.is_(False))
                             .order_by(ServiceQueue.id)).tuples())
    agents = list(db.scalars(select(Person).where(Person.enabled_for_scheduling.is_(True), Person.deactivated.is_(False))
                             .order_by(Person.id)))
    if not queues or not agents:
        return
    groups = list(db.execute(select(MultiSkillGroup.id, MultiSkillGroup.name).order_by(MultiSkillGroup.id)).tuples())
    queue_names = dict(queues)
    rnd = random.Random(20240715)
    tenant_tz = days.zone(tenant.time_zone)
    today = days.local_date(now_ms(), tenant_tz)
    monday = today - dt.timedelta(days=today.weekday())
    rows: list[dict] = []
    for n, agent in enumerate(agents):
        tz = days.zone(agent.time_zone, tenant.time_zone)
        queue_id = agent.main_service_queue_id if agent.main_service_queue_id in queue_names else queues[n % len(queues)][0]
        if groups and n % 6 == 5:
            group_id, group_name = groups[n % len(groups)]
            work = {"activity_type": "in_service_msg", "multi_skill_group_id": group_id, "detail_name": group_name}
        else:
            work = {"activity_type": "in_service", "service_queue_id": queue_id, "detail_name": queue_names[queue_id]}
        night = n % 11 == 3
        start_h, hours = (22, 8) if night else DAY_SHIFTS[n % len(DAY_SHIFTS)]
        workdays = 4 if hours == 10 else 5
        first_off = (n * 3) % 7  # days off rotate through the week
        off = {(first_off + k) % 7 for k in range(7 - workdays)}
        for i in range(14):
            day = monday + dt.timedelta(days=i)
            if day.weekday() in off:
                continue
            shift_start = start_h + (rnd.choice((0, 0, 1)) if not night else 0)
            rows.extend(_shift(agent.id, day, tz, shift_start, hours, work))
    repo.insert_activities(db, rows)
    db.flush()
    _exceptions_and_requests(db, agents, monday, tenant.time_zone, rnd)


def _exceptions_and_requests(db: Session, agents: list[Person], monday: dt.date, tenant_zone: str,
                             rnd: random.Random) -> None:
    """A few exceptions on the schedule (approved requests), and pending requests next week."""
    types = list(db.scalars(select(ExceptionType).order_by(ExceptionType.id)))
    if not types:
        return
    by_name = {t.name.lower(): t for t in types}

    def pick(*words: str) -> ExceptionType:
        for name, t in by_name.items():
            if any(w in name for w in words):
                return t
        return types[0]

    training, vacation, sick = pick("training", "meeting"), pick("vacation", "holiday"), pick("sick", "illness")
    now = now_ms()
    plans = [  # (agent index, day offset from Monday, type, entire day, start hour, hours, status)
        (1, 2, training, False, None, 2, APPROVED),
        (4, 3, training, False, None, 2, APPROVED),
        (7, 1, sick, True, None, None, APPROVED),
        (10, 8, vacation, True, None, None, PENDING),
        (13, 9, vacation, True, None, None, PENDING),
        (16, 10, training, False, None, 3, PENDING),
        (19, 11, vacation, True, None, None, PENDING),
    ]
    for index, offset, etype, entire_day, _start, hours, status in plans:
        if index >= len(agents):
            continue
        agent = agents[index]
        tz = days.zone(agent.time_zone, tenant_zone)
        day = monday + dt.timedelta(days=offset)
        if entire_day:
            span = placement.entire_day_span(db, agent.id, day, tz)
        else:
            shift = repo.shift_activities(db, agent.id, day, day)
            if not shift:
                continue
            start = shift[0].start_ms + 60 * 60_000
            span = placement.Span(day, start, start + hours * 3_600_000)
        if span.end_ms <= span.start_ms:
            continue
        exception = db.get(ScheduleException, etype.exception_id)
        request = ExceptionRequest(
            person_id=agent.id, exception_type_id=etype.id, exception_type_name=etype.name,
            exception_id=etype.exception_id, requested_by_id=agent.id, shift_date=day, start_ms=span.start_ms,
            end_ms=span.end_ms, entire_day=entire_day, comment=rnd.choice(REQUEST_COMMENTS), status=status,
            created_ms=now - (14 - offset) * days.DAY_MS)
        db.add(request)
        db.flush()
        if status == APPROVED:
            placement.place_exception(db, agent.id, span, entire_day=entire_day, exception_id=exception.id,
                                      exception_name=exception.name, paid=exception.paid, request_id=request.id)
            request.decided_ms = request.created_ms + 3_600_000
    db.flush()
