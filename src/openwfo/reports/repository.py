"""The queries behind each built-in report. Each report has an `<name>_estimate(db, ctx, filters)`
(rows it would return, to choose between an answer now and a job) and `<name>(db, ctx, filters,
offset, limit)` answering (total rows, the page's rows as tuples in the report's column order).

Scope is the owning API's, from the same helpers: contacts through `contact_scope_filter` (teams in
scope plus the caller's own calls), evaluations also hide blind calibrations, schedules, states and
exception requests through the WFM views and org scope (`visibility.agent_clause`), adherence as the
Adherence API (readable agents: with Edit Schedules those in view and scope, otherwise oneself),
queue history through the queues of the caller's views. Every query runs on the tenant-bound
session, so the tenant condition is added by the store layer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..auth import permissions as perms
from ..auth.principal import Principal
from ..errors import BadRequest
from ..models import (
    Contact,
    ContactMetadata,
    EvalAnswer,
    EvalForm,
    EvalOption,
    EvalQuestion,
    EvalSection,
    EvalSectionScore,
    Evaluation,
    ExceptionRequest,
    Group,
    HistoricalInterval,
    MetadataField,
    Person,
    ScheduleActivity,
    ServiceQueue,
    Team,
)
from ..recording.contacts.access import contact_scope_filter
from ..recording.evaluations import states as eval_states
from ..scheduling import visibility
from ..scheduling.adherence.service import DayBounds, compute_days
from ..scheduling.agent_states.service import state_history
from ..scheduling.agent_states.states import NAMES as STATE_NAMES
from ..scheduling.agent_states.states import name_of
from ..scheduling.schedules import days
from .params import DateFilter, Filters, ValueFilter

MAX_ADHERENCE_DAYS = 92
MAX_STATE_DAYS = 31
_READERS = perms.ids_of("Search Contacts", "Evaluate Contacts", "Approve Evaluations", "Administer QM")
_APPROVERS = perms.ids_of("Approve Evaluations", "Administer QM")
_EDIT_SCHEDULES = perms.BY_NAME["Edit Schedules"].id


@dataclass
class RunContext:
    principal: Principal
    zone: object  # ZoneInfo of the tenant
    now_ms: int


# ---------------------------------------------------------------- shared pieces

def _in(col, f: ValueFilter | None):
    if f is None:
        return None
    parts = []
    if f.values:
        parts.append(col.in_(f.values))
    if f.contains_null:
        parts.append(col.is_(None))
    return or_(*parts) if parts else false()


def _between(col, f: DateFilter | None):
    if f is None:
        return None
    return or_(*(and_(col >= s, col < e) if e is not None else col >= s for s, e in f.spans))


def _overlapping(start_col, end_col, f: DateFilter | None):
    if f is None:
        return None
    return or_(*(and_(end_col > s, start_col < e) if e is not None else end_col > s for s, e in f.spans))


def _where(q, *clauses):
    for c in clauses:
        if c is not None:
            q = q.where(c)
    return q


def _count(db: Session, q) -> int:
    return int(db.scalar(select(func.count()).select_from(q.order_by(None).subquery())) or 0)


def _page(q, offset: int, limit: int):
    return q.offset(offset).limit(limit)


def _name(first, last) -> str | None:
    if first is None and last is None:
        return None
    return f"{first or ''} {last or ''}".strip()


def _bounds(f: DateFilter | None, ctx: RunContext, default_days: int, max_days: int, what: str) -> tuple[int, int]:
    """One [start, end) covering a date filter (open end = now); default: today (tenant zone)."""
    if f is None:
        today = days.local_date(ctx.now_ms, ctx.zone)
        start = days.day_start_ms(today - dt.timedelta(days=default_days - 1), ctx.zone)
        return start, days.day_start_ms(today + dt.timedelta(days=1), ctx.zone)
    start = min(s for s, _ in f.spans)
    end = max((e if e is not None else ctx.now_ms) for _, e in f.spans)
    if end <= start:
        raise BadRequest(f"The {what} range ends before it starts", errors=[{"field": what, "reason": "empty range"}])
    if end - start > (max_days + 1) * days.DAY_MS:
        raise BadRequest(f"The {what} range must not exceed {max_days} days",
                         errors=[{"field": what, "reason": f"at most {max_days} days"}])
    return start, end


# ---------------------------------------------------------------- contacts

def _contact_clauses(db: Session, ctx: RunContext, f: Filters) -> list:
    direction = None
    if f.value("pDirection") is not None:
        d = f.value("pDirection")
        direction = _in(Contact.direction, ValueFilter([1 if v == "inbound" else 0 for v in d.values], d.contains_null))
    return [contact_scope_filter(db, ctx.principal), _in(Contact.team_id, f.value("pTeam")),
            _in(Contact.group_id, f.value("pGroup")), _in(Contact.person_id, f.value("pAgent")),
            _in(Contact.medium, f.value("pContactType")), direction,
            _between(Contact.start_ms, f.date("pContactStartTime"))]


def contacts_by_team_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    q = _where(select(Contact.team_id).distinct(), *_contact_clauses(db, ctx, f))
    return _count(db, q)


def contacts_by_team(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    q = _where(select(Contact.team_id, func.count(), func.coalesce(func.sum(Contact.duration_ms), 0),
                      func.count(Contact.eval_score), func.avg(Contact.eval_score),
                      func.min(Contact.start_ms), func.max(Contact.start_ms)),
               *_contact_clauses(db, ctx, f)).group_by(Contact.team_id)
    agg = list(db.execute(q).tuples())
    teams = {r[0]: (r[1], r[2], r[3]) for r in db.execute(
        select(Team.id, Team.name, Team.group_id, Group.name).join(Group, Group.id == Team.group_id))}
    rows = []
    for team_id, n, total_ms, evaluated, avg_score, first, last in agg:
        name, group_id, group_name = teams.get(team_id, (None, None, None))
        rows.append((team_id, name, group_id, group_name, n, round(total_ms / 1000), round(total_ms / 1000 / n, 1),
                     evaluated, round(avg_score, 2) if avg_score is not None else None, first, last))
    rows.sort(key=lambda r: ((r[1] or "").lower(), r[0] or 0))
    return len(rows), rows[offset:offset + limit]


def metadata_columns(db: Session) -> list:
    from .catalog import Column

    names = db.scalars(select(MetadataField.name).order_by(MetadataField.name)).all()
    return [Column(f"metadata.{n}", n, "text") for n in names]


def contact_detail_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    return _count(db, _where(select(Contact.id), *_contact_clauses(db, ctx, f)))


_DIRECTIONS = {0: "outbound", 1: "inbound"}


def contact_detail(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    clauses = _contact_clauses(db, ctx, f)
    total = _count(db, _where(select(Contact.id), *clauses))
    q = _where(select(Contact.id, Contact.start_ms, Contact.duration_ms, Contact.direction, Contact.medium,
                      Contact.contact_type, Contact.ani, Contact.dnis, Contact.call_id, Contact.person_id,
                      Person.first_name, Person.last_name, Contact.team_id, Team.name, Contact.group_id, Group.name,
                      Contact.eval_score, Contact.evaluation_id, Contact.has_recording, Contact.silence_events,
                      Contact.talkover_events)
               .outerjoin(Person, Person.id == Contact.person_id).outerjoin(Team, Team.id == Contact.team_id)
               .outerjoin(Group, Group.id == Contact.group_id), *clauses)
    found = list(db.execute(_page(q.order_by(Contact.start_ms, Contact.id), offset, limit)).tuples())
    fields = {fid: name for fid, name in db.execute(select(MetadataField.id, MetadataField.name))}
    order = sorted(fields, key=lambda i: fields[i])
    position = {fid: i for i, fid in enumerate(order)}
    meta: dict[int, list] = {}
    if found and order:
        # The page's ids as a subquery (the same filters, order and slice): no list of 10,000 bound ids.
        page = _page(_where(select(Contact.id), *clauses).order_by(Contact.start_ms, Contact.id), offset, limit)
        for cid, fid, value in db.execute(select(ContactMetadata.contact_id, ContactMetadata.field_id,
                                                 ContactMetadata.value)
                                          .where(ContactMetadata.contact_id.in_(page.scalar_subquery()))):
            if fid in position:
                meta.setdefault(cid, [None] * len(order))[position[fid]] = value
    empty = [None] * len(order)
    rows = [(cid, start, round(dur / 1000), _DIRECTIONS.get(direction), medium, ctype, ani, dnis, call_id,
             pid, _name(first, last), tid, tname, gid, gname, score, eval_id is not None, bool(rec), sil, talk,
             *meta.get(cid, empty))
            for (cid, start, dur, direction, medium, ctype, ani, dnis, call_id, pid, first, last, tid, tname, gid,
                 gname, score, eval_id, rec, sil, talk) in found]
    return total, rows


# ---------------------------------------------------------------- evaluations

def _evaluation_clauses(db: Session, ctx: RunContext, f: Filters) -> list:
    p = ctx.principal
    clauses = [contact_scope_filter(db, p)]
    if not (_READERS & p.permission_ids):
        clauses.append(Contact.person_id == p.person_id)
    if not (_APPROVERS & p.permission_ids):
        # Blind calibrations: their evaluator (and approvers) only.
        clauses.append(or_(Evaluation.calibration.is_(False), Evaluation.evaluator_id == p.person_id))
    state = f.value("pState")
    if state is not None:
        state = ValueFilter([eval_states.parse_state(v) for v in state.values], state.contains_null)
    clauses += [_in(Evaluation.team_id, f.value("pTeam")), _in(Evaluation.person_id, f.value("pAgent")),
                _in(Evaluation.form_id, f.value("pForm")), _in(Evaluation.evaluator_id, f.value("pEvaluator")),
                _in(Evaluation.state, state), _between(Evaluation.evaluated_ms, f.date("pEvaluatedTime"))]
    return clauses


def _evaluation_rows_query(db: Session, ctx: RunContext, f: Filters, *cols):
    return _where(select(*cols).select_from(Evaluation).join(Contact, Contact.id == Evaluation.contact_id)
                  .outerjoin(EvalAnswer, EvalAnswer.evaluation_id == Evaluation.id),
                  *_evaluation_clauses(db, ctx, f))


def evaluation_scores_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    return _count(db, _evaluation_rows_query(db, ctx, f, Evaluation.id, EvalAnswer.question_id))


def evaluation_scores(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    total = evaluation_scores_estimate(db, ctx, f)
    agent, evaluator = aliased(Person), aliased(Person)
    q = (_evaluation_rows_query(db, ctx, f, Evaluation.id, Evaluation.contact_id, Evaluation.form_id, EvalForm.name,
                                Evaluation.person_id, agent.first_name, agent.last_name, Evaluation.team_id, Team.name,
                                Evaluation.evaluator_id, evaluator.first_name, evaluator.last_name, Evaluation.state,
                                Evaluation.evaluated_ms, Evaluation.score, Evaluation.kpi_failed, EvalSection.id,
                                EvalSection.name, EvalSectionScore.score, EvalQuestion.id, EvalQuestion.text,
                                EvalOption.label, EvalOption.points, EvalAnswer.comment)
         .outerjoin(EvalForm, EvalForm.id == Evaluation.form_id)
         .outerjoin(agent, agent.id == Evaluation.person_id).outerjoin(evaluator, evaluator.id == Evaluation.evaluator_id)
         .outerjoin(Team, Team.id == Evaluation.team_id)
         .outerjoin(EvalQuestion, EvalQuestion.id == EvalAnswer.question_id)
         .outerjoin(EvalSection, EvalSection.id == EvalQuestion.section_id)
         .outerjoin(EvalOption, EvalOption.id == EvalAnswer.option_id)
         .outerjoin(EvalSectionScore, and_(EvalSectionScore.evaluation_id == Evaluation.id,
                                           EvalSectionScore.section_id == EvalQuestion.section_id))
         .order_by(Evaluation.id, EvalSection.order, EvalQuestion.order, EvalQuestion.id))
    rows = [(eid, cid, fid, fname, pid, _name(af, al), tid, tname, evid, _name(ef, el),
             eval_states.NAMES.get(state), evaluated, score, bool(kpi), sid, sname, sscore, qid, qtext, label, points,
             comment)
            for (eid, cid, fid, fname, pid, af, al, tid, tname, evid, ef, el, state, evaluated, score, kpi, sid, sname,
                 sscore, qid, qtext, label, points, comment) in db.execute(_page(q, offset, limit)).tuples()]
    return total, rows


# ---------------------------------------------------------------- WFM agents

def _agent_clause(db: Session, principal: Principal):
    views = visibility.caller_views(db, principal.person_id)
    return visibility.agent_clause(db, principal, views)


def _agents(db: Session, ctx: RunContext, f: Filters, *, readable_only: bool = False, active_at: int | None = None):
    """(id, first, last, acd id, team id, team name) of the scheduling-enabled agents the caller sees, by id."""
    p = ctx.principal
    q = (select(Person.id, Person.first_name, Person.last_name, Person.acd_id, Person.team_id, Team.name)
         .outerjoin(Team, Team.id == Person.team_id).where(Person.enabled_for_scheduling.is_(True)))
    if active_at is not None:
        q = q.where(or_(Person.deactivated.is_(False), Person.deactivated_date > active_at))
    if readable_only and not p.has(_EDIT_SCHEDULES):
        q = q.where(Person.id == p.person_id)  # the Adherence API: oneself only without Edit Schedules
    else:
        clause = _agent_clause(db, p)
        if readable_only and clause is not None:
            clause = clause | (Person.id == p.person_id)
        q = _where(q, clause)
    q = _where(q, _in(Person.team_id, f.value("pTeam")), _in(Person.id, f.value("pAgent")))
    return list(db.execute(q.order_by(Person.id)).tuples())


def _visible_person_ids(db: Session, ctx: RunContext, f: Filters):
    q = select(Person.id).where(Person.enabled_for_scheduling.is_(True))
    return _where(q, _agent_clause(db, ctx.principal), _in(Person.team_id, f.value("pTeam")),
                  _in(Person.id, f.value("pAgent")))


def _days(f: DateFilter | None, ctx: RunContext) -> list[dt.date]:
    start, end = _bounds(f, ctx, 1, MAX_ADHERENCE_DAYS, "pDay")
    first, last = days.local_date(start, ctx.zone), days.local_date(end - 1, ctx.zone)
    return days.dates(first, last)


def adherence_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    return len(_agents(db, ctx, f, readable_only=True)) * len(_days(f.date("pDay"), ctx))


def agent_adherence(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    dates = _days(f.date("pDay"), ctx)
    bounds = days.day_bounds(dates[0], dates[-1], ctx.zone)
    per_day = [(d, [a for a in _agents(db, ctx, f, readable_only=True, active_at=bounds[i])])
               for i, d in enumerate(dates)]
    total = sum(len(a) for _, a in per_day)
    rows, skip = [], offset
    for i, (day, agents) in enumerate(per_day):
        if len(rows) >= limit:
            break
        if skip >= len(agents):
            skip -= len(agents)
            continue
        chosen = agents[skip:skip + limit - len(rows)]
        skip = 0
        computed, _ = compute_days(db, [a[0] for a in chosen], DayBounds(day, bounds[i], bounds[i + 1]))
        for pid, first, last, acd, tid, tname in chosen:
            s = computed[pid].summary
            rows.append((day.isoformat(), pid, _name(first, last), acd, tid, tname, s["scheduleAdherence"],
                         s["scheduleConformity"], s["scheduledSeconds"], s["scheduledInServiceSeconds"],
                         s["actualInServiceSeconds"], s["notInAdherenceSeconds"]))
    return total, rows


def _state_codes(f: Filters) -> set[int] | None:
    wanted = f.value("pState")
    if wanted is None:
        return None
    return {code for code, name in STATE_NAMES.items() if name in wanted.values}


def agent_states_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    from ..models import AgentStateChange

    start, end = _bounds(f.date("pStateTime"), ctx, 1, MAX_STATE_DAYS, "pStateTime")
    q = select(AgentStateChange.id).where(AgentStateChange.person_id.in_(_visible_person_ids(db, ctx, f)),
                                          AgentStateChange.ts_ms >= start, AgentStateChange.ts_ms < end)
    return _count(db, q)


def agent_state_detail(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    start, end = _bounds(f.date("pStateTime"), ctx, 1, MAX_STATE_DAYS, "pStateTime")
    agents = _agents(db, ctx, f)
    history = state_history(db, [a[0] for a in agents], start, end) if agents else {}
    codes = _state_codes(f)
    horizon = min(end, ctx.now_ms)
    rows = []
    for pid, first, last, acd, tid, tname in agents:
        items = history.get(pid, [])
        for i, (ts, state, reason) in enumerate(items):
            if codes is not None and state not in codes:
                continue
            stop = items[i + 1][0] if i + 1 < len(items) else None
            shown_start = max(ts, start)
            duration = round(((stop if stop is not None else horizon) - shown_start) / 1000)
            rows.append((pid, _name(first, last), acd, tid, tname, name_of(state), state, reason, ts, stop,
                         max(0, duration)))
    return len(rows), rows[offset:offset + limit]


# ---------------------------------------------------------------- schedules and requests

def _activity_query(db: Session, ctx: RunContext, f: Filters, *cols):
    a = ScheduleActivity
    span = f.date("pActivityTime")
    if span is None:
        start, end = _bounds(None, ctx, 1, 1, "pActivityTime")
        span = DateFilter([(start, end)])
    types = f.value("pActivityType")
    return _where(select(*cols).select_from(a).join(Person, Person.id == a.person_id),
                  a.person_id.in_(_visible_person_ids(db, ctx, f)), _overlapping(a.start_ms, a.end_ms, span),
                  _in(func.lower(a.activity_type), ValueFilter([v.lower() for v in types.values], types.contains_null))
                  if types is not None else None,
                  _in(a.service_queue_id, f.value("pServiceQueue")))


def schedule_activities_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    return _count(db, _activity_query(db, ctx, f, ScheduleActivity.id))


def schedule_activities(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    a = ScheduleActivity
    total = schedule_activities_estimate(db, ctx, f)
    q = (_activity_query(db, ctx, f, a.id, a.person_id, Person.first_name, Person.last_name, Person.team_id, Team.name,
                         a.shift_date, a.activity_type, a.detail_name, a.start_ms, a.end_ms, a.paid, a.service_queue_id,
                         ServiceQueue.name, a.multi_skill_group_id, a.exception_id, a.request_id)
         .outerjoin(Team, Team.id == Person.team_id).outerjoin(ServiceQueue, ServiceQueue.id == a.service_queue_id)
         .order_by(a.start_ms, a.person_id, a.id))
    rows = [(aid, pid, _name(first, last), tid, tname, shift.isoformat() if shift else None, kind, detail, s, e,
             round((e - s) / 60000, 2), bool(paid), qid, qname, gid, exc, req)
            for (aid, pid, first, last, tid, tname, shift, kind, detail, s, e, paid, qid, qname, gid, exc, req)
            in db.execute(_page(q, offset, limit)).tuples()]
    return total, rows


def _request_query(db: Session, ctx: RunContext, f: Filters, *cols):
    r = ExceptionRequest
    return _where(select(*cols).select_from(r).join(Person, Person.id == r.person_id),
                  r.person_id.in_(_visible_person_ids(db, ctx, f)), _in(r.status, f.value("pStatus")),
                  _in(r.exception_type_id, f.value("pExceptionType")),
                  _overlapping(r.start_ms, r.end_ms, f.date("pRequestTime")))


def exception_requests_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    return _count(db, _request_query(db, ctx, f, ExceptionRequest.id))


def exception_requests(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    r = ExceptionRequest
    total = exception_requests_estimate(db, ctx, f)
    q = (_request_query(db, ctx, f, r.id, r.person_id, Person.first_name, Person.last_name, Person.team_id, Team.name,
                        r.exception_type_id, r.exception_type_name, r.shift_date, r.start_ms, r.end_ms, r.entire_day,
                        r.status, r.comment, r.requested_by_id, r.decided_by_id, r.rule_name, r.decision_comment,
                        r.created_ms, r.decided_ms)
         .outerjoin(Team, Team.id == Person.team_id).order_by(r.start_ms, r.id))
    rows = [(rid, pid, _name(first, last), tid, tname, etid, etname, shift.isoformat() if shift else None, s, e,
             bool(whole), status, comment, by, decided_by, rule, decision, created, decided)
            for (rid, pid, first, last, tid, tname, etid, etname, shift, s, e, whole, status, comment, by, decided_by,
                 rule, decision, created, decided) in db.execute(_page(q, offset, limit)).tuples()]
    return total, rows


# ---------------------------------------------------------------- service queue history

def _history_query(db: Session, ctx: RunContext, f: Filters, *cols):
    h = HistoricalInterval
    visible = select(ServiceQueue.id)
    clause = visibility.queue_clause(visibility.caller_views(db, ctx.principal.person_id))
    visible = _where(visible, clause)
    return _where(select(*cols).select_from(h).join(ServiceQueue, ServiceQueue.id == h.service_queue_id),
                  h.service_queue_id.in_(visible), _in(h.service_queue_id, f.value("pServiceQueue")),
                  _between(h.start_ms, f.date("pIntervalTime")))


def queue_history_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    return _count(db, _history_query(db, ctx, f, HistoricalInterval.start_ms))


def queue_history(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    h = HistoricalInterval
    total = queue_history_estimate(db, ctx, f)
    q = (_history_query(db, ctx, f, h.service_queue_id, ServiceQueue.number, h.service_name, h.local_date,
                        h.period_minute, h.start_ms, h.received_calls, h.handled_calls, h.abandoned_calls,
                        h.transferred_calls, h.avg_talk_s, h.avg_acw_s, h.asa_s, h.contacts_in_queue,
                        h.occupancy_ratio, h.service_level, h.qty_of_agents)
         .order_by(h.service_queue_id, h.start_ms))
    rows = [(qid, number, name, day.isoformat(), f"{minute // 60:02d}:{minute % 60:02d}", *rest)
            for qid, number, name, day, minute, *rest in db.execute(_page(q, offset, limit)).tuples()]
    return total, rows


# ---------------------------------------------------------------- text and speech hits

def _hit_selects(db: Session, ctx: RunContext, f: Filters):
    from sqlalchemy import literal, null, union_all

    from ..models import CasCategory, CasPhrase, CasSpeechHit, CasTextHit

    sources = f.value("pSource")
    wanted = set(sources.values) if sources is not None else {"text", "speech"}
    tenant = ctx.principal.tenant_id
    parts = []
    for source, hit in (("text", CasTextHit), ("speech", CasSpeechHit)):
        if source not in wanted:
            continue
        if source == "text":
            extra = (null().label("channel"), hit.position.label("offset"), hit.length.label("length"),
                     null().label("confidence"))
        else:
            extra = (hit.channel.label("channel"), hit.start_ms.label("offset"),
                     (hit.stop_ms - hit.start_ms).label("length"), hit.confidence.label("confidence"))
        q = (select(Contact.id.label("contact_id"), Contact.start_ms.label("start_ms"), Contact.person_id,
                    Person.first_name, Person.last_name, Contact.team_id, Team.name.label("team_name"),
                    literal(source).label("source"), hit.category_id, CasCategory.name.label("category"),
                    hit.phrase_id, CasPhrase.phrase, *extra)
             .select_from(hit).join(Contact, Contact.id == hit.contact_id)
             .outerjoin(CasCategory, CasCategory.id == hit.category_id)
             .outerjoin(CasPhrase, CasPhrase.id == hit.phrase_id)
             .outerjoin(Person, Person.id == Contact.person_id).outerjoin(Team, Team.id == Contact.team_id)
             .where(hit.tenant_id == tenant, Contact.tenant_id == tenant))  # explicit: the rows meet in a UNION
        parts.append(_where(q, *_contact_clauses(db, ctx, f), _in(hit.category_id, f.value("pCategory")),
                            _in(hit.phrase_id, f.value("pPhrase"))))
    if not parts:
        return None
    return union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()


def hits_estimate(db: Session, ctx: RunContext, f: Filters) -> int:
    sub = _hit_selects(db, ctx, f)
    return 0 if sub is None else int(db.scalar(select(func.count()).select_from(sub)) or 0)


def text_speech_hits(db: Session, ctx: RunContext, f: Filters, offset: int, limit: int):
    sub = _hit_selects(db, ctx, f)
    if sub is None:
        return 0, []
    total = int(db.scalar(select(func.count()).select_from(sub)) or 0)
    c = sub.c
    q = (select(c.contact_id, c.start_ms, c.person_id, c.first_name, c.last_name, c.team_id, c.team_name, c.source,
                c.category_id, c.category, c.phrase_id, c.phrase, c.channel, c.offset, c.length, c.confidence)
         .order_by(c.start_ms, c.contact_id, c.source, c.offset, c.phrase_id).offset(offset).limit(limit))
    rows = [(cid, start, pid, _name(first, last), tid, tname, source, cat_id, cat, phrase_id, phrase, channel, off,
             length, confidence)
            for cid, start, pid, first, last, tid, tname, source, cat_id, cat, phrase_id, phrase, channel, off, length,
            confidence in db.execute(q).tuples()]
    return total, rows
