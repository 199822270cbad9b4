"""Roles API (and, beyond the reference, role update and delete)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ...auth.deps import DbSession, Requires
from ...errors import NotFound
from ..wire import MAX_ID, PathId
from . import service
from .schemas import RoleCreate, RoleRead, RoleSummary, RoleUpdate

router = APIRouter(tags=["org"])


@router.get("/api/rest/org/role", response_model=list[RoleSummary], summary="List the tenant's roles")
def list_roles(principal: Requires("ViewOrg"), db: DbSession,
               tenant_id: int | None = Query(None, alias="tenantId", ge=0, le=MAX_ID,
                                             description="The caller's tenant (any other does not exist)")):
    """Every role of the caller's tenant."""
    if tenant_id and tenant_id != principal.tenant_id:
        raise NotFound(f"Tenant {tenant_id} does not exist")
    return [service.role_summary(r) for r in service.list_roles(db)]


@router.post("/api/rest/org/role", response_model=RoleRead, summary="Create a role")
def create_role(body: RoleCreate, principal: Requires("UpdateOrg"), db: DbSession):
    """Create a role with the permissions given (ids, names or {id, name}); a non-zero id updates that role."""
    return service.role_read(service.create_role(db, principal, body.model_dump(exclude_unset=True)))


@router.get("/api/rest/org/role/{role_id}", response_model=RoleRead, summary="Read a role with its permissions")
def read_role(role_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """One role and the permissions it grants."""
    return service.role_read(service.get_role(db, role_id))


@router.put("/api/rest/org/role/{role_id}", response_model=RoleRead, summary="Update a role",
            tags=["org", "extension"])
def update_role(role_id: PathId, body: RoleUpdate, principal: Requires("UpdateOrg"), db: DbSession):
    """Rename a role or replace its permissions; the sessions of its holders follow."""
    return service.role_read(service.update_role(db, principal, role_id, body.model_dump(exclude_unset=True)))


@router.delete("/api/rest/org/role/{role_id}", response_model=RoleRead, summary="Delete a role",
               tags=["org", "extension"])
def delete_role(role_id: PathId, principal: Requires("UpdateOrg"), db: DbSession):
    """Delete a custom role nobody holds (409 otherwise); answers what was deleted."""
    return service.delete_role(db, principal, role_id)
