"""Relative Date periods: `{periodType, referenceTime, rangeStart, rangeEnd}` to epoch-ms spans.

A period counts whole calendar units in the tenant's time zone relative to the one holding the
reference time: `rangeStart` -7 and `rangeEnd` -1 of DayOfMonthPeriod is the seven days before
today, 0..0 today, 1..1 tomorrow (the reference's example is those three). A span runs from the
local start of its first unit to the local start of the unit after its last, so days are 23 or 25
hours long on DST changes. Several periods are merged into the fewest spans.

periodType: MinutePeriod, HourOfDayPeriod, DayOfMonthPeriod (also DayOfWeekPeriod, DayOfYearPeriod,
DayPeriod), WeekOfYearPeriod (weeks start on Monday; also WeekPeriod), MonthOfYearPeriod (also
MonthPeriod), QuarterOfYearPeriod (also QuarterPeriod), YearPeriod.
referenceTime: "NL" (now, local: the tenant's zone; also "N", "NOW" or empty), or an epoch time.
"""

from __future__ import annotations

import datetime as dt
import math

UNITS = {
    "minuteperiod": "minute", "minuteofhourperiod": "minute",
    "hourperiod": "hour", "hourofdayperiod": "hour",
    "dayperiod": "day", "dayofmonthperiod": "day", "dayofweekperiod": "day", "dayofyearperiod": "day",
    "weekperiod": "week", "weekofyearperiod": "week",
    "monthperiod": "month", "monthofyearperiod": "month",
    "quarterperiod": "quarter", "quarterofyearperiod": "quarter",
    "yearperiod": "year",
}
MAX_OFFSET = 100_000
NOW_REFERENCES = ("", "nl", "n", "now")


def _unit_start(local: dt.datetime, unit: str) -> dt.datetime:
    if unit == "minute":
        return local.replace(second=0, microsecond=0)
    if unit == "hour":
        return local.replace(minute=0, second=0, microsecond=0)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return day.replace(day=1, month=(day.month - 1) // 3 * 3 + 1)
    return day.replace(day=1, month=1)


def _shift(start: dt.datetime, unit: str, n: int) -> dt.datetime:
    """The start of the unit n units after the one starting at `start` (naive local wall time)."""
    if unit == "minute":
        return start + dt.timedelta(minutes=n)
    if unit == "hour":
        return start + dt.timedelta(hours=n)
    if unit == "day":
        return start + dt.timedelta(days=n)
    if unit == "week":
        return start + dt.timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12}[unit] * n
    index = start.year * 12 + start.month - 1 + months
    return start.replace(year=index // 12, month=index % 12 + 1)


def _ms(naive: dt.datetime, zone, unit: str) -> int:
    """Epoch ms of a local wall time; a wall time inside a DST gap moves to the instant after it."""
    aware = naive.replace(tzinfo=zone)
    ms = int(aware.timestamp() * 1000)
    if unit in ("minute", "hour"):
        # Sub-day units are counted in real time, not wall time: see spans().
        return ms
    back = dt.datetime.fromtimestamp(ms / 1000, zone).replace(tzinfo=None)
    if back != naive and back < naive:
        ms += 3_600_000
    return ms


def _reference(value, now_ms: int) -> int:
    if value is None or (isinstance(value, str) and value.strip().lower() in NOW_REFERENCES):
        return now_ms
    if isinstance(value, bool):
        raise ValueError("referenceTime must be \"NL\" (now) or an epoch time")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"referenceTime {value!r} is not \"NL\" (now) or an epoch time") from None
    if not math.isfinite(number) or abs(number) > 253402300799999:
        raise ValueError("referenceTime is out of range")
    return int(number * 1000) if abs(number) < 10**11 else int(number)


def _offset(value, name: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number of periods")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number of periods") from None
    if not math.isfinite(number) or number != int(number) or abs(number) > MAX_OFFSET:
        raise ValueError(f"{name} must be a whole number of periods (at most {MAX_OFFSET})")
    return int(number)


def span(period: dict, zone, now_ms: int) -> tuple[int, int]:
    """[start, end) in epoch ms of one relative period."""
    kind = str(period.get("periodType", ""))
    unit = UNITS.get(kind.strip().lower())
    if unit is None:
        raise ValueError(f"unknown periodType {kind!r}; one of " + ", ".join(
            ("MinutePeriod", "HourOfDayPeriod", "DayOfMonthPeriod", "WeekOfYearPeriod", "MonthOfYearPeriod",
             "QuarterOfYearPeriod", "YearPeriod")))
    first = _offset(period.get("rangeStart", 0), "rangeStart")
    last = _offset(period.get("rangeEnd", first), "rangeEnd")
    if last < first:
        raise ValueError("rangeEnd must not be before rangeStart")
    ref = _reference(period.get("referenceTime"), now_ms)
    if unit in ("minute", "hour"):
        size = 60_000 if unit == "minute" else 3_600_000
        # Hours in real time: the hour of a DST change that repeats is two hours, not one.
        base = ref - ref % 60_000 if unit == "minute" else _hour_floor(ref, zone)
        return base + first * size, base + (last + 1) * size
    local = dt.datetime.fromtimestamp(ref / 1000, zone).replace(tzinfo=None)
    current = _unit_start(local, unit)
    return _ms(_shift(current, unit, first), zone, unit), _ms(_shift(current, unit, last + 1), zone, unit)


def _hour_floor(ms: int, zone) -> int:
    local = dt.datetime.fromtimestamp(ms / 1000, zone)
    return ms - (local.minute * 60_000 + local.second * 1000 + local.microsecond // 1000)


def spans(items: list[dict], zone, now_ms: int) -> list[tuple[int, int]]:
    """The periods' spans merged (overlapping or touching spans become one), ordered."""
    if not items:
        raise ValueError("a relative date needs at least one period")
    found = sorted(span(p, zone, now_ms) for p in items)
    merged: list[list[int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
