"""Wire shapes of a workflow rule and its conditions."""

from __future__ import annotations

from ..wire import Body, Id, Int32, Number


class ConditionBody(Body):
    type: str
    service_queue_id: Id | None = None
    operator: str | None = None
    value: Number | None = None


class WorkflowRuleCreate(Body):
    name: str | None = None
    exception_type_id: Id | None = None  # null: every exception type
    action: str | None = None  # approve | deny | pending
    priority: Int32 | None = None  # rules are tried by ascending priority; default: after the last
    enabled: bool | None = None  # default true
    conditions: list[ConditionBody] | None = None  # all must hold; left out: unchanged


class WorkflowRuleUpdate(WorkflowRuleCreate):
    """PUT: fields left out keep their value; conditions replaced when present."""


class ConditionRead(Body):
    type: str
    service_queue_id: int | None = None
    operator: str | None = None
    value: float | None = None


class WorkflowRuleRead(Body):
    id: int
    name: str
    exception_type_id: int | None = None
    action: str
    priority: int
    enabled: bool
    conditions: list[ConditionRead]
