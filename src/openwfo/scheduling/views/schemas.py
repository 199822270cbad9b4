"""Wire shapes of a WFM view."""

from __future__ import annotations

from ..wire import Body, Id


class ViewCreate(Body):
    name: str | None = None
    service_queue_ids: list[Id] | None = None  # left out: unchanged
    skill_mapping_ids: list[Id] | None = None
    agent_ids: list[Id] | None = None


class ViewUpdate(ViewCreate):
    """PUT: the name when given; member lists replaced when present (not allowed on the default view)."""


class ViewRead(Body):
    id: int
    name: str
    is_default: bool
    service_queue_ids: list[int]
    skill_mapping_ids: list[int]
    agent_ids: list[int]
