"""Wire shapes of a multi-skill group (the same style as a skill mapping)."""

from __future__ import annotations

from ..wire import AgentRef, Body, PrioritizedRef


class MultiSkillGroupCreate(Body):
    name: str | None = None
    services: list[PrioritizedRef] | None = None  # left out: queues unchanged
    agents: list[AgentRef] | None = None  # left out: agents unchanged


class MultiSkillGroupUpdate(MultiSkillGroupCreate):
    """PUT: the name when given; services / agents replaced when present."""


class MultiSkillGroupRead(Body):
    id: int
    name: str
    services: list[PrioritizedRef]
    agents: list[AgentRef]
