"""Agent API: GET /api/rest/scheduling/agent, and the agent settings its full detail links to."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ...auth.deps import DbSession, Requires
from ...kit.responses import JSON
from ..wire import IdPath, query_text
from . import service
from .schemas import AgentRead, AgentSettingsRead

router = APIRouter(tags=["scheduling"])
PATH = "/api/rest/scheduling/agent"


@router.get(PATH, response_model=list[AgentRead], summary="List the agents enabled for scheduling")
def list_agents(
    principal: Requires("Update messaging requests"),
    db: DbSession,
    active_agent_and_active_user: bool = Query(False, alias="activeAgentAndActiveUser",
                                               description="Only active agents who are active users"),
    active_agent: bool = Query(False, alias="activeAgent", description="Only active agents"),
    acd_id: str | None = Query(None, alias="acdId", max_length=200, description="Only agents with this ACD id"),
    full_detail: bool = Query(False, alias="fullDetail", description="Every field (else id, names, employee number)"),
    filterable: bool = Query(False, description="Id, names, employee number, skill mappings, queue and group"),
    agent_assigned_exception: bool = Query(False, alias="agentAssignedException",
                                           description="With fullDetail: the exceptions assigned to each agent"),
):
    """Scheduling-enabled agents visible to the caller (views and scope), in the shape asked for."""
    rows = service.list_agents(
        db, principal, active_agent_and_active_user=active_agent_and_active_user, active_agent=active_agent,
        acd_id=query_text(acd_id, "acdId"), full_detail=full_detail, filterable=filterable,
        agent_assigned_exception=agent_assigned_exception,
    )
    return JSON(rows)


@router.get(PATH + "/{agent_id}/settings", response_model=AgentSettingsRead, summary="Read an agent's settings")
def read_agent_settings(agent_id: IdPath, principal: Requires("Update messaging requests"), db: DbSession):
    """The WFM settings of one visible agent: ACD, main queue and group, skill mappings, exceptions,
    work shifts and views."""
    return JSON(service.get_agent_settings(db, principal, agent_id))
