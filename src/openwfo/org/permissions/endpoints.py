"""Permissions API: the catalogue of permissions roles are made of."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth import permissions as perms
from ...auth.deps import Requires
from ..roles.schemas import PermissionRead

router = APIRouter(tags=["org"])


@router.get("/api/rest/org/permissions", response_model=list[PermissionRead], summary="List every permission")
def list_permissions(principal: Requires("ViewOrg")):
    """Every permission a role can grant (ids are stable)."""
    return [{"id": p.id, "name": p.name} for p in sorted(perms.CATALOGUE, key=lambda p: p.id)]
