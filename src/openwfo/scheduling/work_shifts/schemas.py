"""Wire shapes of a work shift."""

from __future__ import annotations

from ..wire import Body


class WorkShiftCreate(Body):
    name: str | None = None
    description: str | None = None


class WorkShiftUpdate(WorkShiftCreate):
    """PUT: fields left out keep their value."""


class WorkShiftRead(Body):
    id: int
    name: str
    description: str
