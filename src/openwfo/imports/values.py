"""Cell values: parsing each data type, and calendar dates to and from stored epoch milliseconds.

Dates in files are calendar days; they are stored as the epoch milliseconds of that day's midnight
in the tenant's time zone, and compared as days (a stored 14:03 on 8/17/2016 equals "8/17/2016").
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

# The reference's "active / reactivate" date: a deactivation date of 12/31/2999 means active.
ACTIVE_DATE = date(2999, 12, 31)

_INT = re.compile(r"[+-]?\d{1,18}")
_TIME_SUFFIX = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?(\s*[AaPp][Mm])?$")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_EU = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


class CellError(ValueError):
    """A cell's value does not fit its field (the message is the reason)."""


def parse_integer(raw: str) -> int:
    if not _INT.fullmatch(raw):
        raise CellError(f"'{raw}' is not a whole number")
    return int(raw)


def parse_bool(raw: str) -> bool:
    v = raw.lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise CellError(f"'{raw}' is not True or False")


def parse_date(raw: str, data_type: str = "MM/DD/YYYY") -> date:
    text = _TIME_SUFFIX.sub("", raw)
    try:
        if data_type == "DD/MM/YYYY":
            m = _EU.fullmatch(text)
            if m:
                return date(int(m[3]), int(m[2]), int(m[1]))
        elif data_type == "YYYY-MM-DD":
            m = _ISO.fullmatch(text)
            if m:
                return date(int(m[1]), int(m[2]), int(m[3]))
        else:
            m = _US.fullmatch(text)
            if m:
                return date(int(m[3]), int(m[1]), int(m[2]))
    except ValueError:
        raise CellError(f"'{raw}' is not a valid date") from None
    raise CellError(f"'{raw}' is not a date in the format {data_type}")


def parse_list(raw: str) -> list[str]:
    out: list[str] = []
    for part in raw.split(";"):
        v = part.strip()
        if v and v not in out:
            out.append(v)
    return out


def parse(kind: str, data_type: str, raw: str):
    """The value of a non-empty, stripped cell for a field of `kind` read as `data_type`."""
    if kind == "integer":
        return parse_integer(raw)
    if kind == "date":
        return parse_date(raw, data_type)
    if kind == "bool":
        return parse_bool(raw)
    if kind == "list":
        return parse_list(raw)
    if data_type == "Integer":
        parse_integer(raw)  # checked, but kept as written (an ACD id may have leading zeros)
    return raw


def format_date(d: date | None) -> str:
    """A date as the export writes it (the reference's example: 8/17/2016)."""
    return "" if d is None else f"{d.month}/{d.day}/{d.year}"


def format_bool(v: bool) -> str:
    return "TRUE" if v else "FALSE"


class Days:
    """Calendar days <-> epoch milliseconds in one time zone (cached: files repeat their dates)."""

    def __init__(self, time_zone: str):
        try:
            self.zone = ZoneInfo(time_zone)
        except Exception:
            self.zone = ZoneInfo("UTC")
        self._to_ms: dict[date, int] = {}
        self._to_day: dict[int, date] = {}

    def ms(self, d: date) -> int:
        v = self._to_ms.get(d)
        if v is None:
            v = int(datetime(d.year, d.month, d.day, tzinfo=self.zone).timestamp() * 1000)
            self._to_ms[d] = v
        return v

    def day(self, ms: int | None) -> date | None:
        if ms is None:
            return None
        v = self._to_day.get(ms)
        if v is None:
            try:
                v = datetime.fromtimestamp(ms / 1000, self.zone).date()
            except (OverflowError, OSError, ValueError):
                return None
            self._to_day[ms] = v
        return v
