"""The agent request workflow: which action a tenant's rules give an exception request.

Enabled rules (models.wfm.WorkflowRule) are tried by ascending priority; the first whose exception
type matches (none = any) and whose conditions all hold decides: "approve", "deny" or "pending"
(left for a supervisor). No rule matching leaves the request pending. Conditions compare a fact of
the request with their value (operator lt, le, gt, ge, eq; <, <=, >, >=, = too):

- serviceQueueStaffing (serviceQueueId): the queue's staffing during the request if it is granted —
  the lowest FTE scheduled on the queue in the 15-minute intervals the request touches, the agent's
  own time left out (no staffing requirement is stored, so the surplus is the FTE scheduled);
- daysInAdvance: days from now (server clock) to the exception's start;
- durationHours: hours requested (an entire day: the shift it replaces, or the day);
- entireDay: 1 for an entire-day request, else 0;
- agentsOffInView: how many other agents of the agent's views (every agent when the agent is only in
  the default view) already have an exception on their shift of that date.
A condition of an unknown type, or without a value, does not hold.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from sqlalchemy.orm import Session

from ...kit.clock import now_ms
from ...models import ExceptionRequest, WorkflowCondition, WorkflowRule
from ..schedules import repository as schedules_repo
from ..schedules import staffing
from ..schedules.days import DAY_MS
from . import repository as repo

PENDING_ACTION = "pending"
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "lt": operator.lt, "<": operator.lt,
    "le": operator.le, "<=": operator.le,
    "gt": operator.gt, ">": operator.gt,
    "ge": operator.ge, ">=": operator.ge,
    "eq": lambda a, b: abs(a - b) < 1e-9, "=": lambda a, b: abs(a - b) < 1e-9, "==": lambda a, b: abs(a - b) < 1e-9,
}


class Facts:
    """The facts of one request, each computed once when a condition first asks."""

    def __init__(self, db: Session, request: ExceptionRequest):
        self.db = db
        self.request = request
        self._cache: dict[tuple, float] = {}

    def get(self, condition: WorkflowCondition) -> float | None:
        key = (condition.condition_type, condition.service_queue_id)
        if key not in self._cache:
            value = self._compute(condition)
            if value is None:
                return None
            self._cache[key] = value
        return self._cache[key]

    def _compute(self, c: WorkflowCondition) -> float | None:
        r = self.request
        kind = c.condition_type
        if kind == "daysInAdvance":
            return (r.start_ms - now_ms()) / DAY_MS
        if kind == "durationHours":
            return (r.end_ms - r.start_ms) / 3_600_000
        if kind == "entireDay":
            return 1.0 if r.entire_day else 0.0
        if kind == "serviceQueueStaffing":
            if c.service_queue_id is None:
                return None
            return staffing.lowest_fte(self.db, c.service_queue_id, r.start_ms, r.end_ms, exclude_person=r.person_id)
        if kind == "agentsOffInView":
            views = repo.agent_view_ids(self.db, r.person_id)
            among = repo.agents_in_views(views) if views else None
            return float(schedules_repo.count_agents_off(self.db, r.shift_date, r.person_id, among))
        return None


def _holds(facts: Facts, c: WorkflowCondition) -> bool:
    compare = OPERATORS.get((c.operator or "eq").strip().lower())
    if compare is None or c.value is None:
        return False
    value = facts.get(c)
    return value is not None and compare(value, c.value)


def decide(db: Session, request: ExceptionRequest) -> tuple[str, WorkflowRule | None]:
    facts = Facts(db, request)
    for rule in repo.enabled_rules(db):
        if rule.exception_type_id is not None and rule.exception_type_id != request.exception_type_id:
            continue
        if all(_holds(facts, c) for c in rule.conditions):
            return rule.action, rule
    return PENDING_ACTION, None
