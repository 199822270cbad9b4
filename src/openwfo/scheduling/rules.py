"""Rule helpers: collect every violation of a request, then answer one 400 naming each field and rule."""

from __future__ import annotations

import datetime as dt
import re

from ..kit.violations import Violations, fail  # noqa: F401 - the WFM resources import them from here

WEEKDAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$")


def parse_time(value: str | None, *, allow_end_of_day: bool = False) -> int | None:
    """Minutes after midnight from "HH:MM" or "HH:MM:SS" (00:00..23:59, and 24:00 when allowed; seconds
    are dropped); None when malformed."""
    if not isinstance(value, str):
        return None
    m = _HHMM.match(value.strip())
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if mi > 59 or (m.group(3) is not None and int(m.group(3)) > 59):
        return None
    if h == 24 and mi == 0 and not int(m.group(3) or 0) and allow_end_of_day:
        return 1440
    return h * 60 + mi if h < 24 else None


def format_time(minutes: int | None) -> str | None:
    if minutes is None:
        return None
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_date(value) -> dt.date | None:
    """A date from "YYYY-MM-DD" (None when malformed)."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def check_name(v: Violations, field: str, value: str | None, *, max_len: int, required: bool = True) -> str | None:
    """A trimmed, non-empty name of at most max_len characters (None and a violation otherwise)."""
    if value is None:
        if required:
            v.add(field, "is required")
        return None
    name = value.strip()
    if not name:
        v.add(field, "must not be empty")
        return None
    if len(name) > max_len:
        v.add(field, f"must be at most {max_len} characters")
        return None
    return name


def check_range(v: Violations, field: str, value, low, high, what: str | None = None) -> bool:
    if value is None:
        return True
    if value < low or value > high:
        v.add(field, what or f"must be between {low} and {high}")
        return False
    return True


def name_taken(db, model, name: str, exclude_id: int | None = None, column=None) -> bool:
    """Whether another row of the model already has this name (ignoring case)."""
    from sqlalchemy import func, select

    col = column if column is not None else model.name
    q = select(model.id).where(func.lower(col) == name.lower())
    if exclude_id is not None:
        q = q.where(model.id != exclude_id)
    return db.scalar(q.limit(1)) is not None


def diff_links(current: set[int], wanted: set[int], visible: set[int]) -> tuple[set[int], set[int]]:
    """(to add, to remove) so that the visible part of `current` becomes `wanted`; members the caller
    cannot see are left as they are."""
    target = set(wanted) | (set(current) - set(visible))
    return target - set(current), set(current) - target


def duplicates(ids) -> list[int]:
    seen: set[int] = set()
    dup: list[int] = []
    for i in ids:
        if i in seen and i not in dup:
            dup.append(i)
        seen.add(i)
    return dup
