"""Team API, Teams by ID (with Agents), Team (with Scope)."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import PathId, PermissionPath, permission_named, require_permission
from . import service
from .schemas import ScopedTeamCreate, TeamAgentRead, TeamCreate, TeamRead, TeamSummary, TeamUpdate

router = APIRouter(tags=["org"])


@router.post("/api/rest/org/common/team", response_model=TeamRead, summary="Create a team")
def create_team(body: TeamCreate, principal: Requires("UpdateOrg"), db: DbSession):
    """Create a team in parentGroupId and move the listed users into it; a non-zero id updates that team."""
    return service.team_read(db, service.save_team(db, principal, body.model_dump(exclude_unset=True)))


@router.get("/api/rest/org/common/team/{team_id}", response_model=list[TeamAgentRead],
            summary="List the agents of a team")
def list_team_agents(team_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """The persons in the team."""
    return [service.agent_read(p) for p in service.team_agents(db, principal, team_id)]


@router.put("/api/rest/org/common/team/{team_id}", response_model=TeamRead, summary="Update a team")
def update_team(team_id: PathId, body: TeamUpdate, principal: Requires("UpdateOrg"), db: DbSession):
    """Change a team's name or group (fields left out are kept); users listed are moved into it."""
    return service.team_read(db, service.update_team(db, principal, team_id, body.model_dump(exclude_unset=True)))


@router.delete("/api/rest/org/common/team/{team_id}", response_model=TeamRead, summary="Delete a team")
def delete_team(team_id: PathId, principal: Requires("UpdateOrg"), db: DbSession):
    """Delete an empty team (409 while persons or other data are in it); answers what was deleted."""
    return service.delete_team(db, principal, team_id)


@router.get("/api/rest/org/common/team/permission/{permission}", response_model=list[TeamSummary],
            summary="List the teams in scope for a permission")
def list_teams_for_permission(permission: PermissionPath, principal: Requires("ViewOrg"), db: DbSession):
    """The teams in the caller's scope for that permission (empty when the caller lacks it)."""
    perm = permission_named(permission)
    return [service.team_summary(t) for t in service.list_teams_for_permission(db, principal, perm.id)]


@router.post("/api/rest/org/common/team/permission/{permission}", response_model=TeamSummary,
             summary="Create a team in scope for a permission")
def create_team_for_permission(permission: PermissionPath, body: ScopedTeamCreate, principal: Requires("UpdateOrg"),
                               db: DbSession):
    """Create a team in a group within the caller's scope for that permission."""
    require_permission(principal, permission)
    t = service.create_team(db, principal, name=body.name, group_id=body.parent_group_id)
    return service.team_summary(t)
