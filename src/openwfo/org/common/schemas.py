"""Wire shapes of the Organizational Structure Common API (drill-down: groups -> teams -> agents).

As in the reference's example, a team is written as a group: its `groupId` is the team's id and an
agent's `groupId` is their team."""

from __future__ import annotations

from ...kit.schemas import WireModel


class DrillAgent(WireModel):
    person_id: int
    first_name: str
    last_name: str
    group_id: int
    tenant_id: int
    email: str
    skill_id: str | None


class DrillTeam(WireModel):
    group_id: int
    name: str
    display_id: int
    parent_group_id: int
    parent_group_name: str
    agents: list[DrillAgent]


class DrillGroup(WireModel):
    group_id: int
    name: str
    display_id: int
    parent_group_id: int | None
    parent_group_name: str | None
    teams: list[DrillTeam]


class PermissionPerson(WireModel):
    person_id: int
    email: str
    ad_login: str | None
    active: bool
    display_id: str
    first_name: str
    last_name: str


class TeamAgent(WireModel):
    id: int
    first_name: str
    last_name: str
    email: str
    acd_id: str | None
    acd_server_id: int | None
    display_id: str
    ad_login: str | None
    team_id: int
    group_id: int
    active: bool
    enabled_for_scheduling: bool


class TeamAgents(WireModel):
    agents: list[TeamAgent]
