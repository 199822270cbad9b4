"""CSV and JSON contact metadata, as the Bulk Contact Import API describes it, into ContactSpecs.

Values are checked here (lengths, numbers); a bad value fails its own row only. Unknown values
are empty strings in CSV and absent or null in JSON.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from ...errors import BadRequest
from ...kit import csv as csv_kit
from .files import read_text

MAX_NAME = 39
MAX_VALUE = 2056
CONTACT_TYPES = ("quality", "archive")
EVENT_KINDS = ("silence", "talkover", "pause")


@dataclass
class MediaRef:
    name: str
    role: str  # recording1 | recording2 | audio | screen
    start_ms: int | None = None
    offset_ms: int | None = None


@dataclass
class ContactSpec:
    source: str
    row: int
    from_json: bool = False
    agent: str | None = None
    start_ms: int | None = None
    tz: str | None = None
    assoc_call_id: str | None = None
    call_id: str | None = None
    icm_call_id: str | None = None
    ani: str | None = None
    dnis: str | None = None
    line: str | None = None
    direction: int | None = None
    media: list[MediaRef] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    events: list[tuple[str, int, int]] = field(default_factory=list)
    root: bool = False
    in_progress: bool | None = None
    duration_ms: int | None = None
    contact_type: str | None = None
    quality_reason_id: int | None = None
    contact_id: int | None = None
    errors: list[str] = field(default_factory=list)


# CSV header (lower case) -> what it sets. Both spellings the reference uses are accepted.
_CSV = {
    "agentid": "agent", "contactstarttimems": "start_ms", "timezone": "tz", "clienttimezone": "tz",
    "assoccallid": "assoc_call_id", "callid": "call_id", "icmcallid": "icm_call_id",
    "calledaddress": "dnis", "called": "dnis", "callingaddress": "ani", "calling": "ani", "line": "line",
    "direction": "direction", "recording1": "recording1", "recording2": "recording2",
    "recording2offset": "recording2_offset", "audio.location": "audio_location", "audio.starttimems": "audio_start",
    "screen.location": "screen_location", "screen.starttimems": "screen_start", "calldurationms": "duration_ms",
    "contacttype": "contact_type", "rootrecording": "root", "inprogress": "in_progress",
    "qualityreasonid": "quality_reason_id",
}
_DIRECTION_WORDS = {"outbound": 0, "inbound": 1}
_LIMITS = {"agent": 254, "assoc_call_id": 52, "call_id": 128, "icm_call_id": 128, "ani": 64, "dnis": 64,
           "line": 64, "tz": 255}


def _text(spec: ContactSpec, name: str, value: Any, label: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        spec.errors.append(f"{label} must be a string")
        return None
    text = str(value).strip() if not isinstance(value, float) else str(int(value)) if value.is_integer() else str(value)
    if text == "":
        return None
    limit = _LIMITS.get(name)
    if limit and len(text) > limit:
        spec.errors.append(f"{label} is longer than {limit} characters")
        return None
    return text


def _long(spec: ContactSpec, value: Any, label: str, minimum: int | None = 0) -> int | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, bool):
        spec.errors.append(f"{label} must be a number")
        return None
    try:
        number = int(value) if not isinstance(value, str) else int(value.strip())
    except (TypeError, ValueError):
        try:
            as_float = float(value)
            if not as_float.is_integer():
                raise ValueError
            number = int(as_float)
        except (TypeError, ValueError, OverflowError):
            spec.errors.append(f"{label} must be a whole number")
            return None
    if minimum is not None and number < minimum:
        spec.errors.append(f"{label} must be at least {minimum}")
        return None
    if abs(number) > 2**62:
        spec.errors.append(f"{label} is out of range")
        return None
    return number


def _flag(spec: ContactSpec, value: Any, label: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    spec.errors.append(f"{label} must be true or false")
    return None


def _set(spec: ContactSpec, key: str, value: Any, label: str) -> None:
    """Apply one named value (CSV column or JSON field) to a spec."""
    if key in ("agent", "tz", "assoc_call_id", "call_id", "icm_call_id", "ani", "dnis", "line"):
        setattr(spec, key, _text(spec, key, value, label))
    elif key == "start_ms":
        spec.start_ms = _long(spec, value, label)
    elif key == "duration_ms":
        spec.duration_ms = _long(spec, value, label)
    elif key == "direction":
        word = value.strip().lower() if isinstance(value, str) else None
        d = _DIRECTION_WORDS[word] if word in _DIRECTION_WORDS else _long(spec, value, label)
        if d is not None and d not in (0, 1):
            spec.errors.append(f"{label} must be 0 (outbound) or 1 (inbound)")
        else:
            spec.direction = d
    elif key == "root":
        spec.root = bool(_flag(spec, value, label))
    elif key == "in_progress":
        spec.in_progress = _flag(spec, value, label)
    elif key == "contact_type":
        text = _text(spec, key, value, label)
        if text is not None and text.lower() not in CONTACT_TYPES:
            spec.errors.append(f"{label} must be one of {', '.join(CONTACT_TYPES)}")
        else:
            spec.contact_type = text.lower() if text else None
    elif key == "quality_reason_id":
        spec.quality_reason_id = _long(spec, value, label, minimum=1)


def _metadata(spec: ContactSpec, name: str, value: Any) -> None:
    name = name.strip()
    if not name:
        spec.errors.append("a custom metadata field needs a name")
        return
    if len(name) > MAX_NAME:
        spec.errors.append(f"metadata field name {name[:45]!r} is longer than {MAX_NAME} characters")
        return
    if value is None:
        return
    if isinstance(value, (dict, list)):
        spec.errors.append(f"metadata {name} must be a string")
        return
    text = value if isinstance(value, str) else json.dumps(value)
    if text == "":
        return
    if len(text) > MAX_VALUE:
        spec.errors.append(f"metadata {name} is longer than {MAX_VALUE} characters")
        return
    spec.metadata[name] = text


def _location(spec: ContactSpec, value: Any, label: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        spec.errors.append(f"{label} must be a file name")
        return None
    name = value.strip().replace("\\", "/").rsplit("/", 1)[-1]
    if len(name) > 128:
        spec.errors.append(f"{label} is longer than 128 characters")
        return None
    return name or None


# ---------------------------------------------------------------- CSV

def _cells(reader) -> list[str]:
    """The next record's cells, each with the formula guard taken off the way the shared CSV reader
    does it (`kit.csv.unescape`: a leading `'` only before `=`, `+`, `-`, `@`, tab or CR), so a file
    that OpenWFO (or a careful spreadsheet user) wrote imports as what it shows."""
    return [csv_kit.unescape(c) for c in next(reader)]


def parse_csv(text: str, source: str, first_row: int = 1) -> tuple[list[ContactSpec], list[str]]:
    """Contacts from a CSV document; answers (specs, ignored column names). A header problem fails
    the whole file (BadRequest); a row problem fails that row. Values may follow ", " (the
    reference's layout) and be quoted."""
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    try:
        header = _cells(reader)
    except StopIteration:
        raise BadRequest(f"{source}: the CSV file is empty") from None
    except csv.Error as exc:
        raise BadRequest(f"{source}: unreadable CSV header: {exc}") from None
    columns: list[tuple[str, str | None]] = []
    ignored: list[str] = []
    for raw in header:
        name = raw.strip().strip("\ufeff")
        low = name.lower()
        if low.startswith("metadata"):
            columns.append(("metadata", name[len("metadata"):].lstrip("._")))
        elif low in _CSV:
            columns.append((_CSV[low], name))  # the header as written labels this column's errors
        else:
            columns.append(("ignored", None))
            if name:
                ignored.append(name)
    keys = [k for k, _ in columns]
    if "agent" not in keys:
        raise BadRequest(f"{source}: the CSV header needs an AgentId column",
                         errors=[{"field": "AgentId", "reason": "required column"}])
    specs: list[ContactSpec] = []
    row_no = first_row - 1
    while True:
        try:
            values = _cells(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            row_no += 1
            spec = ContactSpec(source=source, row=row_no)
            spec.errors.append(f"unreadable CSV row: {exc}")
            specs.append(spec)
            continue
        if not values or all(v.strip() == "" for v in values):
            continue
        row_no += 1
        spec = ContactSpec(source=source, row=row_no)
        specs.append(spec)
        if len(values) != len(columns):
            spec.errors.append(f"the row has {len(values)} columns, the header {len(columns)}")
            continue
        extra: dict[str, str] = {}
        for (key, meta), value in zip(columns, values, strict=True):
            if key == "metadata":
                _metadata(spec, meta or "", value)
            elif key in ("recording1", "recording2", "recording2_offset", "audio_location", "audio_start",
                         "screen_location", "screen_start"):
                extra[key] = value
            elif key != "ignored":
                _set(spec, key, value, meta or key)
        if spec.agent is None:
            spec.errors.append("AgentId is required")
        r1 = _location(spec, extra.get("recording1"), "Recording1")
        r2 = _location(spec, extra.get("recording2"), "Recording2")
        if r1:
            spec.media.append(MediaRef(r1, "recording1", offset_ms=0))
        if r2:
            spec.media.append(MediaRef(r2, "recording2", offset_ms=_long(spec, extra.get("recording2_offset"),
                                                                        "Recording2Offset", minimum=None) or 0))
        elif extra.get("recording2_offset", "").strip() and not r1:
            spec.errors.append("Recording2Offset without Recording2")
        for role in ("audio", "screen"):
            loc = _location(spec, extra.get(f"{role}_location"), f"{role.title()}.Location")
            if loc:
                spec.media.append(MediaRef(loc, role, start_ms=_long(spec, extra.get(f"{role}_start"),
                                                                     f"{role.title()}.StartTimeMs")))
    return specs, ignored


# ---------------------------------------------------------------- JSON

_JSON = {
    "agentid": "agent", "contactstarttimems": "start_ms", "clienttimezone": "tz", "timezone": "tz",
    "assoccallid": "assoc_call_id", "callid": "call_id", "icmcallid": "icm_call_id", "called": "dnis",
    "calledaddress": "dnis", "calling": "ani", "callingaddress": "ani", "line": "line", "direction": "direction",
    "calldurationms": "duration_ms", "contacttype": "contact_type", "rootrecording": "root",
    "inprogress": "in_progress", "qualityreasonid": "quality_reason_id",
}
_JSON_LABELS = {
    "agent": "AgentId", "start_ms": "ContactStartTimeMs", "tz": "ClientTimeZone", "assoc_call_id": "AssocCallId",
    "call_id": "CallId", "icm_call_id": "IcmCallId", "dnis": "Called", "ani": "Calling", "line": "Line",
    "direction": "Direction", "duration_ms": "CallDurationMs", "contact_type": "ContactType", "root": "RootRecording",
    "in_progress": "InProgress", "quality_reason_id": "QualityReasonId",
}


def parse_json_text(text: str, source: str) -> list[ContactSpec]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BadRequest(f"{source}: malformed JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("contacts"), list):
        data = data["contacts"]
    items = data if isinstance(data, list) else [data]
    specs = []
    for i, item in enumerate(items, start=1):
        specs.append(parse_json_contact(item, source, i))
    return specs


def parse_json_contact(item: Any, source: str, row: int = 1) -> ContactSpec:
    spec = ContactSpec(source=source, row=row, from_json=True)
    if not isinstance(item, dict):
        spec.errors.append("a contact must be a JSON object")
        return spec
    for raw_key, value in item.items():
        low = str(raw_key).lower()
        if low in _JSON:
            key = _JSON[low]
            if key == "agent" and isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            _set(spec, key, value, _JSON_LABELS.get(key, raw_key))
        elif low in ("id", "contactid"):
            spec.contact_id = _long(spec, value, raw_key, minimum=1)
        elif low in ("audio", "screen"):
            _json_media(spec, low, value)
        elif low == "custommetadata":
            if value is None:
                continue
            if not isinstance(value, dict):
                spec.errors.append("CustomMetadata must be an object of name/value pairs")
                continue
            for name, v in value.items():
                _metadata(spec, str(name), v)
        elif low == "events":
            _json_events(spec, value)
    return spec


def _json_media(spec: ContactSpec, role: str, value: Any) -> None:
    if value is None:
        return
    items = value if isinstance(value, list) else [value]
    label = role.title()
    if len(items) > 1:
        spec.errors.append(f"only a single {role} recording per contact is allowed")
        return
    for entry in items:
        if not isinstance(entry, dict):
            spec.errors.append(f"{label} entries must be objects with Location and StartTimeMs")
            continue
        low = {str(k).lower(): v for k, v in entry.items()}
        loc = _location(spec, low.get("location"), f"{label}.Location")
        if loc is None:
            spec.errors.append(f"{label}.Location is required")
            continue
        spec.media.append(MediaRef(loc, role, start_ms=_long(spec, low.get("starttimems"), f"{label}.StartTimeMs")))


def _json_events(spec: ContactSpec, value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, list):
        spec.errors.append("Events must be a list")
        return
    for entry in value:
        if not isinstance(entry, dict):
            spec.errors.append("Events entries must be objects")
            continue
        low = {str(k).lower(): v for k, v in entry.items()}
        kind = str(low.get("type", "")).lower().replace("-", "").replace("_", "")
        if kind not in EVENT_KINDS:
            spec.errors.append(f"Events Type must be one of {', '.join(EVENT_KINDS)}")
            continue
        start = _long(spec, low.get("startoffsetms", 0), "Events.StartOffsetMs")
        duration = _long(spec, low.get("durationms", 0), "Events.DurationMs")
        if start is not None and duration is not None:
            spec.events.append((kind, start, duration))


def parse_documents(uploads) -> tuple[list, list[str]]:
    """Every contact of every CSV/JSON document of an upload, in upload order."""
    specs, ignored_columns = [], []
    for name, path in uploads.metadata:
        text = read_text(path, name)
        if name.lower().endswith(".json") or text.lstrip()[:1] in ("{", "["):
            specs += parse_json_text(text, name)
        else:
            found, ignored = parse_csv(text, name)
            specs += found
            ignored_columns += [c for c in ignored if c not in ignored_columns]
    return specs, ignored_columns
