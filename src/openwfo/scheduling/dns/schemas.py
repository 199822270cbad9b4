"""Wire shapes of a DN."""

from __future__ import annotations

from ..wire import Body, Int64


class DnCreate(Body):
    name: str | None = None
    number: Int64 | None = None


class DnUpdate(DnCreate):
    """PUT: fields left out keep their value."""


class DnRead(Body):
    id: int
    name: str
    number: int
