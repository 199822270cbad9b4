"""Contact search: every parameter of the Contact API, as one indexed query.

Repeated parameters are OR-combined; different parameters AND-combined. Dates are GMT and `endDate`
is exclusive (contacts that start before it; `beginDate == endDate` without an `endTime` is that
whole day); the start range defaults to the last 60 days unless an evaluation-date bound is given.
Results come newest first; `limit` (default 100) has no upper bound: the answer is streamed in
batches from one server-side cursor (see stream.py), so memory stays flat however many rows match.
Every invalid parameter is collected (`Violations`) and answered in one 400 naming each.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import and_, false, func, not_, or_, select, true
from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import (
    CasSpeechAnalysis,
    CasSpeechHit,
    CasTextContact,
    CasTextHit,
    Contact,
    ContactEvent,
    ContactMetadata,
    MetadataField,
    Person,
)
from .access import contact_scope_filter
from .patterns import literal_prefix, matches, matches_folded

DEFAULT_LIMIT = 100
DEFAULT_DAYS = 60
DAY_MS = 86_400_000
METADATA_OPS = {"equals": "equals", "beginswith": "beginsWith", "endswith": "endsWith", "contains": "contains"}
CONTACT_TYPES = ("quality", "archive")
# contactType: the contact's medium as the API names it (calls, e-mails, every other text contact).
MEDIUMS = ("call", "email", "chat", "twitter", "facebook", "website", "other")
CONTACT_KINDS = {"CALL": "call", "EMAIL": "email", "TEXT": None}
# contactType as each stored medium shows it (any other medium is TEXT).
CONTACT_KIND_OF_MEDIUM = {None: "CALL", "": "CALL", "call": "CALL", "email": "EMAIL"}
EVAL_STATES = ("scored", "inProgress", "needsApproval", "approved", "unscored")
SEARCH_SCOPES = ("allEvaluations", "myEvaluations", "myContacts")
REASONS = ("recorded", "quality", "archive", "tagged")
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?$")
_EVALUATE = perms.BY_NAME["Evaluate Contacts"].id


Flag = bool | str | None  # a bool, or the query text (`?hr`, `hr=true`, `hr=0`) checked by conditions()


@dataclass
class SearchParams:
    agent: list[int] = field(default_factory=list)
    ani: list[str] = field(default_factory=list)
    assoc_call_id: list[str] = field(default_factory=list)
    begin_date: str | None = None
    begin_time: str | None = None
    end_date: str | None = None
    end_time: str | None = None
    can_evaluate: Flag = None
    dnis: list[str] = field(default_factory=list)
    first_name: list[str] = field(default_factory=list)
    last_name: list[str] = field(default_factory=list)
    group: list[int] = field(default_factory=list)
    team: list[int] = field(default_factory=list)
    has_recording: Flag = None
    hr: Flag = None
    in_progress: Flag = None
    needs_approval: Flag = None
    scored: Flag = None
    tagged: Flag = None
    training: Flag = None
    line: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    number: list[str] = field(default_factory=list)
    silence_duration: int | None = None
    silence_events: int | None = None
    talkover_duration: int | None = None
    talkover_events: int | None = None
    type: str | None = None
    contact_type: list[str] = field(default_factory=list)
    has_transcription: Flag = None
    sentiment_below: float | None = None
    sentiment_above: float | None = None
    category: list[int] = field(default_factory=list)
    phrase: list[int] = field(default_factory=list)
    eval_state: list[str] = field(default_factory=list)
    date_evaluated_start: str | None = None
    date_evaluated_end: str | None = None
    search_scope: str | None = None
    reason: list[str] = field(default_factory=list)
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    own_evaluated_only: bool = False  # a caller without Search Contacts: their own scored or approved contacts


def contact_kind(medium: str | None) -> str:
    """contactType of a contact: CALL, EMAIL, or TEXT (chat, social, website, other)."""
    return CONTACT_KIND_OF_MEDIUM.get(medium, "TEXT")


def parse_flag(value: Flag, name: str, v: Violations) -> bool | None:
    """A true/false parameter; present without a value (`?hasTranscription`) it means true."""
    if value is None or isinstance(value, bool):
        return value
    text = value.strip().lower()
    if text in ("", "true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    v.add(name, "must be true or false")
    return None


def _date(value: str, name: str, v: Violations) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        v.add(name, "must be a date YYYY-MM-DD")
        return None


def _time(value: str | None, name: str, v: Violations) -> dt.time | None:
    if value is None or not value.strip():
        return None
    text = value.replace(" ", "")
    try:
        if not _TIME.match(text):
            raise ValueError(text)
        return dt.time.fromisoformat(text.zfill(len(text) + (1 if text.index(":") == 1 else 0)))
    except ValueError:
        v.add(name, "must be a time HH:MM or HH:MM:SS")
        return None


def _epoch(day: dt.date, at: dt.time | None) -> int:
    moment = dt.datetime.combine(day, at or dt.time(0), tzinfo=dt.UTC)
    return int(moment.timestamp() * 1000)


def window(begin_date: str | None, begin_time: str | None, end_date: str | None, end_time: str | None,
           v: Violations, names: tuple[str, str, str, str] = ("beginDate", "beginTime", "endDate", "endTime"),
           ) -> tuple[int | None, int | None]:
    """[begin, end) in epoch ms (GMT), either side None when not given. The end is exclusive:
    `endDate` alone is its midnight, with `endTime` that moment; the same date as `beginDate`
    without an `endTime` means that whole day. Problems are added to `v`."""
    b_name, bt_name, e_name, et_name = names
    begin = end = None
    begin_day = _date(begin_date, b_name, v) if begin_date else None
    if begin_day is not None:
        begin = _epoch(begin_day, _time(begin_time, bt_name, v))
    elif begin_time and begin_time.strip() and not begin_date:
        v.add(bt_name, f"is used with {b_name}")
    if end_date:
        day = _date(end_date, e_name, v)
        at = _time(end_time, et_name, v)
        if day is not None:
            end = _epoch(day + dt.timedelta(days=1), None) if at is None and day == begin_day else _epoch(day, at)
    elif end_time and end_time.strip():
        v.add(et_name, f"is used with {e_name}")
    if begin is not None and end is not None and end <= begin:
        v.add(e_name, f"must be after {b_name} (the end of the range is exclusive)")
    return begin, end


def date_range(p: SearchParams, now: int, v: Violations) -> tuple[int | None, int | None]:
    """The contact start window. Without beginDate: 60 days before endDate (or today), unless the
    search is bounded by evaluation date instead."""
    begin, end = window(p.begin_date, p.begin_time, p.end_date, p.end_time, v)
    if begin is None and not p.begin_date and not (p.date_evaluated_start or p.date_evaluated_end):
        anchor = _date(p.end_date, "endDate", Violations("")) if p.end_date else None
        if anchor is None:
            anchor = dt.datetime.fromtimestamp(now / 1000, dt.UTC).date()
        begin = _epoch(anchor - dt.timedelta(days=DEFAULT_DAYS), None)
        if end is not None and end <= begin:
            v.add("endDate", "must be after the beginning of the range")
    return begin, end


def _choices(values: list[str], allowed, name: str, v: Violations) -> list[str]:
    """The values of a repeatable enumerated parameter (comma lists too), matched case-insensitively."""
    by_fold = {a.lower(): a for a in allowed}
    out = []
    for raw in [x for item in values for x in item.split(",")]:
        value = raw.strip()
        if not value:
            continue
        if value.lower() not in by_fold:
            v.add(name, f"{value!r} means nothing here: use {', '.join(allowed)}")
            continue
        out.append(by_fold[value.lower()])
    return out


def _any(column, values: list[str], sqlite: bool):
    return or_(*[matches(column, v, sqlite) for v in values])


def _metadata_clause(db: Session, values: list[str], sqlite: bool, v: Violations):
    terms = []
    parsed = []
    for raw in values:
        parts = raw.split("~", 2)
        if not parts[0]:
            v.add("metadata", "must be key or key~operator~value")
            continue
        key = parts[0]
        # key~operator without a value means "has the key", like key alone.
        op = parts[1].lower() if len(parts) >= 2 else None
        if op is not None and op not in METADATA_OPS:
            v.add("metadata", f"has an unknown operator {parts[1]!r} (equals, beginsWith, endsWith, contains)")
            continue
        parsed.append((key, op, parts[2] if len(parts) == 3 else ""))
    if not parsed:
        return false()
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


def conditions(db: Session, principal: Principal, p: SearchParams, now: int | None = None,
               v: Violations | None = None) -> list:
    """The WHERE clauses of a search (scope included). Every invalid value is collected (with those
    already in `v`) and answered in one 400 naming each."""
    v = v if v is not None else Violations("contact search")
    sqlite = db.get_bind().dialect.name == "sqlite"
    begin, end = date_range(p, now if now is not None else now_ms(), v)
    where: list = []
    if begin is not None:
        where.append(Contact.start_ms >= begin)
    if end is not None:
        where.append(Contact.start_ms < end)
    scope = contact_scope_filter(db, principal)
    if scope is not None:
        where.append(scope)
    if p.agent:
        where.append(Contact.person_id.in_(p.agent))
    if p.team:
        where.append(Contact.team_id.in_(p.team))
    if p.group:
        where.append(Contact.group_id.in_(p.group))
    if p.ani:
        where.append(_any(Contact.ani, p.ani, sqlite))
    if p.dnis:
        where.append(_any(Contact.dnis, p.dnis, sqlite))
    if p.line:
        where.append(_any(Contact.line, p.line, sqlite))
    if p.assoc_call_id:
        where.append(_any(Contact.assoc_call_id, p.assoc_call_id, sqlite))
    if p.number:
        where.append(or_(_any(Contact.ani, p.number, sqlite), _any(Contact.dnis, p.number, sqlite),
                         _any(Contact.line, p.number, sqlite)))
    if p.first_name or p.last_name:
        people = select(Person.id)
        if p.first_name:
            people = people.where(or_(*[matches_folded(Person.first_name, v) for v in p.first_name]))
        if p.last_name:
            people = people.where(or_(*[matches_folded(Person.last_name, v) for v in p.last_name]))
        where.append(Contact.person_id.in_(people))
    if p.metadata:
        where.append(_metadata_clause(db, p.metadata, sqlite, v))
    for column, raw, name in ((Contact.has_recording, p.has_recording, "hasRecording"), (Contact.hr, p.hr, "hr"),
                              (Contact.training, p.training, "training"), (Contact.scored, p.scored, "scored"),
                              (Contact.needs_approval, p.needs_approval, "needsApproval"),
                              (Contact.eval_in_progress, p.in_progress, "inProgress"),
                              (Contact.tagged, p.tagged, "tagged"),
                              (Contact.has_transcription, p.has_transcription, "hasTranscription")):
        value = parse_flag(raw, name, v)
        if value is not None:
            where.append(column.is_(true()) if value else column.is_(false()))
    if p.type is not None:
        kind = p.type.strip().lower()
        if kind not in CONTACT_TYPES:
            v.add("type", f"must be one of {', '.join(CONTACT_TYPES)}")
        else:
            where.append(Contact.contact_type == kind)
    if p.silence_duration is not None or p.silence_events is not None:
        where.append(_events_clause("silence", p.silence_duration, p.silence_events))
    if p.talkover_duration is not None or p.talkover_events is not None:
        where.append(_events_clause("talkover", p.talkover_duration, p.talkover_events))
    if p.sentiment_below is not None or p.sentiment_above is not None:
        where.append(_sentiment_clause(p.sentiment_below, p.sentiment_above))
    if p.category:
        where.append(_hits_clause("category_id", p.category))
    if p.phrase:
        where.append(_hits_clause("phrase_id", p.phrase))
    can_evaluate = parse_flag(p.can_evaluate, "canEvaluate", v)
    if can_evaluate is not None:
        where.append(_can_evaluate(principal) if can_evaluate else not_(_can_evaluate(principal)))
    where += _compat_clauses(principal, p, v)
    if p.own_evaluated_only:
        where += [Contact.person_id == principal.person_id,
                  or_(Contact.scored.is_(true()), Contact.approved.is_(true()))]
    v.raise_if_any()
    return where


def _compat_clauses(principal: Principal, p: SearchParams, v: Violations) -> list:
    """contactType, evalState, dateEvaluated*, searchScope and reason (the deployed service's filters)."""
    where: list = []
    kinds = _choices(p.contact_type, tuple(CONTACT_KINDS), "contactType", v)
    if kinds:
        terms = [Contact.medium == CONTACT_KINDS[k] if CONTACT_KINDS[k] else Contact.medium.not_in(("call", "email"))
                 for k in dict.fromkeys(kinds)]
        where.append(or_(*terms))
    states = _choices(p.eval_state, EVAL_STATES, "evalState", v)
    if states:
        state_terms = {
            "scored": Contact.scored.is_(true()),
            "inProgress": Contact.eval_in_progress.is_(true()),
            "needsApproval": Contact.needs_approval.is_(true()),
            "approved": Contact.approved.is_(true()),
            "unscored": and_(Contact.scored.is_(false()), Contact.eval_in_progress.is_(false()),
                             Contact.needs_approval.is_(false()), Contact.approved.is_(false())),
        }
        where.append(or_(*[state_terms[s] for s in dict.fromkeys(states)]))
    evaluated_begin, evaluated_end = window(p.date_evaluated_start, None, p.date_evaluated_end, None, v,
                                            ("dateEvaluatedStart", "", "dateEvaluatedEnd", ""))
    if evaluated_begin is not None:
        where.append(Contact.evaluated_ms >= evaluated_begin)
    if evaluated_end is not None:
        where.append(Contact.evaluated_ms < evaluated_end)
    if p.search_scope is not None:
        scope = _choices([p.search_scope], SEARCH_SCOPES, "searchScope", v)
        if scope == ["myEvaluations"]:
            where.append(Contact.evaluator_id == principal.person_id)
        elif scope == ["myContacts"]:
            where.append(Contact.person_id == principal.person_id)
    reasons = _choices(p.reason, REASONS, "reason", v)
    if reasons:
        reason_terms = {"recorded": Contact.has_recording.is_(true()), "quality": Contact.contact_type == "quality",
                        "archive": Contact.contact_type == "archive", "tagged": Contact.tagged.is_(true())}
        where.append(or_(*[reason_terms[r] for r in dict.fromkeys(reasons)]))
    return where


def _can_evaluate(principal: Principal):
    """Contacts the caller may evaluate: recorded, complete quality contacts of another agent."""
    if not principal.has(_EVALUATE):
        return false()
    return and_(Contact.has_recording.is_(true()), Contact.is_complete.is_(true()), Contact.contact_type == "quality",
                Contact.person_id.is_not(None), Contact.person_id != principal.person_id)


def _hits_clause(column: str, ids: list[int]):
    """Contacts with a text or speech hit of one of these categories or phrases (analytics)."""
    wanted = sorted(set(ids))
    return or_(Contact.id.in_(select(CasTextHit.contact_id).where(getattr(CasTextHit, column).in_(wanted))),
               Contact.id.in_(select(CasSpeechHit.contact_id).where(getattr(CasSpeechHit, column).in_(wanted))))


def _sentiment_clause(below: float | None, above: float | None):
    """Contacts whose sentiment (analytics: a text's, or the mean of a call's utterances) lies strictly
    below and/or above the values given; contacts without one never match."""
    def within(column):
        conds = [column.is_not(None)]
        if below is not None:
            conds.append(column < below)
        if above is not None:
            conds.append(column > above)
        return conds

    return or_(Contact.id.in_(select(CasTextContact.contact_id).where(*within(CasTextContact.sentiment))),
               Contact.id.in_(select(CasSpeechAnalysis.contact_id).where(*within(CasSpeechAnalysis.sentiment))))
