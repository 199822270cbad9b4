"""Wire shapes of a service queue type. `id` is the type's code, the `type` of a service queue."""

from __future__ import annotations

from ..wire import Body, Int32


class QueueTypeCreate(Body):
    id: Int32 | None = None  # chosen by the server (next free code) when left out
    name: str | None = None
    contact_type: Int32 | None = None  # 0 interactive (default), 1 non-interactive


class QueueTypeUpdate(Body):
    """PUT: fields left out keep their value; the id (code) cannot change."""

    name: str | None = None
    contact_type: Int32 | None = None


class QueueTypeRead(Body):
    id: int
    name: str
    contact_type: int
