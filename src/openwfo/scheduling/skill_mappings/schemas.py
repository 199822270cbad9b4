"""Wire shapes of a skill mapping."""

from __future__ import annotations

from ..wire import AgentRef, Body, PrioritizedRef


class SkillMappingSummaryRead(Body):
    id: int
    name: str


class SkillMappingCreate(Body):
    name: str | None = None
    agents: list[AgentRef] | None = None  # left out: agents unchanged
    services: list[PrioritizedRef] | None = None  # left out: queues unchanged


class SkillMappingUpdate(SkillMappingCreate):
    """PUT: the name when given; agents / services replaced when present."""


class SkillMappingRead(Body):
    id: int
    name: str
    agents: list[AgentRef]
    services: list[PrioritizedRef]
