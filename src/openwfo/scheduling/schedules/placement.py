"""Placing an exception on an agent's schedule (an approved exception request).

The exception replaces the work it overlaps: activities inside it are removed, activities it cuts
are shortened, an activity it falls inside is split around it. An entire-day exception replaces the
agent's whole shift of that date (spanning it), or, on a date without a shift, covers the agent's
local day midnight to midnight (less what neighbouring shifts reach into it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...models import ScheduleActivity
from . import days
from . import repository as repo


@dataclass(frozen=True)
class Span:
    shift_date: dt.date
    start_ms: int
    end_ms: int


def entire_day_span(db: Session, person_id: int, shift_date: dt.date, tz) -> Span:
    """What an entire-day exception of that date covers: the shift of that date, else the local day."""
    rows = repo.shift_activities(db, person_id, shift_date, shift_date)
    if rows:
        return Span(shift_date, min(r.start_ms for r in rows), max(r.end_ms for r in rows))
    start, end = days.day_start_ms(shift_date, tz), days.day_start_ms(shift_date + dt.timedelta(days=1), tz)
    # Leave the neighbouring shifts alone (a night shift ending this morning, one starting tonight).
    for row in repo.overlapping_rows(db, person_id, start, end):
        if row.start_ms <= start:
            start = max(start, row.end_ms)
        else:
            end = min(end, row.start_ms)
    return Span(shift_date, start, max(start, end))


def partial_span(db: Session, person_id: int, start_ms: int, end_ms: int, tz) -> Span:
    """A partial exception belongs to the shift it overlaps (the earliest), else to its start's local date."""
    rows = repo.overlapping_rows(db, person_id, start_ms, end_ms)
    shift_date = min((r.shift_date for r in rows), default=None) or days.local_date(start_ms, tz)
    return Span(shift_date, start_ms, end_ms)


def place_exception(db: Session, person_id: int, span: Span, *, entire_day: bool, exception_id: int,
                    exception_name: str, paid: bool, request_id: int | None) -> None:
    if entire_day:
        for row in repo.shift_activities(db, person_id, span.shift_date, span.shift_date):
            db.delete(row)
    for row in repo.overlapping_rows(db, person_id, span.start_ms, span.end_ms):
        if row.start_ms >= span.start_ms and row.end_ms <= span.end_ms:
            db.delete(row)
        elif row.start_ms < span.start_ms and row.end_ms > span.end_ms:
            tail = ScheduleActivity(
                person_id=row.person_id, shift_date=row.shift_date, activity_type=row.activity_type,
                detail_name=row.detail_name, start_ms=span.end_ms, end_ms=row.end_ms, paid=row.paid,
                color=row.color, service_queue_id=row.service_queue_id,
                multi_skill_group_id=row.multi_skill_group_id, exception_id=row.exception_id,
                request_id=row.request_id, activity_metadata=row.activity_metadata)
            row.end_ms = span.start_ms
            db.add(tail)
        elif row.start_ms < span.start_ms:
            row.end_ms = span.start_ms
        else:
            row.start_ms = span.end_ms
    db.add(ScheduleActivity(person_id=person_id, shift_date=span.shift_date, activity_type="exception",
                            detail_name=exception_name, start_ms=span.start_ms, end_ms=span.end_ms, paid=paid,
                            exception_id=exception_id, request_id=request_id))
    db.flush()
