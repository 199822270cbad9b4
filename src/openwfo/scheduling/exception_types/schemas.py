"""Wire shapes of an exception type: {id, name, exceptionId} (exceptionId = its default exception)."""

from __future__ import annotations

from ..wire import Body, Id


class ExceptionTypeCreate(Body):
    name: str | None = None
    exception_id: Id | None = None


class ExceptionTypeUpdate(ExceptionTypeCreate):
    """PUT: fields left out keep their value."""


class ExceptionTypeRead(Body):
    id: int
    name: str
    exception_id: int
