"""Wire shapes of an exception activity."""

from __future__ import annotations

from ..wire import Body


class ExceptionCreate(Body):
    name: str | None = None
    paid: bool | None = None  # default false
    color: str | None = None  # a code of GET /config/color; default the Exception colour


class ExceptionUpdate(ExceptionCreate):
    """PUT: fields left out keep their value."""


class ExceptionRead(Body):
    id: int
    name: str
    paid: bool
    color: str
