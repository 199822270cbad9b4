"""Adherence and Conformance API (GET /api/rest/scheduling/adherence/agent), one agent's day, and the
extensions: adherence per interval, the tenant's adherence rules."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import Field

from ...auth.deps import CurrentPrincipal, DbSession, Requires
from ...kit.responses import JSON
from ...kit.schemas import WireModel
from ..wire import MAX_INT32, MAX_INT64, Body, IdPath
from . import rules, service

router = APIRouter(tags=["scheduling"])
BASE = "/api/rest/scheduling/adherence"
EXTENSION = ["scheduling", "extension"]


class ActualRead(WireModel):
    actual_agent_state: str
    actual_agent_state_start_time: str = Field(description="ISO 8601, UTC")
    actual_reason_code: int | str | None
    in_adherence_seconds: int
    out_of_adherence_seconds: int


class DetailRead(WireModel):
    scheduled_activity_type: str
    scheduled_actity_start_time: str = Field(description="ISO 8601, UTC (the reference's spelling)")
    in_adherence_seconds: int
    out_of_adherence_seconds: int
    actuals: list[ActualRead]


class AgentAdherenceRead(WireModel):
    agent_id: int
    acd_agent_id: str | None
    scheduled_seconds: int
    scheduled_in_service_seconds: int
    actual_in_service_seconds: int
    not_in_adherence_seconds: int
    schedule_adherence: float | None
    schedule_conformity: float | None
    details: list[DetailRead]


class IntervalRead(WireModel):
    start_time: int
    scheduled_seconds: int
    in_adherence_seconds: int
    out_of_adherence_seconds: int
    schedule_adherence: float | None


class IntervalAdherenceRead(WireModel):
    agent_id: int | None = None
    team_id: int | None = None
    date: str
    interval: int
    agent_ids: list[int]
    intervals: list[IntervalRead]


class ReasonRule(WireModel):
    agent_state: str
    reason_code: int | str


class RuleIn(Body):
    activity_type: str = Field(max_length=40)
    in_adherence_states: list[str] | None = Field(None, description="Agent state names; null: the default")
    in_adherence_reason_codes: list[ReasonRule] | None = Field(
        None, description="Also in adherence: a state with this reason code (e.g. NOT_READY_BUSY with 11)")


class RuleRead(WireModel):
    activity_type: str
    activity_type_label: str
    in_adherence_states: list[str]
    in_adherence_reason_codes: list[ReasonRule]
    custom: bool


class RulesIn(Body):
    rules: list[dict]


class RulesRead(WireModel):
    rules: list[RuleRead]


def _number(description: str, maximum: int = MAX_INT32):
    return Query(None, ge=-maximum, le=maximum, description=description)


@router.get(BASE + "/agent", response_model=list[AgentAdherenceRead], summary="Adherence and conformance")
def list_adherence(principal: CurrentPrincipal, db: DbSession,
                   date: str | None = Query(None, max_length=30, description="YYYY-MM-DD (required)"),
                   pageSize: int | None = _number("Default 25, at most 200"),  # noqa: N803
                   pageNumber: int | None = _number("Default 1")):  # noqa: N803
    """Each readable agent's adherence and conformance for the date (midnight to midnight in the tenant
    time zone), by agent id. Edit Schedules reads the agents in view and scope; anyone reads their own."""
    return JSON(service.adherence_page(db, principal, date, pageSize, pageNumber))


@router.get(BASE + "/agent/{agent_id}", response_model=AgentAdherenceRead, summary="One agent's adherence",
            tags=EXTENSION)
def agent_adherence(agent_id: IdPath, principal: CurrentPrincipal, db: DbSession,
                    date: str | None = Query(None, max_length=30, description="YYYY-MM-DD (required)")):
    """One agent's day as one element of the list; 404 for an agent the caller may not read."""
    return JSON(service.adherence_of(db, principal, agent_id, date))


@router.get(BASE + "/interval", response_model=IntervalAdherenceRead, summary="Adherence per interval",
            tags=EXTENSION)
def interval_adherence(principal: CurrentPrincipal, db: DbSession,
                       agentId: int | None = Query(None, ge=0, le=MAX_INT64),  # noqa: N803
                       teamId: int | None = Query(None, ge=0, le=MAX_INT64),  # noqa: N803
                       date: str | None = Query(None, max_length=30, description="YYYY-MM-DD (required)"),
                       interval: int | None = _number("15 (default) or 30 minutes")):
    """Scheduled, in- and out-of-adherence seconds per interval of an agent's day or a team's (summed
    over its readable agents)."""
    return JSON(service.interval_adherence(db, principal, agentId, teamId, date, interval))


@router.get(BASE + "/rules", response_model=RulesRead, summary="Adherence rules", tags=EXTENSION)
def get_rules(principal: Requires("Edit Schedules", "Administer WFM"), db: DbSession):
    """For each scheduled activity type, the agent states that are in adherence (custom: set by the tenant)."""
    return JSON({"rules": rules.as_wire(db, rules.tenant_rules(db))})


@router.put(BASE + "/rules", response_model=RulesRead, summary="Set adherence rules", tags=EXTENSION)
def put_rules(body: RulesIn, principal: Requires("Administer WFM"), db: DbSession):
    """Set the in-adherence states of the activity types listed (others keep theirs); null states put a
    type back to its default."""
    rules.update(db, body.rules)
    return JSON({"rules": rules.as_wire(db, rules.tenant_rules(db))})
