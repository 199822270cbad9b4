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
    time_zone: str | None = Field(None, description="Extension: the tenant's IANA time zone (schedule dates and "
                                                    "the console's time axis are in it)")


class TenantWrite(OrgInput):
    """A change to the caller's tenant (its id). Without an id the reference creates a tenant: here
    that is the operator's act (`openwfo admin create`), and the API answers 403."""

    id: Id | None = None
    name: str | None = Field(None, max_length=200)
    activated: Ms | None = None
    deactivated: Ms | None = None
    time_zone: int | str | None = None
