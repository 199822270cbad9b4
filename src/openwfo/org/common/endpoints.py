"""Organizational Structure Common API (Drill-down Information)."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath, PermissionPath, permission_named
from . import service
from .schemas import DrillGroup, PermissionPerson, TeamAgents

router = APIRouter(tags=["org"])


@router.get("/api/rest/org/common/common/permission/{permission}", response_model=list[DrillGroup],
            summary="Groups, teams and agents in scope for a permission")
def drill_down(permission: PermissionPath, principal: Requires("ViewOrg"), db: DbSession):
    """Each group in the caller's scope for that permission, with its teams and their agents."""
    return service.drill_down(db, principal, permission_named(permission).id)


@router.get("/api/rest/org/common/person/permission/{permission}", response_model=list[PermissionPerson],
            summary="List the persons in scope for a permission", tags=["org", "extension"])
def list_persons_for_permission(permission: PermissionPath, principal: Requires("ViewOrg"), db: DbSession):
    """The persons in the caller's scope for that permission (empty when the caller lacks it)."""
    return service.persons_for_permission(db, principal, permission_named(permission).id)


@router.get("/api/rest/org/common/agents/for/team/{team_id}", response_model=TeamAgents,
            summary="List the agents of a team (0: every team in scope)", tags=["org", "extension"])
def list_agents_for_team(team_id: IdPath, principal: Requires("ViewOrg"), db: DbSession):
    """{"agents": [...]}: the persons of the team, or of every team in the caller's scope for team 0."""
    return service.agents_for_team(db, principal, team_id)
