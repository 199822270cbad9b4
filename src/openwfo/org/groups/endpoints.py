"""Group API, Common Group API, Group by ID (with Teams), Group-Person API, Group (with Scope) API."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import PathId, PermissionPath, permission_named, require_permission
from . import service
from .schemas import (
    CommonGroupCreate,
    CommonGroupUpdate,
    GroupCreate,
    GroupPersonMove,
    GroupPersonRead,
    GroupRead,
    GroupSummary,
    GroupUpdate,
    GroupWithTeamsRead,
    ScopedGroupCreate,
)

router = APIRouter(tags=["org"])


def _persons(persons) -> list[dict]:
    return [{"person_id": p.id, "first_name": p.first_name, "last_name": p.last_name} for p in persons]


@router.get("/api/rest/org/group", response_model=list[GroupSummary], summary="List the groups in scope")
def list_groups(principal: Requires("ViewOrg"), db: DbSession):
    """Every group the caller has access to."""
    return [service.group_summary(g) for g in service.list_groups(db, principal)]


@router.post("/api/rest/org/group", response_model=GroupRead, summary="Create a group")
def create_group(body: GroupCreate, principal: Requires("UpdateOrg"), db: DbSession):
    """Create a group under parentGroupId (default: the root); a non-zero id updates that group."""
    return service.group_read(service.save_group(db, principal, body.model_dump(exclude_unset=True)))


@router.get("/api/rest/org/group/{group_id}", response_model=GroupRead, summary="Read one group")
def read_group(group_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """One group: name, activation, deactivation, parent."""
    return service.group_read(service.visible_group(db, principal, group_id))


@router.post("/api/rest/org/group/{group_id}", response_model=GroupRead, summary="Update one group")
def update_group(group_id: PathId, body: GroupUpdate, principal: Requires("UpdateOrg"), db: DbSession):
    """Change a group's name, parent, activation or deactivation (fields left out are kept)."""
    return service.group_read(service.update_group(db, principal, group_id, body.model_dump(exclude_unset=True)))


@router.get("/api/rest/org/group/{group_id}/person", response_model=list[GroupPersonRead],
            summary="List the persons of a group")
def list_group_persons(group_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """The persons in the group's teams."""
    return _persons(service.group_persons(db, principal, group_id))


@router.put("/api/rest/org/group/{group_id}/person", response_model=list[GroupPersonRead],
            summary="Reassign a person to a group")
def reassign_group_person(group_id: PathId, body: GroupPersonMove, principal: Requires("UpdateOrg"),
                          db: DbSession):
    """Move the person into a team of this group; answers the group's persons after the change."""
    return _persons(service.move_person_to_group(db, principal, group_id, body.person_id, body.team_id))


@router.post("/api/rest/org/group/{group_id}/person", response_model=list[GroupPersonRead],
             summary="Add a person to a group")
def add_group_person(group_id: PathId, body: GroupPersonMove, principal: Requires("UpdateOrg"),
                     db: DbSession):
    """Add the person to this group (into one of its teams); answers the group's persons."""
    return _persons(service.move_person_to_group(db, principal, group_id, body.person_id, body.team_id))


@router.post("/api/rest/org/common/group", response_model=GroupWithTeamsRead, summary="Create a group with teams")
def create_common_group(body: CommonGroupCreate, principal: Requires("UpdateOrg"), db: DbSession):
    """Create a group under parentGroupId and move the listed teams into it."""
    g = service.save_group(db, principal, body.model_dump(exclude_unset=True, exclude={"teams"}), body.teams)
    return service.group_with_teams(db, principal, g)


@router.get("/api/rest/org/common/group/{group_id}", response_model=GroupWithTeamsRead,
            summary="Read a group with its teams")
def read_common_group(group_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """One group with the teams in it."""
    return service.group_with_teams(db, principal, service.visible_group(db, principal, group_id))


@router.post("/api/rest/org/common/group/{group_id}", response_model=GroupWithTeamsRead,
             summary="Update a group with its teams")
def update_common_group(group_id: PathId, body: CommonGroupUpdate, principal: Requires("UpdateOrg"), db: DbSession):
    """Change the group's name or parent; teams listed are moved into it (others stay)."""
    changes = body.model_dump(exclude_unset=True, exclude={"teams"})
    g = service.update_group(db, principal, group_id, changes, body.teams)
    return service.group_with_teams(db, principal, g)


@router.delete("/api/rest/org/common/group/{group_id}", response_model=GroupWithTeamsRead, summary="Delete a group")
def delete_common_group(group_id: PathId, principal: Requires("UpdateOrg"), db: DbSession):
    """Delete an empty group (409 while it has subgroups, teams or other data); answers what was deleted."""
    return service.delete_group(db, principal, group_id)


@router.get("/api/rest/org/common/group/permission/{permission}", response_model=list[GroupSummary],
            summary="List the groups in scope for a permission")
def list_groups_for_permission(permission: PermissionPath, principal: Requires("ViewOrg"), db: DbSession):
    """The groups in the caller's scope for that permission (empty when the caller lacks it)."""
    perm = permission_named(permission)
    return [service.group_summary(g) for g in service.list_groups_for_permission(db, principal, perm.id)]


@router.post("/api/rest/org/common/group/permission/{permission}", response_model=GroupSummary,
             summary="Create a group in scope for a permission")
def create_group_for_permission(permission: PermissionPath, body: ScopedGroupCreate, principal: Requires("UpdateOrg"),
                                db: DbSession):
    """Create a group in a parent group within the caller's scope for that permission."""
    require_permission(principal, permission)
    g = service.create_group(db, principal, name=body.name, parent_id=body.parent_group_id)
    return service.group_summary(g)
