"""Reading interval history files (GIS agent/service files, WHIT CSVs) into checked rows.

Columns are the reference's keys (any case, spaces and punctuation ignored, or the English labels
below); a mapping (WHIT import) renames CSV columns to keys. Unknown columns are ignored (ACD
exports carry more than these); a repeated or missing required column is an error of line 1.

Dates: YYYY-MM-DD, YYYY/MM/DD, MM/DD/YYYY, DD/MM/YYYY. The last two cannot be told apart by one
value, so a file is read one way: the format named by the caller (the mapping's dataType for the
date, or `dateFormat`), else the way its unambiguous dates show (a first number above 12 means
DD/MM, a second above 12 MM/DD; both kinds in one file is an error), else MM/DD/YYYY (the US format).
Periods are HH:MM (00:00 to 23:59). Optional numbers left empty take their defaults: abandoned and
transferred calls 0, the others "not given".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from ...kit import csv as kcsv
from ..schedules.writes import Problems

MAX_ROWS = 500_000
MAX_COUNT = 2_147_483_647
MAX_SECONDS = 1e9

# key: (English label, kind, required)
FIELDS: dict[str, tuple[str, str, bool]] = {
    "abandonedCalls": ("Abandoned Calls", "count", False),
    "ASA": ("ASA", "seconds", False),
    "avgACWTime": ("Average ACW Time", "seconds", True),
    "avgTalkTime": ("Average Talk Time", "seconds", True),
    "contactsInQueue": ("Contacts In Queue", "count", False),
    "date": ("Date", "date", True),
    "handledCalls": ("Handled Calls", "count", True),
    "occupancyRatio": ("Occupancy Ratio", "percent", False),
    "period": ("Period", "period", True),
    "qtyOfAgents": ("Quantity Of Agents", "seconds", False),
    "receivedCalls": ("Received Calls", "count", True),
    "serviceLevel": ("Service Level", "percent", False),
    "serviceName": ("Service Name", "text", True),
    "serviceNumber": ("Service Number", "integer", True),
    "transferredCalls": ("Transferred Calls", "count", False),
}
DEFAULTS = {"abandonedCalls": 0, "transferredCalls": 0}
DATE_FORMATS = ("YYYY-MM-DD", "YYYY/MM/DD", "MM/DD/YYYY", "DD/MM/YYYY")
TYPES = {
    "count": [("Integer", "Number", "1, 2, 3")],
    "integer": [("Integer", "Number", "1, 2, 3")],
    "seconds": [("Decimal", "Number", "12.5")],
    "percent": [("Integer", "Number (0-100)", "85")],
    "text": [("Text", "Text", "Example text")],
    "period": [("HH:MM", "Time of day", "08:30")],
    "date": [("YYYY-MM-DD", "ISO Date", "2016-07-04"), ("YYYY/MM/DD", "ISO Date with slashes", "2016/07/04"),
             ("MM/DD/YYYY", "US Date", "07/04/2016"), ("DD/MM/YYYY", "European Date", "04/07/2016")],
}

_ISO = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})")
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_PERIOD = re.compile(r"(\d{1,2}):(\d{2})")


def fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


BY_NAME = {**{fold(k): k for k in FIELDS}, **{fold(v[0]): k for k, v in FIELDS.items()}}


@dataclass
class IntervalRow:
    """One checked row: where it came from, its queue's ACD number, the local day and minute."""

    file: str
    line: int
    service_number: int
    service_name: str
    day: dt.date
    minute: int
    values: dict

    @property
    def where(self) -> dict:
        return {"file": self.file, "row": self.line}


def date_format(value: str | None) -> str | None:
    """A caller's date format name, normalized (None when not one of the four)."""
    if value is None:
        return None
    wanted = value.strip().upper().replace(" ", "")
    return next((f for f in DATE_FORMATS if f == wanted), None)


def _slash_order(texts: list[str], hint: str | None) -> str | None:
    """'MD' or 'DM' for the file's slash dates with the year last; None: both kinds appear."""
    if hint in ("MM/DD/YYYY", "DD/MM/YYYY"):
        return "MD" if hint == "MM/DD/YYYY" else "DM"
    us = eu = False
    for text in texts:
        m = _SLASH.fullmatch(text)
        if m:
            first, second = int(m.group(1)), int(m.group(2))
            eu |= first > 12 >= second
            us |= second > 12 >= first
    if us and eu:
        return None
    return "DM" if eu else "MD"


