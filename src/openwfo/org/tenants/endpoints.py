"""Tenant API."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from . import service
from .schemas import TenantRead, TenantWrite

router = APIRouter(tags=["org"])


@router.get("/api/rest/org/tenant", response_model=list[TenantRead], summary="List the tenants in scope")
def list_tenants(principal: Requires("ViewOrg"), db: DbSession):
    """The caller's tenant (a session belongs to exactly one)."""
    return [service.tenant_read(t) for t in service.list_tenants(db, principal)]


@router.post("/api/rest/org/tenant", response_model=TenantRead, summary="Create or update a tenant")
def save_tenant(body: TenantWrite, principal: Requires("UpdateOrg"), db: DbSession):
    """With the caller's tenant id: change its name, activation time or time zone. Without an id
    (create): 403 for every caller; tenants are created by the operator (`openwfo admin create`)."""
    return service.tenant_read(service.save_tenant(db, principal, body.model_dump(exclude_unset=True)))
