"""Days and zones: where a local day starts and ends in epoch ms, the local date of an instant, the
intervals of a day, and the zone's offset as the Shifts by Agent API writes it.

Every day here is a real local day, midnight to midnight: 23 hours on the day clocks go forward,
25 on the day they go back.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_MS = 86_400_000
UTC = ZoneInfo("UTC")


@lru_cache(maxsize=512)
def zone(name: str | None, fallback: str | None = None) -> ZoneInfo:
    """The IANA zone of that name, else the fallback's, else UTC."""
    for candidate in (name, fallback):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return UTC


def day_start_ms(day: dt.date, tz: ZoneInfo) -> int:
    """Epoch ms of local midnight starting `day` (where midnight does not exist, the first instant after)."""
    local = dt.datetime(day.year, day.month, day.day, tzinfo=tz)
    ms = int(local.timestamp() * 1000)
    # A midnight skipped by a DST jump resolves to the instant after the gap; make sure it is on `day`.
    if local_date(ms, tz) < day:
        ms += 3_600_000
    return ms


def day_bounds(first: dt.date, last: dt.date, tz: ZoneInfo) -> list[int]:
    """Starts of each day from `first` to `last`, then the end of `last` (len = days + 1)."""
    n = (last - first).days + 1
    return [day_start_ms(first + dt.timedelta(days=i), tz) for i in range(n + 1)]


def local_date(ms: int, tz: ZoneInfo) -> dt.date:
    return dt.datetime.fromtimestamp(ms / 1000, tz).date()


def local_datetime(ms: int, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz)


def dates(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def raw_offset(tz: ZoneInfo, day: dt.date) -> str:
    """The zone's standard (non-DST) UTC offset on that day as "+HH:MM"/"-HH:MM", as Java's raw offset."""
    local = dt.datetime(day.year, day.month, day.day, 12, tzinfo=tz)
    offset = (local.utcoffset() or dt.timedelta()) - (local.dst() or dt.timedelta())
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def interval_starts(day_start: int, day_end: int, minutes: int) -> list[int]:
    """Starts of the `minutes`-long intervals from day_start to day_end (the last one may be shorter)."""
    step = minutes * 60_000
    return list(range(day_start, day_end, step))
