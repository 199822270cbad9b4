"""Wire shapes of an ACD server."""

from __future__ import annotations

from ..wire import Body


class AcdServerCreate(Body):
    name: str | None = None
    acd_type: str | None = None
    peripheral_id: str | None = None


class AcdServerUpdate(AcdServerCreate):
    """PUT: fields left out keep their value."""


class AcdServerRead(Body):
    id: int
    name: str
    acd_type: str
    peripheral_id: str | None = None
