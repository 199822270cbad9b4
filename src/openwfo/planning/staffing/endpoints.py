"""Staffing API (extension): the Erlang C calculator and staffing requirements per interval."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from ...auth.deps import CurrentPrincipal, DbSession, Requires
from ...kit.schemas import WireModel
from ...kit.wire import MAX_ID, Body
from . import service

router = APIRouter(tags=["extension"])
PLAN = ("Plan Schedules", "Administer WFM")


class CalculatorBody(Body):
    contacts: float = Field(ge=0, le=10_000_000, description="Contacts arriving in the interval")
    interval_minutes: int = Field(30, ge=1, le=1440)
    aht: float = Field(gt=0, le=86_400, description="Average handle time (talk + after-call work), seconds")
    service_level_percent: float = Field(80, gt=0, lt=100, description="Target: this percent answered ...")
    service_level_seconds: float = Field(20, ge=0, le=86_400, description="... within this many seconds")
    agents: int | None = Field(None, ge=1, le=100_000, description="Evaluate this many agents instead")
    max_occupancy_percent: float | None = Field(None, gt=0, le=100)
    target_asa: float | None = Field(None, ge=0, le=86_400, description="Also keep the ASA at most this, seconds")
    interactive: bool = Field(True, description="false: the workload model (contacts × AHT / interval)")


class TableRow(WireModel):
    agents: int
    wait_probability: float
    service_level: float | None
    asa: float | None
    occupancy: float | None


class CalculatorRead(WireModel):
    traffic_erlangs: float
    agents_needed: int | None = None
    agents: int
    wait_probability: float | None = None
    workload_fte: float | None = None
    service_level: float | None = Field(None, description="Percent answered within the target seconds")
    asa: float | None = Field(None, description="Average speed of answer, seconds")
    occupancy: float | None = Field(None, description="Percent")
    table: list[TableRow]


class RequirementInterval(WireModel):
    start_time: int
    contacts: float
    aht: float | None
    agents: float = Field(description="Agents on contacts (Erlang C, the queue's share of a multi-skill pool, "
                                      "or the workload)")
    required: float = Field(description="Scheduled FTE needed: agents x adjustment / productivity / (1 - shrinkage)")
    service_level: float | None
    asa: float | None
    occupancy: float | None


class QueueRequirement(WireModel):
    service_queue_id: int
    name: str
    interval_minutes: int
    multi_skill_group_id: int | None
    virtual_source_ids: list[int] = Field(default_factory=list, description="A virtual queue's source queues: "
                                          "its requirement is for their combined volume")
    intervals: list[RequirementInterval]


class GroupInterval(WireModel):
    start_time: int
    contacts: float
    agents: float = Field(description="Agents on contacts the group's queues need together (pooled)")
    required: float = Field(description="Scheduled FTE needed, the member queues' requirements summed")


class GroupRequirement(WireModel):
    multi_skill_group_id: int
    name: str
    service_queue_ids: list[int]
    interval_minutes: int
    intervals: list[GroupInterval]


@router.post("/api/rest/planning/staffing/calculator", response_model=CalculatorRead, response_model_exclude_none=False,
             summary="Erlang C staffing calculator")
def calculator(body: CalculatorBody, principal: CurrentPrincipal) -> CalculatorRead:
    """Agents needed for a volume, AHT and service-level target, with service level, ASA and occupancy."""
    out = service.calculate(service.Calculation(
        body.contacts, body.interval_minutes, body.aht, body.service_level_percent, body.service_level_seconds,
        body.agents, body.max_occupancy_percent, body.target_asa, body.interactive))
    return CalculatorRead.model_validate(out)


@router.get("/api/rest/planning/staffing/requirements", response_model=list[QueueRequirement],
            summary="Staffing requirement per interval from the stored forecasts")
def requirements(principal: Requires(*PLAN), db: DbSession,
                 serviceQueueId: Annotated[list[int], Query(max_length=200)],  # noqa: N803
                 fromDate: str = Query(max_length=30), toDate: str = Query(max_length=30),  # noqa: N803
                 shrinkagePercent: float = Query(0, ge=0, lt=100)) -> list[QueueRequirement]:  # noqa: N803
    ids = [q for q in serviceQueueId if 0 <= q <= MAX_ID]
    needs = service.requirements(db, principal, ids, fromDate, toDate, shrinkagePercent)
    return [QueueRequirement(service_queue_id=n.queue.id, name=n.queue.name, interval_minutes=n.minutes,
                             multi_skill_group_id=n.group_id, virtual_source_ids=n.sources,
                             intervals=n.intervals) for n in needs]


@router.get("/api/rest/planning/staffing/group-requirements", response_model=list[GroupRequirement],
            summary="Staffing requirement per interval of multi-skill groups (their queues combined)")
def group_requirements(principal: Requires(*PLAN), db: DbSession,
                       multiSkillGroupId: Annotated[list[int], Query(max_length=200)],  # noqa: N803
                       fromDate: str = Query(max_length=30), toDate: str = Query(max_length=30),  # noqa: N803
                       shrinkagePercent: float = Query(0, ge=0, lt=100)) -> list[GroupRequirement]:  # noqa: N803
    """The group's queues (those the caller sees) pooled as the requirements endpoint pools them, summed
    per interval: what the agents of the group must cover together."""
    ids = [g for g in multiSkillGroupId if 0 <= g <= MAX_ID]
    needs = service.group_requirements(db, principal, ids, fromDate, toDate, shrinkagePercent)
    return [GroupRequirement(multi_skill_group_id=n.group_id, name=n.name, service_queue_ids=n.queue_ids,
                             interval_minutes=n.minutes, intervals=n.intervals) for n in needs]
