"""Contact search: every parameter of the Contact API, as one indexed query.

Repeated parameters are OR-combined; different parameters AND-combined. Dates are GMT, the range
defaults to the last 60 days, results come newest first (`limit`, default 100, at most 1000;
`offset` pages on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, false, func, not_, or_, select, true
from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...errors import BadRequest
from ...kit.clock import now_ms
from ...models import Contact, ContactEvent, ContactMetadata, MetadataField, Person
from .access import contact_scope_filter
from .patterns import literal_prefix, matches, matches_folded

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
DEFAULT_DAYS = 60
DAY_MS = 86_400_000
METADATA_OPS = {"equals": "equals", "beginswith": "beginsWith", "endswith": "endsWith", "contains": "contains"}
CONTACT_TYPES = ("quality", "archive")
_EVALUATE = perms.BY_NAME["Evaluate Contacts"].id


@dataclass
class SearchParams:
    agent: list[int] = field(default_factory=list)
    ani: list[str] = field(default_factory=list)
    assoc_call_id: list[str] = field(default_factory=list)
    begin_date: str | None = None
    begin_time: str | None = None
    end_date: str | None = None
    end_time: str | None = None
    can_evaluate: bool | None = None
    dnis: list[str] = field(default_factory=list)
    first_name: list[str] = field(default_factory=list)
    last_name: list[str] = field(default_factory=list)
    group: list[int] = field(default_factory=list)
    team: list[int] = field(default_factory=list)
    has_recording: bool | None = None
    hr: bool | None = None
    in_progress: bool | None = None
    needs_approval: bool | None = None
    scored: bool | None = None
    tagged: bool | None = None
    training: bool | None = None
    line: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    number: list[str] = field(default_factory=list)
    silence_duration: int | None = None
    silence_events: int | None = None
    talkover_duration: int | None = None
    talkover_events: int | None = None
    type: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadRequest(f"{name} must be a date YYYY-MM-DD", errors=[{"field": name, "reason": "YYYY-MM-DD"}]) from None


def _time(value: str | None, name: str) -> dt.time | None:
    if value is None or not value.strip():
        return None
    text = value.replace(" ", "")
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{name} must be a time HH:MM:SS", errors=[{"field": name, "reason": "HH:MM:SS"}]) from None


def _epoch(day: dt.date, at: dt.time | None) -> int:
    moment = dt.datetime.combine(day, at or dt.time(0), tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def date_range(p: SearchParams, now: int) -> tuple[int, int | None]:
    """[begin, end) in epoch ms (GMT). Without beginDate: 60 days before endDate, or before today."""
    end = None
    if p.end_date:
        day = _date(p.end_date, "endDate")
        at = _time(p.end_time, "endTime")
        end = _epoch(day, at) if at else _epoch(day + dt.timedelta(days=1), None)
    elif p.end_time:
        raise BadRequest("endTime needs endDate", errors=[{"field": "endTime", "reason": "used with endDate"}])
    if p.begin_date:
        begin = _epoch(_date(p.begin_date, "beginDate"), _time(p.begin_time, "beginTime"))
    elif p.begin_time:
        raise BadRequest("beginTime needs beginDate", errors=[{"field": "beginTime", "reason": "used with beginDate"}])
    else:
        anchor = _date(p.end_date, "endDate") if p.end_date else dt.datetime.fromtimestamp(now / 1000, dt.UTC).date()
        begin = _epoch(anchor - dt.timedelta(days=DEFAULT_DAYS), None)
    if end is not None and end <= begin:
        raise BadRequest("The end of the date range is before its beginning",
                         errors=[{"field": "endDate", "reason": "must be after beginDate"}])
    return begin, end


def _any(column, values: list[str], sqlite: bool):
    return or_(*[matches(column, v, sqlite) for v in values])


def _metadata_clause(db: Session, values: list[str], sqlite: bool):
    terms = []
    parsed = []
    for raw in values:
        parts = raw.split("~", 2)
        if not parts[0]:
            raise BadRequest("metadata must be key or key~operator~value",
                             errors=[{"field": "metadata", "reason": "key~operator~value"}])
        key = parts[0]
        # key~operator without a value means "has the key", like key alone.
        op = parts[1].lower() if len(parts) >= 2 else None
        if op is not None and op not in METADATA_OPS:
            raise BadRequest(f"Unknown metadata operator {parts[1]!r} (equals, beginsWith, endsWith, contains)",
                             errors=[{"field": "metadata", "reason": "unknown operator"}])
        parsed.append((key, op, parts[2] if len(parts) == 3 else ""))
    ids = dict(db.execute(select(MetadataField.name, MetadataField.id)
                          .where(MetadataField.name.in_({k for k, _, _ in parsed}))).all())
    for key, op, value in parsed:
        fid = ids.get(key)
        if fid is None:
            continue
        sub = select(ContactMetadata.contact_id).where(ContactMetadata.field_id == fid)
        if value:
            pattern = {"equals": value, "beginswith": value + "*", "endswith": "*" + value,
                       "contains": "*" + value + "*"}[op]
            prefix = literal_prefix(pattern)[:200]
            if prefix == pattern:
                sub = sub.where(ContactMetadata.value_prefix == prefix[:200], ContactMetadata.value == pattern)
            else:
                if prefix:
                    sub = sub.where(matches(ContactMetadata.value_prefix, prefix + "*", sqlite))
                sub = sub.where(matches(ContactMetadata.value, pattern, sqlite))
        terms.append(Contact.id.in_(sub))
    return or_(*terms) if terms else false()


def _events_clause(kind: str, min_duration: int | None, min_events: int | None):
    count_col = Contact.silence_events if kind == "silence" else Contact.talkover_events
    max_col = Contact.silence_max_ms if kind == "silence" else Contact.talkover_max_ms
    clauses = []
    if min_duration is not None:
        clauses.append(max_col >= min_duration)
    if min_events is not None:
        clauses.append(count_col >= min_events)
    if min_duration is not None and min_events is not None and min_events > 1:
        # N or more events, each at least the duration long.
        counted = (select(func.count()).select_from(ContactEvent)
                   .where(ContactEvent.contact_id == Contact.id, ContactEvent.kind == kind,
                          ContactEvent.duration_ms >= min_duration).scalar_subquery())
        clauses.append(counted >= min_events)
    return and_(*clauses)


def build_query(db: Session, principal: Principal, p: SearchParams, now: int | None = None):
    """The SELECT of matching contact rows, newest first, paged."""
    sqlite = db.get_bind().dialect.name == "sqlite"
    begin, end = date_range(p, now if now is not None else now_ms())
    q = select(Contact).where(Contact.start_ms >= begin)
    if end is not None:
        q = q.where(Contact.start_ms < end)
    scope = contact_scope_filter(db, principal)
    if scope is not None:
        q = q.where(scope)
    if p.agent:
        q = q.where(Contact.person_id.in_(p.agent))
    if p.team:
        q = q.where(Contact.team_id.in_(p.team))
    if p.group:
        q = q.where(Contact.group_id.in_(p.group))
    if p.ani:
        q = q.where(_any(Contact.ani, p.ani, sqlite))
    if p.dnis:
        q = q.where(_any(Contact.dnis, p.dnis, sqlite))
    if p.line:
        q = q.where(_any(Contact.line, p.line, sqlite))
    if p.assoc_call_id:
        q = q.where(_any(Contact.assoc_call_id, p.assoc_call_id, sqlite))
    if p.number:
        q = q.where(or_(_any(Contact.ani, p.number, sqlite), _any(Contact.dnis, p.number, sqlite),
                        _any(Contact.line, p.number, sqlite)))
    if p.first_name or p.last_name:
        people = select(Person.id)
        if p.first_name:
            people = people.where(or_(*[matches_folded(Person.first_name, v) for v in p.first_name]))
        if p.last_name:
            people = people.where(or_(*[matches_folded(Person.last_name, v) for v in p.last_name]))
        q = q.where(Contact.person_id.in_(people))
    if p.metadata:
        q = q.where(_metadata_clause(db, p.metadata, sqlite))
    for column, value in ((Contact.has_recording, p.has_recording), (Contact.hr, p.hr), (Contact.training, p.training),
                          (Contact.scored, p.scored), (Contact.needs_approval, p.needs_approval),
                          (Contact.eval_in_progress, p.in_progress), (Contact.tagged, p.tagged)):
        if value is not None:
            q = q.where(column.is_(true()) if value else column.is_(false()))
    if p.type is not None:
        kind = p.type.strip().lower()
        if kind not in CONTACT_TYPES:
            raise BadRequest(f"type must be one of {', '.join(CONTACT_TYPES)}",
                             errors=[{"field": "type", "reason": "quality or archive"}])
        q = q.where(Contact.contact_type == kind)
    if p.silence_duration is not None or p.silence_events is not None:
        q = q.where(_events_clause("silence", p.silence_duration, p.silence_events))
    if p.talkover_duration is not None or p.talkover_events is not None:
        q = q.where(_events_clause("talkover", p.talkover_duration, p.talkover_events))
    if p.can_evaluate is not None:
        q = q.where(_can_evaluate(principal) if p.can_evaluate else not_(_can_evaluate(principal)))
    return q.order_by(Contact.start_ms.desc(), Contact.id.desc()).limit(p.limit).offset(p.offset)


def _can_evaluate(principal: Principal):
    """Contacts the caller may evaluate: recorded, complete quality contacts of another agent."""
    if not principal.has(_EVALUATE):
        return false()
    return and_(Contact.has_recording.is_(true()), Contact.is_complete.is_(true()), Contact.contact_type == "quality",
                Contact.person_id.is_not(None), Contact.person_id != principal.person_id)


def search_contacts(db: Session, principal: Principal, p: SearchParams, now: int | None = None) -> list[Contact]:
    return list(db.scalars(build_query(db, principal, p, now)))
