"""Organizational Structure Common API (Drill-down Information)."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import permission_named
from . import service
from .schemas import DrillGroup

router = APIRouter(tags=["org"])


@router.get("/api/rest/org/common/common/permission/{permission}", response_model=list[DrillGroup],
            summary="Groups, teams and agents in scope for a permission")
def drill_down(permission: str, principal: Requires("ViewOrg"), db: DbSession):
    """Each group in the caller's scope for that permission, with its teams and their agents."""
    return service.drill_down(db, principal, permission_named(permission).id)
