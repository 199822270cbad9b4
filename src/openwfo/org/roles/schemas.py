"""Wire shapes of the Roles API (and the Permissions API's items)."""

from __future__ import annotations

from pydantic import Field

from ...kit.schemas import WireModel
from ..wire import Id, OrgInput, RefItem


class PermissionRead(WireModel):
    id: int
    name: str


class RoleSummary(WireModel):
    id: int
    name: str


class RoleRead(WireModel):
    id: int
    name: str
    tenant_id: int
    permissions: list[PermissionRead]


class RoleCreate(OrgInput):
    id: Id | None = None
    name: str = Field(max_length=200)
    tenant_id: Id | None = None
    permissions: list[RefItem] = Field(max_length=1000)


class RoleUpdate(OrgInput):
    """Changes to a role: fields left out keep their value; permissions, when given, replace the set."""

    id: Id | None = None
    name: str | None = Field(None, max_length=200)
    tenant_id: Id | None = None
    permissions: list[RefItem] | None = Field(None, max_length=1000)
