"""Text contact records from JSON and CSV documents (the Generic Text Import tables).

JSON: `{"textType", "evalForm", "records": [...]}` (the Generic Text Import API), a list of record
objects each carrying its own textType (the multiple-files API's JSON file), or one record object.
CSV: one record per row, columns in any order, multi-values delimited by `|`, metadata as
`name=value|name=value`. A record's body is its `text`, or the content file `filename` names.
Every problem of a record is collected on it; a bad record never fails the others.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ...errors import BadRequest
from ...kit import csv as kcsv
from ...kit.wire import MAX_MS

TEXT_TYPES = ("email", "chat", "twitter", "facebook", "website", "other")
MAX_BODY_CHARS = 5_000_000
MAX_ITEMS = 100
KNOWN_COLUMNS = {"texttype", "filename", "evalform", "time", "username", "sender", "receiver", "receivers",
                 "subject", "metadata", "references", "id", "text"}


@dataclass
class TextSpec:
    row: int  # 1-based record number (CSV: the line)
    source: str  # the document it came from
    text_type: str | None = None
    time_ms: int | None = None
    username: str | None = None
    sender: str | None = None
    receivers: list[str] = field(default_factory=list)
    subject: str | None = None
    text: str | None = None
    file_name: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    source_id: str | None = None
    eval_form: int | str | None = None  # an id, or a name
    errors: list[str] = field(default_factory=list)


def _text(value: Any, name: str, spec: TextSpec, limit: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        spec.errors.append(f"{name} must be text")
        return None
    text = str(value) if not isinstance(value, float) else repr(value)
    if "\x00" in text:
        spec.errors.append(f"{name} must not contain NUL characters")
        return None
    text = text.strip() if name not in ("text",) else text
    if len(text) > limit:
        spec.errors.append(f"{name} is longer than {limit} characters")
        return None
    return text or None


def _list(value: Any, name: str, spec: TextSpec) -> list[str]:
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else str(value).split("|") if isinstance(value, str | int) else None
    if items is None or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in items):
        spec.errors.append(f"{name} must be a list of texts (or texts delimited by |)")
        return []
    out = [str(v).strip() for v in items if str(v).strip()]
    if len(out) > MAX_ITEMS or any(len(v) > 1000 or "\x00" in v for v in out):
        spec.errors.append(f"{name} holds too many or too long values")
        return []
    return out


def _metadata(value: Any, spec: TextSpec) -> dict[str, str]:
    if value is None or value == "":
        return {}
    pairs: list[tuple[str, Any]]
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, str):
        pairs = []
        for part in value.split("|"):
            if not part.strip():
                continue
            if "=" not in part:
                spec.errors.append(f"metadata {part.strip()!r} is not name=value")
                return {}
            k, v = part.split("=", 1)
            pairs.append((k, v))
    else:
        spec.errors.append("metadata must be an object (JSON) or name=value|name=value (CSV)")
        return {}
    out: dict[str, str] = {}
    for k, v in pairs:
        name = str(k).strip()
        if v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            spec.errors.append(f"metadata {name} must be text")
            continue
        text = str(v).strip()
        if not name or len(name) > 39 or len(text) > 2056 or "\x00" in name + text:
            spec.errors.append(f"metadata {name[:40]!r}: names have 1-39 characters, values at most 2056")
            continue
        out[name] = text
    return out


def _time(value: Any, spec: TextSpec) -> int | None:
    if value is None or value == "":
        spec.errors.append("time is required (epoch milliseconds)")
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MS:
        spec.errors.append(f"time {value!r} is not epoch milliseconds")
        return None
    return value


def _eval_form(value: Any, spec: TextSpec) -> int | str | None:
    if isinstance(value, dict):
        value = value.get("id") if value.get("id") not in (None, "") else value.get("name")
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip()
        return int(v) if v.isdecimal() and len(v) < 18 else (v or None)
    spec.errors.append("evalForm must be an id or a name")
    return None


def build(values: dict[str, Any], row: int, source: str, defaults: dict[str, Any]) -> TextSpec:
    """One record from its fields (keys compared ignoring case)."""
    low = {str(k).strip().lower(): v for k, v in values.items()}
    spec = TextSpec(row=row, source=source)
    text_type = low.get("texttype", defaults.get("texttype"))
    if text_type in (None, ""):
        spec.errors.append("textType is required")
    elif not isinstance(text_type, str) or text_type.strip().lower() not in TEXT_TYPES:
        spec.errors.append(f"textType {text_type!r} is not one of {', '.join(TEXT_TYPES)}")
    else:
        spec.text_type = text_type.strip().lower()
    spec.time_ms = _time(low.get("time"), spec)
    spec.username = _text(low.get("username"), "username", spec, 320)
    if spec.username is None and not any(e.startswith("username") for e in spec.errors):
        spec.errors.append("username is required")
    spec.sender = _text(low.get("sender"), "sender", spec, 1000)
    spec.subject = _text(low.get("subject"), "subject", spec, 2000)
    spec.receivers = _list(low["receiver"] if "receiver" in low else low.get("receivers"), "receiver", spec)
    spec.references = _list(low.get("references"), "references", spec)
    spec.metadata = _metadata(low.get("metadata"), spec)
    spec.source_id = _text(low.get("id"), "id", spec, 200)
    spec.eval_form = _eval_form(low.get("evalform", defaults.get("evalform")), spec)
    spec.text = _text(low.get("text"), "text", spec, MAX_BODY_CHARS)
    spec.file_name = _text(low.get("filename"), "filename", spec, 255)
    if spec.text is None and spec.file_name is None and not any(e.startswith(("text", "filename")) for e in spec.errors):
        spec.errors.append("text or filename (the content file) is required")
    return spec


def parse_json(text: str, source: str) -> list[TextSpec]:
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise BadRequest(f"{source}: malformed JSON ({exc})",
                         errors=[{"field": source, "reason": "malformed JSON"}]) from None
    defaults: dict[str, Any] = {}
    if isinstance(doc, dict) and "records" in doc:
        defaults = {"texttype": doc.get("textType", doc.get("texttype")),
                    "evalform": doc.get("evalForm", doc.get("evalform"))}
        records = doc["records"]
    elif isinstance(doc, dict):
        records = [doc]
    else:
        records = doc
    if not isinstance(records, list):
        raise BadRequest(f"{source}: records must be an array", errors=[{"field": "records", "reason": "must be an array"}])
    out = []
    for i, rec in enumerate(records, start=1):
        if isinstance(rec, dict):
            out.append(build(rec, i, source, defaults))
        else:
            spec = TextSpec(row=i, source=source)
            spec.errors.append("a record must be a JSON object")
            out.append(spec)
    return out


def parse_csv(text: str, source: str) -> tuple[list[TextSpec], list[str]]:
    """Records of a CSV document and the header columns it ignored."""
    try:
        table = kcsv.read(text)
    except kcsv.CsvError as exc:
        raise BadRequest(f"{source}: {exc}", errors=[{"field": source, "reason": str(exc)}]) from None
    header = [h.strip() for h in table.header]
    ignored = [h for h in header if h.lower() not in KNOWN_COLUMNS]
    out = []
    for rec in table.records:
        if len(rec.cells) != len(header):
            spec = TextSpec(row=rec.line, source=source)
            spec.errors.append(f"the row has {len(rec.cells)} columns, the header {len(header)}")
            out.append(spec)
            continue
        values = {h: (c if c.strip() else None) for h, c in zip(header, rec.cells, strict=True)}
        if "text" in {h.lower() for h in header}:
            values = {h: (c if h.lower() == "text" else v) for (h, v), c in zip(values.items(), rec.cells, strict=True)}
        out.append(build(values, rec.line, source, {}))
    return out, ignored


def parse_document(text: str, name: str) -> tuple[list[TextSpec], list[str]]:
    """A CSV or JSON document, told apart by its first character."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "["):
        return parse_json(stripped, name), []
    return parse_csv(text, name)
