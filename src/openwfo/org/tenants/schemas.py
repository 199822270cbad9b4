"""Wire shapes of the Tenant API."""

from __future__ import annotations

from pydantic import Field

from ...kit.schemas import WireModel
from ..wire import Id, Ms, OrgInput


class TenantRead(WireModel):
    id: int
    name: str
    activated: int
    deactivated: int


class TenantWrite(OrgInput):
    """A new tenant, or (id of the caller's tenant) a change to it. `adminEmail`/`adminPassword`
    (extension) give a new tenant its first System Administrator."""

    id: Id | None = None
    name: str | None = Field(None, max_length=200)
    activated: Ms | None = None
    deactivated: Ms | None = None
    time_zone: int | str | None = None
    admin_email: str | None = Field(None, max_length=254)
    admin_password: str | None = Field(None, max_length=200)
