"""Times as clients give them: epoch ms, ISO 8601, or a time of day on a shift's date.

Times of day of one agent and date make one shift: it starts at the start time that follows the
longest gap of the day's times (so the order they are given in does not matter), a time before it
is on the next day (a night shift 22:00 to 06:00 with a break at 01:00), and an end not after its
start is on the next day. Times are wall-clock times in the agent's zone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

DAY_SECONDS = 86_400
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I:%M:%S%p")


def time_of_day(value: str) -> int | None:
    """Seconds after midnight of "HH:MM", "HH:MM:SS" or a 12-hour time with AM/PM; "24:00" is the day's end."""
    value = value.strip()
    if value in ("24:00", "24:00:00"):
        return DAY_SECONDS
    for fmt in _TIME_FORMATS:
        try:
            t = dt.datetime.strptime(value.upper(), fmt)
        except ValueError:
            continue
        return t.hour * 3600 + t.minute * 60 + t.second
    return None


def _shift_anchor(starts: list[int], ends: list[int]) -> int:
    """The time of day a shift given as times of day starts: the start following the longest gap
    between the day's times, going round the clock."""
    points = sorted({t % DAY_SECONDS for t in starts + ends})
    if len(points) < 2:
        return min(starts)
    gaps = [((points[(i + 1) % len(points)] - p) % DAY_SECONDS, points[(i + 1) % len(points)])
            for i, p in enumerate(points)]
    after_gap = max(gaps)[1]
    return after_gap if after_gap in {t % DAY_SECONDS for t in starts} else min(starts)


def _local_ms(day: dt.date, seconds: int, tz) -> int:
    """Epoch ms of a wall-clock time `seconds` after the start of a local day."""
    local = dt.datetime(day.year, day.month, day.day, tzinfo=tz) + dt.timedelta(seconds=seconds)
    return int(local.timestamp() * 1000)


def resolve_times_of_day(day: dt.date, tz, items: list[tuple[Any, int | None, int | None]]) -> None:
    """Give the activities of one agent's date (objects with start_time / end_time) their start and end
    from times of day (None: already set)."""
    starts = [s for _, s, _ in items if s is not None]
    ends = [e for _, _, e in items if e is not None]
    anchor = _shift_anchor(starts, ends) if starts else 0
    for a, s, e in items:
        if s is not None:
            a.start_time = _local_ms(day + dt.timedelta(days=0 if s >= anchor else 1), s, tz)
        if e is not None:
            later = 0 if e > anchor else 1
            a.end_time = _local_ms(day + dt.timedelta(days=later), e, tz)
            if a.end_time <= a.start_time:
                a.end_time = _local_ms(day + dt.timedelta(days=later + 1), e, tz)


def instant(value: str, tz) -> int | None:
    """Epoch ms of epoch ms as text, or of an ISO 8601 date and time (without an offset: in tz)."""
    value = value.strip()
    if value.isdecimal():
        return int(value)
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return int(parsed.timestamp() * 1000)
