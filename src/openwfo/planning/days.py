"""Date ranges of planning requests (tenant-local days), checked into a `Violations`."""

from __future__ import annotations

import datetime as dt

from ..kit.violations import Violations
from ..scheduling.rules import parse_date

MAX_DAYS = 93


def date_range(v: Violations, first_text, last_text, *, max_days: int = MAX_DAYS,
               names=("fromDate", "toDate")) -> tuple[dt.date | None, dt.date | None]:
    first, last = parse_date(first_text), parse_date(last_text)
    if first is None:
        v.add(names[0], "YYYY-MM-DD")
    if last is None:
        v.add(names[1], "YYYY-MM-DD")
    if first and last:
        if last < first:
            v.add(names[1], f"before {names[0]}")
        elif (last - first).days >= max_days:
            v.add(names[1], f"at most {max_days} days after {names[0]}")
    return first, last