def parse_day(text: str, order: str) -> dt.date | None:
    try:
        m = _ISO.fullmatch(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        m = _SLASH.fullmatch(text)
        if m:
            a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            return dt.date(year, a, b) if order == "MD" else dt.date(year, b, a)
    except ValueError:
        return None
    return None


def parse_period(text: str) -> int | None:
    m = _PERIOD.fullmatch(text)
    if not m:
        return None
    hours, minutes = int(m.group(1)), int(m.group(2))
    return hours * 60 + minutes if hours < 24 and minutes < 60 else None


def _number(text: str, kind: str):
    """The cell as the kind's value, or a reason it is not one."""
    try:
        value = float(text)
    except ValueError:
        return None, f"'{text}' is not a number"
    if not math.isfinite(value) or value < 0:
        return None, f"'{text}' is not a number of zero or more"
    if kind in ("count", "integer"):
        if value != int(value) or value > (MAX_COUNT if kind == "count" else 9_000_000_000_000_000):
            return None, f"'{text}' is not a whole number" if value != int(value) else f"'{text}' is too large"
        return int(value), None
    if kind == "percent" and value > 100:
        return None, f"'{text}' is not a percentage (0-100)"
    if value > MAX_SECONDS:
        return None, f"'{text}' is too large"
    return value, None


def read_file(name: str, data: bytes, problems: Problems, *, mapping: dict[str, str] | None = None,
              date_hint: str | None = None) -> list[IntervalRow]:
    """The rows of one file; problems go to `problems` (each with the file and line)."""
    try:
        table = kcsv.read(kcsv.decode(data))
    except kcsv.CsvError as exc:
        problems.add({"file": name, "row": 1}, f"unreadable CSV: {exc}")
        return []
    if len(table.records) > MAX_ROWS:
        problems.add({"file": name, "row": 1}, f"at most {MAX_ROWS} rows per file")
        return []
    cols: dict[str, int] = {}
    mapping = mapping or {}
    for i, cell in enumerate(table.header):
        key = mapping.get(fold(cell)) or BY_NAME.get(fold(cell))
        if key is None:
            continue
        if key in cols:
            problems.add({"file": name, "row": 1, "column": cell}, f"column '{cell}' repeats the {key} column")
        cols[key] = i
    missing = [k for k, (_, _, required) in FIELDS.items() if required and k not in cols]
    for key in missing:
        problems.add({"file": name, "row": 1, "column": key}, f"the {key} column is required")
    if missing:
        return []

    def cell(rec, key) -> str:
        i = cols.get(key)
        return rec.cells[i].strip() if i is not None and i < len(rec.cells) else ""

    order = _slash_order([cell(r, "date") for r in table.records], date_hint)
    if order is None:
        problems.add({"file": name, "row": 1, "column": "date"},
                     "the file mixes MM/DD/YYYY and DD/MM/YYYY dates; name the date format")
        return []
    rows = []
    for rec in table.records:
        where = {"file": name, "row": rec.line}
        ok = True
        values: dict = {}
        for key, (_, kind, required) in FIELDS.items():
            text = cell(rec, key)
            if not text:
                if required:
                    problems.add({**where, "column": key}, f"{key} is required")
                    ok = False
                values[key] = DEFAULTS.get(key)
                continue
            if kind == "text":
                if len(text) > 100 or "\x00" in text:
                    problems.add({**where, "column": key}, f"{key} is longer than 100 characters or holds NUL")
                    ok = False
                values[key] = text
            elif kind == "date":
                values[key] = parse_day(text, order)
                if values[key] is None or (date_hint in ("YYYY-MM-DD", "YYYY/MM/DD") and not _ISO.fullmatch(text)):
                    problems.add({**where, "column": key}, f"'{text}' is not a date ({', '.join(DATE_FORMATS)})"
                                 if date_hint is None else f"'{text}' is not a date in the format {date_hint}")
                    ok = False
            elif kind == "period":
                values[key] = parse_period(text)
                if values[key] is None:
                    problems.add({**where, "column": key}, f"'{text}' is not a period of the day (HH:MM)")
                    ok = False
            else:
                values[key], reason = _number(text, kind)
                if reason:
                    problems.add({**where, "column": key}, reason)
                    ok = False
        if ok:
            rows.append(IntervalRow(name, rec.line, values.pop("serviceNumber"), values.pop("serviceName"),
                                    values.pop("date"), values.pop("period"), values))
    return rows
