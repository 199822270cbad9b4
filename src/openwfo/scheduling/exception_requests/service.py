"""Exception requests: the Third-Party Exception Requests API's rules, the workflow's decision, and a
supervisor's approval or denial.

- The request is for `agentId` (who must be in the caller's scope and views, and enabled for
  scheduling) or, without one, for the caller. `genericException` is an exception type; when the
  agent has a list of allowed exceptions, the type's exception must be on it.
- `entireDay` true: the date is the one `startTimeEpoch` falls on in the agent's time zone (local
  midnight of that day, as the reference asks), `endTimeEpoch` is ignored, and the request covers the
  agent's shift of that date (or the local day when there is none). Otherwise both times are
  required, the end after the start, at most 24 hours apart.
- A request overlapping another pending or approved request of the agent is a 409.
- Without a comment, a request made on another person's behalf gets "This request was requested by
  <caller> on behalf of agent, <agent>."
- The workflow (workflow.py) then approves, denies or leaves it pending. Approving places the
  exception on the schedule (schedules.placement), so every schedule read shows it at once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, Conflict, NotFound
from ...kit.clock import now_ms
from ...models import ExceptionRequest, Person
from ...models.schedules import APPROVED, DENIED, PENDING
from .. import visibility
from ..rules import fail
from ..schedules import days, placement
from ..schedules import repository as schedules_repo
from ..schedules.service import date_range
from . import repository as repo
from . import workflow
from .schemas import ExceptionRequestCreate

SUBJECT = "exception request"
MAX_PARTIAL_MS = 24 * 3_600_000
STATUSES = (PENDING, APPROVED, DENIED)
ACTION_STATUS = {"approve": APPROVED, "deny": DENIED, "pending": PENDING}


def _name(p: Person) -> str:
    return " ".join(x for x in (p.first_name, p.last_name) if x).strip() or p.email


def to_read(r: ExceptionRequest) -> dict:
    return {
        "id": r.id, "agentId": r.person_id, "genericException": r.exception_type_id,
        "genericExceptionName": r.exception_type_name, "exceptionId": r.exception_id,
        "startTimeEpoch": r.start_ms, "endTimeEpoch": r.end_ms, "entireDay": r.entire_day,
        "date": r.shift_date.isoformat(), "comment": r.comment, "status": r.status,
        "requestedBy": r.requested_by_id, "createdTime": r.created_ms, "decidedBy": r.decided_by_id,
        "decidedTime": r.decided_ms, "decisionComment": r.decision_comment, "workflowRuleId": r.rule_id,
        "workflowRuleName": r.rule_name,
    }


def _agent_for(db: Session, principal: Principal, agent_id: int | None) -> Person:
    if agent_id is None or agent_id == principal.person_id:
        agent = repo.person(db, principal.person_id)
    else:
        views = visibility.caller_views(db, principal.person_id)
        visible = visibility.visible_agent_ids(db, principal, views, [agent_id])
        agent = repo.person(db, agent_id) if agent_id in visible else None
        if agent is None:
            raise fail(SUBJECT, "agentId", f"agent {agent_id} does not exist")
    if not agent.enabled_for_scheduling:
        raise fail(SUBJECT, "agentId", f"{_name(agent)} ({agent.id}) is not enabled for scheduling")
    if agent.deactivated:
        raise fail(SUBJECT, "agentId", f"{_name(agent)} ({agent.id}) is deactivated")
    return agent


def _span(db: Session, agent: Person, body: ExceptionRequestCreate, tz) -> placement.Span:
    if body.start_time_epoch is None:
        raise fail(SUBJECT, "startTimeEpoch", "is required")
    if body.entire_day:
        day = days.local_date(body.start_time_epoch, tz)
        span = placement.entire_day_span(db, agent.id, day, tz)
        if span.end_ms <= span.start_ms:
            raise fail(SUBJECT, "startTimeEpoch", f"{day} has no time left: other shifts cover it")
        return span
    if body.end_time_epoch is None:
        raise fail(SUBJECT, "endTimeEpoch", "is required unless entireDay is true")
    if body.end_time_epoch <= body.start_time_epoch:
        raise fail(SUBJECT, "endTimeEpoch", "must be after startTimeEpoch")
    if body.end_time_epoch - body.start_time_epoch > MAX_PARTIAL_MS:
        raise fail(SUBJECT, "endTimeEpoch", "must be at most 24 hours after startTimeEpoch (use entireDay for days)")
    return placement.partial_span(db, agent.id, body.start_time_epoch, body.end_time_epoch, tz)


def create_request(db: Session, principal: Principal, body: ExceptionRequestCreate) -> dict:
    """Record the request, run the workflow, and place the exception when it approves."""
    etype = repo.exception_type(db, body.generic_exception)
    if etype is None:
        raise fail(SUBJECT, "genericException", f"exception type {body.generic_exception} does not exist")
    agent = _agent_for(db, principal, body.agent_id)
    allowed = repo.allowed_exceptions(db, agent.id)
    if allowed and etype.exception_id not in allowed:
        raise fail(SUBJECT, "genericException",
                   f"{_name(agent)} may not be given the exception '{etype.exception.name}'")
    tz = days.zone(agent.time_zone, schedules_repo.tenant_time_zone(db))
    span = _span(db, agent, body, tz)
    clash = repo.overlapping_open(db, agent.id, span.start_ms, span.end_ms)
    if clash is not None:
        raise Conflict(f"The request overlaps the agent's {clash.status} request {clash.id}",
                       errors=[{"field": "startTimeEpoch", "reason": f"overlaps request {clash.id}"}])
    comment = (body.comment or "").strip()
    if not comment and agent.id != principal.person_id:
        caller = repo.person(db, principal.person_id)
        comment = f"This request was requested by {_name(caller)} on behalf of agent, {_name(agent)}."
    request = ExceptionRequest(
        person_id=agent.id, exception_type_id=etype.id, exception_type_name=etype.name,
        exception_id=etype.exception_id, requested_by_id=principal.person_id, shift_date=span.shift_date,
        start_ms=span.start_ms, end_ms=span.end_ms, entire_day=body.entire_day, comment=comment, status=PENDING,
        created_ms=now_ms())
    db.add(request)
    db.flush()
    action, rule = workflow.decide(db, request)
    status = ACTION_STATUS.get(action, PENDING)
    if rule is not None:
        request.rule_id, request.rule_name = rule.id, rule.name
    if status != PENDING:
        _decide(db, request, status, tz, decided_by=None)
    db.flush()
    return to_read(request)


def _decide(db: Session, request: ExceptionRequest, status: str, tz, decided_by: int | None,
            comment: str | None = None) -> None:
    if status == APPROVED:
        etype = repo.exception_type(db, request.exception_type_id) if request.exception_type_id else None
        exception = etype.exception if etype is not None else None
        if exception is None:
            raise Conflict(f"Request {request.id} cannot be approved: its exception type no longer exists")
        if request.entire_day:
            span = placement.entire_day_span(db, request.person_id, request.shift_date, tz)
        else:
            span = placement.Span(request.shift_date, request.start_ms, request.end_ms)
        if span.end_ms <= span.start_ms:
            raise Conflict(f"Request {request.id} cannot be approved: {request.shift_date} has no time left")
        placement.place_exception(db, request.person_id, span, entire_day=request.entire_day,
                                  exception_id=exception.id, exception_name=exception.name, paid=exception.paid,
                                  request_id=request.id)
        request.start_ms, request.end_ms, request.exception_id = span.start_ms, span.end_ms, exception.id
    request.status = status
    request.decided_ms = now_ms()
    request.decided_by_id = decided_by
    if comment is not None:
        request.decision_comment = comment.strip() or None


def _visible_request(db: Session, principal: Principal, request_id: int) -> ExceptionRequest:
    request = repo.get(db, request_id)
    if request is not None:
        views = visibility.caller_views(db, principal.person_id)
        if request.person_id in visibility.visible_agent_ids(db, principal, views, [request.person_id]):
            return request
    raise NotFound(f"Exception request {request_id} not found")


def get_request(db: Session, principal: Principal, request_id: int) -> dict:
    return to_read(_visible_request(db, principal, request_id))


def list_requests(db: Session, principal: Principal, status: str | None, agent_id: int | None,
                  from_date: str | None, to_date: str | None) -> list[dict]:
    """Requests of the agents the caller sees, by date; filtered by status, agent and date range."""
    if status is not None and status.strip().lower() not in STATUSES:
        raise BadRequest("status must be pending, approved or denied",
                         errors=[{"field": "status", "reason": "unknown status"}])
    first = last = None
    if from_date is not None or to_date is not None:
        first, last = date_range(from_date, to_date, subject=SUBJECT, max_days=3660)
    views = visibility.caller_views(db, principal.person_id)
    clause = visibility.agent_clause(db, principal, views)
    rows = repo.listing(db, clause, status.strip().lower() if status else None, agent_id, first, last)
    return [to_read(r) for r in rows]


def decide_request(db: Session, principal: Principal, request_id: int, approve: bool, comment: str | None) -> dict:
    """A supervisor's decision on a pending request (409 once decided)."""
    request = _visible_request(db, principal, request_id)
    if request.status != PENDING:
        raise Conflict(f"Exception request {request_id} is already {request.status}")
    agent = repo.person(db, request.person_id)
    tz = days.zone(agent.time_zone, schedules_repo.tenant_time_zone(db))
    if approve:
        clash = repo.overlapping_open(db, request.person_id, request.start_ms, request.end_ms, exclude_id=request.id)
        if clash is not None and clash.status == APPROVED:
            raise Conflict(f"Request {request_id} overlaps the agent's approved request {clash.id}")
    _decide(db, request, APPROVED if approve else DENIED, tz, decided_by=principal.person_id, comment=comment)
    db.flush()
    return to_read(request)
