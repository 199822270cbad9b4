"""Wire shapes of exception requests: the reference's request fields, and the request as stored."""

from __future__ import annotations

from pydantic import Field

from ...kit.schemas import WireModel
from ..schedules.schemas import EpochMs
from ..wire import Body, Id


class ExceptionRequestCreate(Body):
    agent_id: Id | None = Field(None, description="The agent asked for; left out: the caller")
    generic_exception: Id = Field(description="The exception type id (GET genericException)")
    start_time_epoch: EpochMs | None = Field(None, description="Start, epoch ms; for an entire day, local midnight")
    end_time_epoch: EpochMs | None = Field(None, description="End, epoch ms; ignored for an entire day")
    entire_day: bool
    comment: str | None = Field(None, max_length=2000)


class DecisionBody(Body):
    comment: str | None = Field(None, max_length=2000)


class ExceptionRequestRead(WireModel):
    id: int
    agent_id: int
    generic_exception: int | None
    generic_exception_name: str
    exception_id: int | None
    start_time_epoch: int
    end_time_epoch: int
    entire_day: bool
    date: str
    comment: str
    status: str
    requested_by: int | None
    created_time: int
    decided_by: int | None
    decided_time: int | None
    decision_comment: str | None
    workflow_rule_id: int | None
    workflow_rule_name: str | None
