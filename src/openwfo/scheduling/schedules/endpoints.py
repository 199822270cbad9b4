"""Schedule reads of the reference (Schedule Details by Agents and Date, Schedule for Timespan, Shifts
by Agent, Available Agents, Agents Scheduled by Service Queue and its SmartSync XML) and the schedule
writes (extension): PUT one agent's shifts, PUT many agents' shifts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from starlette.responses import Response

from ...auth.deps import DbSession, Requires
from ...kit.responses import JSON
from ..wire import MAX_INT64, IdPath, Int64
from . import available, service, staffing, writes
from .schemas import (
    AgentScheduleRead,
    AgentScheduleWrite,
    AgentsScheduledQuery,
    AgentTimespanRead,
    AvailableAgentRead,
    AvailableAgentsQuery,
    DetailsBody,
    QueueStaffingRead,
    ScheduleLoadResult,
    TimespanBody,
)
from .wire import id_list, json_or_form, json_or_form_body

router = APIRouter(tags=["scheduling"])

DETAIL = "/api/rest/scheduling/schedule/activity/detail"
BY_AGENT = DETAIL + "/by/agent"


def _date(required: bool = True):
    if not required:
        return Query(None, max_length=30, description="YYYY-MM-DD (or in the body)")
    return Query(max_length=30, description="YYYY-MM-DD")



class XML(Response):
    media_type = "application/xml"


@router.get(DETAIL, response_model=list[AgentScheduleRead], summary="Schedule details by agents and date")
def get_schedule_details(principal: Requires("Plan Schedules"), db: DbSession, fromDate: str = _date(),  # noqa: N803
                         toDate: str = _date(),  # noqa: N803
                         agentIds: list[str] | None = Query(None, description="Agent ids, comma-separated")):  # noqa: N803
    """Each visible agent's activities per date in the tenant time zone (all agents in view by default)."""
    ids = id_list(agentIds, "agentIds")
    return JSON(service.schedule_details(db, principal, fromDate, toDate, ids))


@router.post(DETAIL, response_model=list[AgentScheduleRead], summary="Schedule details by agents and date")
def post_schedule_details(principal: Requires("Plan Schedules"), db: DbSession,
                          fromDate: str | None = _date(required=False),  # noqa: N803
                          toDate: str | None = _date(required=False), body: DetailsBody | None = None):  # noqa: N803
    """As the GET, with the agent ids in the body."""
    body = body or DetailsBody()
    return JSON(service.schedule_details(db, principal, fromDate or body.from_date, toDate or body.to_date,
                                         body.agent_ids))


@router.post("/api/rest/scheduling/schedule/for/timespan", response_model=list[AgentTimespanRead],
             summary="Schedule for timespan")
def schedule_for_timespan(body: TimespanBody, principal: Requires("Edit Schedules", "View Schedules"),
                          db: DbSession,
                          fromTimestamp: Int64 | None = Query(None, description="Epoch ms (or in the body)"),  # noqa: N803
                          toTimestamp: Int64 | None = Query(None, description="Epoch ms (or in the body)")):  # noqa: N803
    """Activities of the listed agents within the timespan (9 days for several agents, 60 for one)."""
    from_ts = fromTimestamp if fromTimestamp is not None else body.from_timestamp
    to_ts = toTimestamp if toTimestamp is not None else body.to_timestamp
    return JSON(service.schedule_for_timespan(db, principal, from_ts, to_ts, body.agent_ids))


@router.get(BY_AGENT + "/{agent_id}", response_model=AgentScheduleRead, summary="Shifts by agent")
def get_shifts_by_agent(agent_id: IdPath, principal: Requires("Plan Schedules"), db: DbSession,
                        fromDate: str = _date(), toDate: str = _date()):  # noqa: N803
    """One agent's shifts by shift date; every requested date is listed."""
    return JSON(service.shifts_by_agent(db, principal, agent_id, fromDate, toDate))


@router.put(BY_AGENT + "/{agent_id}", response_model=AgentScheduleRead, summary="Replace an agent's shifts",
            tags=["scheduling", "extension"])
def put_shifts_by_agent(agent_id: IdPath, body: AgentScheduleWrite,
                        principal: Requires("Edit Schedules", "Administer WFM"), db: DbSession):
    """Replace the agent's shifts on each date given (no activities clears the date); answers those dates."""
    return JSON(writes.put_agent(db, principal, agent_id, body))


@router.put(BY_AGENT, response_model=ScheduleLoadResult, summary="Load many agents' shifts",
            tags=["scheduling", "extension"])
def put_schedules(body: list[AgentScheduleWrite], principal: Requires("Edit Schedules", "Administer WFM"),
                  db: DbSession):
    """Replace the shifts of many agents (each as Shifts by Agent answers it) in one all-or-nothing load."""
    return writes.load_agents(db, principal, body)


@router.post("/api/rest/scheduling/schedule/availableAgents", response_model=list[AvailableAgentRead],
             summary="Available agents by service queue or skill mapping")
def list_available_agents(body: AvailableAgentsQuery, principal: Requires("Plan Schedules"), db: DbSession):
    """Agents whose current activity works one of the queues or skill mappings, with that activity."""
    return JSON(available.available_agents(db, principal, body.service_queue_ids, body.skill_mapping_ids))


@router.post("/api/rest/scheduling/agents/scheduled/by/servicequeue", response_model=list[QueueStaffingRead],
             summary="Agents scheduled by service queue", openapi_extra=json_or_form_body(AgentsScheduledQuery))
def agents_scheduled_by_queue(body: Annotated[AgentsScheduledQuery, Depends(json_or_form(AgentsScheduledQuery))],
                              principal: Requires("Plan Schedules"), db: DbSession):
    """FTEs scheduled per queue, date and 15- or 30-minute interval (tenant time zone)."""
    return JSON(staffing.agents_scheduled(db, principal, body.service_queue_ids, body.interval, body.from_date,
                                          body.to_date))


@router.get("/api/rest/scheduling/agents/scheduled/by/servicequeue/smartsync", response_class=XML,
            summary="Agents scheduled by service queue as IEX SmartSync MU opens XML",
            responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}}}})
def agents_scheduled_smartsync(principal: Requires("Plan Schedules"), db: DbSession,
                               fromDate: str = _date(), toDate: str = _date(),  # noqa: N803
                               interval: int = Query(15, ge=-MAX_INT64, le=MAX_INT64, description="15 or 30"),
                               serviceQueueIds: list[str] | None = Query(None, description="Queue ids, comma-separated")):  # noqa: N803
    """The Agents Scheduled figures as <opens><muOpens> XML (muID = queue, ctID = queue type)."""
    ids = id_list(serviceQueueIds, "serviceQueueIds")
    return XML(staffing.smartsync_xml(db, principal, ids, interval, fromDate, toDate))


@router.post("/api/rest/scheduling/agents/scheduled/by/servicequeue/smartsync", response_class=XML,
             summary="Agents scheduled by service queue as IEX SmartSync MU opens XML (request as the JSON API's)",
             openapi_extra=json_or_form_body(AgentsScheduledQuery),
             responses={200: {"content": {"application/xml": {"schema": {"type": "string"}}}}})
def agents_scheduled_smartsync_post(body: Annotated[AgentsScheduledQuery,
                                                    Depends(json_or_form(AgentsScheduledQuery))],
                                    principal: Requires("Plan Schedules"), db: DbSession):
    """The SmartSync XML for a request shaped as the Agents Scheduled by Service Queue API's."""
    return XML(staffing.smartsync_xml(db, principal, body.service_queue_ids, body.interval, body.from_date,
                                      body.to_date))
