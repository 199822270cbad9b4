"""Workflow rules decide exception requests: enabled rules are tried by ascending priority (unique);
the first whose exception type matches (null = any) and whose conditions all hold gives its action:
"approve", "deny" or "pending" (left for a supervisor).

Condition types (operator one of lt, le, gt, ge, eq; the symbols <, <=, >, >=, = are accepted;
scheduling/exception_requests/workflow.py computes the facts they compare):
- serviceQueueStaffing: serviceQueueId, operator, value — the queue's staffing (FTE scheduled, the
  requesting agent left out) during the requested time;
- daysInAdvance: operator, value (>= 0) — days between now and the exception's start;
- durationHours: operator, value (>= 0) — hours requested;
- entireDay: value 1 (entire-day request) or 0;
- agentsOffInView: operator, value (>= 0) — other agents of the agent's views already off that day.
A queue named by a condition cannot be deleted.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...models import ExceptionType, WorkflowCondition, WorkflowRule
from .. import visibility
from ..rules import Violations, check_name, name_taken
from . import repository
from .schemas import ConditionBody, ConditionRead, WorkflowRuleCreate, WorkflowRuleRead, WorkflowRuleUpdate

SUBJECT = "workflow rule"
ACTIONS = ("approve", "deny", "pending")
CONDITION_TYPES = ("serviceQueueStaffing", "daysInAdvance", "durationHours", "entireDay", "agentsOffInView")
OPERATORS = {"lt": "lt", "<": "lt", "le": "le", "<=": "le", "gt": "gt", ">": "gt", "ge": "ge", ">=": "ge",
             "eq": "eq", "=": "eq", "==": "eq"}


def to_read(rule: WorkflowRule) -> WorkflowRuleRead:
    return WorkflowRuleRead(
        id=rule.id, name=rule.name, exception_type_id=rule.exception_type_id, action=rule.action,
        priority=rule.priority, enabled=rule.enabled,
        conditions=[ConditionRead(type=c.condition_type, service_queue_id=c.service_queue_id, operator=c.operator,
                                  value=c.value) for c in rule.conditions],
    )


def list_rules(db: Session) -> list[WorkflowRuleRead]:
    return [to_read(r) for r in repository.list_all(db)]


def get_rule(db: Session, rule_id: int) -> WorkflowRule:
    rule = repository.get(db, rule_id)
    if rule is None:
        raise NotFound(f"Workflow rule {rule_id} does not exist")
    return rule


def _check_conditions(db, principal, conditions: list[ConditionBody], v: Violations) -> list[WorkflowCondition]:
    views = visibility.caller_views(db, principal.person_id)
    queue_ids = [c.service_queue_id for c in conditions if c.service_queue_id is not None]
    known = visibility.visible_queue_ids(db, views, queue_ids) if queue_ids and not views.empty else set()
    out = []
    for i, c in enumerate(conditions):
        f = f"conditions[{i}]"
        kind = c.type.strip()
        if kind not in CONDITION_TYPES:
            v.add(f"{f}.type", "must be one of " + ", ".join(CONDITION_TYPES))
            continue
        op = OPERATORS.get((c.operator or "eq").strip().lower())
        if op is None:
            v.add(f"{f}.operator", "must be one of lt, le, gt, ge, eq")
        if c.value is None:
            v.add(f"{f}.value", "is required")
        queue_id = None
        if kind == "serviceQueueStaffing":
            if c.service_queue_id is None:
                v.add(f"{f}.serviceQueueId", "is required for a serviceQueueStaffing condition")
            elif c.service_queue_id not in known:
                v.add(f"{f}.serviceQueueId", f"service queue {c.service_queue_id} does not exist")
            queue_id = c.service_queue_id
        elif c.service_queue_id is not None:
            v.add(f"{f}.serviceQueueId", f"applies only to serviceQueueStaffing conditions, not {kind}")
        if kind in ("daysInAdvance", "durationHours", "agentsOffInView") and c.value is not None and c.value < 0:
            v.add(f"{f}.value", "must not be negative")
        if kind == "entireDay" and c.value not in (None, 0, 1):
            v.add(f"{f}.value", "must be 1 (entire day) or 0")
        out.append(WorkflowCondition(position=i, condition_type=kind, operator=op, value=c.value,
                                     service_queue_id=queue_id))
    return out


def _apply(db: Session, principal: Principal, rule: WorkflowRule, body: WorkflowRuleCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    if creating or "name" in fields:
        name = check_name(v, "name", body.name, max_len=100)
        if name and name_taken(db, WorkflowRule, name, rule.id):
            v.add("name", f"must be unique: '{name}' is already used")
        if name:
            rule.name = name
    if "exception_type_id" in fields or creating:
        tid = body.exception_type_id
        if tid is not None and db.get(ExceptionType, tid) is None:
            v.add("exceptionTypeId", f"exception type {tid} does not exist")
        else:
            rule.exception_type_id = tid
    if creating or body.action is not None:
        action = (body.action or "").strip().lower()
        if action not in ACTIONS:
            v.add("action", "must be one of approve, deny, pending")
        else:
            rule.action = action
    if body.priority is not None:
        if body.priority < 0:
            v.add("priority", "must not be negative")
        elif holder := repository.priority_holder(db, body.priority, rule.id):
            v.add("priority", f"must be unique: priority {body.priority} is used by rule '{holder}'")
        else:
            rule.priority = body.priority
    elif creating:
        rule.priority = repository.next_priority(db)
    if body.enabled is not None:
        rule.enabled = body.enabled
    elif creating:
        rule.enabled = True
    conditions = _check_conditions(db, principal, body.conditions, v) if body.conditions is not None else None
    v.raise_if_any()
    if conditions is not None:
        rule.conditions = conditions


def create_rule(db: Session, principal: Principal, body: WorkflowRuleCreate) -> WorkflowRuleRead:
    rule = WorkflowRule()
    _apply(db, principal, rule, body, creating=True)
    db.add(rule)
    db.flush()
    return to_read(rule)


def update_rule(db: Session, principal: Principal, rule_id: int, body: WorkflowRuleUpdate) -> WorkflowRuleRead:
    rule = get_rule(db, rule_id)
    _apply(db, principal, rule, body, creating=False)
    db.flush()
    return to_read(rule)


def delete_rule(db: Session, rule_id: int) -> None:
    db.delete(get_rule(db, rule_id))
    db.flush()
