"""encodedParamValues: the parameter values of an export, as the reference writes them.

The text is a JSON list written with double or single quotes (the reference's example uses single
quotes: `[{'name':'Team','value':{'isAll':'false','values':[122.0],'containsNull':'false'}}]`).
Each entry names a parameter of the report and gives its value in one of three forms:

- value filter: `{"isAll", "values", "containsNull"}` (booleans may be written as text);
  isAll true means no filter, containsNull adds the rows without a value;
- Date Range: `{"start": <epoch>, "end": <epoch>}` (also `rangeStart`/`rangeEnd`, `from`/`to`, or
  `values: [start, end]`), UNIX epoch in seconds or milliseconds (a number below 10^11 is read as
  seconds), end exclusive; without an end, "from then on";
- Relative Date: a list of periods `{"periodType", "referenceTime", "rangeStart", "rangeEnd"}`
  (under any key of the value, e.g. `relativeDates`, or as the value itself), see `periods.py`.

Parameter names are matched ignoring case and a leading `p` (`Team` is `pTeam`). Unknown names
and malformed values answer one 400 naming each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..kit.violations import Violations
from . import periods

SECONDS_BELOW = 10**11
MAX_VALUES = 10_000


@dataclass
class ValueFilter:
    values: list = field(default_factory=list)
    contains_null: bool = False


@dataclass
class DateFilter:
    """Half-open [start, end) spans in epoch ms (end None: from start on)."""

    spans: list[tuple[int, int | None]]


@dataclass
class Filters:
    values: dict[str, ValueFilter] = field(default_factory=dict)
    dates: dict[str, DateFilter] = field(default_factory=dict)

    def value(self, name: str) -> ValueFilter | None:
        return self.values.get(name)

    def date(self, name: str) -> DateFilter | None:
        return self.dates.get(name)


def _single_to_double(text: str) -> str:
    """JSON text from JSON written with single-quoted strings (double-quoted ones kept as they are)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif c == "'":
            j = i + 1
            buf: list[str] = []
            while j < n and text[j] != "'":
                if text[j] == "\\" and j + 1 < n:
                    nxt = text[j + 1]
                    buf.append({"'": "'", '"': '"', "\\": "\\", "n": "\n", "t": "\t", "/": "/"}.get(nxt, "\\" + nxt))
                    j += 2
                else:
                    buf.append(text[j])
                    j += 1
            out.append(json.dumps("".join(buf)))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def decode(text: str | list | None) -> list:
    """The list of parameter entries; ValueError naming the problem when it is not one."""
    if text is None:
        return []
    if isinstance(text, list):
        return text
    if not isinstance(text, str):
        raise ValueError("must be a JSON list as text")
    text = text.strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        try:
            data = json.loads(_single_to_double(text))
        except ValueError as exc:
            raise ValueError(f"is not a JSON list ({exc})") from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ValueError("must be a JSON list of {name, value} entries")
    return data


def _flag(value, default: bool = False) -> bool | None:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _epoch_ms(value) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if not isinstance(value, int | float) or value != value or abs(value) > 253402300799999:
        return None
    ms = int(value * 1000) if abs(value) < SECONDS_BELOW else int(value)
    return ms


def fold(name: str) -> str:
    key = name.strip().lower()
    return key[1:] if key.startswith("p") and len(key) > 1 else key


def _period_list(value) -> list | None:
    if isinstance(value, list) and value and all(isinstance(p, dict) and "periodType" in p for p in value):
        return value
    if isinstance(value, dict):
        for v in value.values():
            found = _period_list(v)
            if found is not None:
                return found
    return None


_START_KEYS = ("start", "rangeStart", "from", "startDate", "startTime")
_END_KEYS = ("end", "rangeEnd", "to", "endDate", "endTime")


def _date_value(value, zone, now_ms: int, v: Violations, where: str) -> DateFilter | None:
    relative = _period_list(value)
    if relative is not None:
        try:
            return DateFilter(periods.spans(relative, zone, now_ms))
        except (ValueError, OverflowError) as exc:
            v.add(where, str(exc))
            return None
    if isinstance(value, dict) and _flag(value.get("isAll")) is True:
        return None
    start = end = None
    if isinstance(value, dict) and isinstance(value.get("values"), list):
        items = value["values"]
        if not 1 <= len(items) <= 2:
            v.add(where, "a date range is values: [start] or [start, end] in UNIX epoch")
            return None
        start, end = items[0], items[1] if len(items) > 1 else None
    elif isinstance(value, dict):
        start = next((value[k] for k in _START_KEYS if k in value), None)
        end = next((value[k] for k in _END_KEYS if k in value), None)
    elif isinstance(value, list) and 1 <= len(value) <= 2:
        start, end = value[0], value[1] if len(value) > 1 else None
    else:
        v.add(where, "must be a date range {start, end} in UNIX epoch or a list of relative date periods")
        return None
    start_ms = _epoch_ms(start)
    end_ms = None if end in (None, "", 0, "0") else _epoch_ms(end)
    if start_ms is None:
        v.add(where, "the date range needs a start in UNIX epoch (seconds or milliseconds)")
        return None
    if end not in (None, "", 0, "0") and end_ms is None:
        v.add(where, "the date range end must be UNIX epoch (seconds or milliseconds)")
        return None
    if end_ms is not None and end_ms <= start_ms:
        v.add(where, "the date range end must be after its start")
        return None
    return DateFilter([(start_ms, end_ms)])


def _value_filter(param, value, v: Violations, where: str) -> ValueFilter | None:
    if not isinstance(value, dict):
        value = {"values": value if isinstance(value, list) else [value]}
    is_all = _flag(value.get("isAll"))
    contains_null = _flag(value.get("containsNull"))
    if is_all is None:
        v.add(where, "isAll must be true or false")
        return None
    if contains_null is None:
        v.add(where, "containsNull must be true or false")
        return None
    if is_all:
        return None
    items = value.get("values", [])
    if not isinstance(items, list):
        items = [items]
    if len(items) > MAX_VALUES:
        v.add(where, f"at most {MAX_VALUES} values")
        return None
    out = []
    for item in items:
        converted = param.convert(item)
        if converted is None:
            v.add(where, f"{item!r} is not a valid {param.label} ({param.value_type})")
            return None
        out.append(converted)
    return ValueFilter(out, bool(contains_null))


def parse(entries: list, params: list, zone, now_ms: int, v: Violations, field_name: str = "encodedParamValues") -> Filters:
    """Filters from the decoded entries for a report's parameters (violations collected in `v`)."""
    by_name = {}
    for p in params:
        for alias in (p.name, *p.aliases):
            by_name[fold(alias)] = p
    out = Filters()
    for i, entry in enumerate(entries):
        where = f"{field_name}[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or "value" not in entry:
            v.add(where, "each entry is {name, value}")
            continue
        param = by_name.get(fold(entry["name"]))
        if param is None:
            v.add(f"{where}.name", f"unknown parameter {entry['name']!r}; this report takes "
                  + ", ".join(p.name for p in params))
            continue
        where = f"{where} ({param.name})"
        if param.kind == "date":
            found = _date_value(entry["value"], zone, now_ms, v, where)
            if found is not None:
                out.dates[param.name] = found
            else:
                out.dates.pop(param.name, None)
        else:
            found = _value_filter(param, entry["value"], v, where)
            if found is not None:
                out.values[param.name] = found
            else:
                out.values.pop(param.name, None)
    return out
