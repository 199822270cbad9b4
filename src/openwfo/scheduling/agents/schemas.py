"""Wire shapes of the Agent API: full detail, basic detail, filterable; and an agent's settings.

Fields the reference reserves to administrators (employeeNumber, companyStartDate,
departmentStartDate, terminationDate) are left out for other callers, readOnly for callers below
supervisor; so they are optional here. `id` and `agentId` are the same number.
"""

from __future__ import annotations

from pydantic import Field

from ...kit.schemas import WireModel


class MainTeam(WireModel):
    team_id: int
    name: str


class SettingsRef(WireModel):
    ref: str = Field(alias="$ref")


class AgentBasicRead(WireModel):
    id: int
    agent_id: int
    first_name: str
    last_name: str
    employee_number: str | None = None


class AgentFilterableRead(AgentBasicRead):
    skill_mappings: list[int]
    service_queue_id: int | None = None
    multi_skill_group_id: int | None = None


class AgentFullRead(AgentFilterableRead):
    acd_id: str | None = None
    active: bool
    company_start_date: str | None = None
    department_start_date: str | None = None
    termination_date: str | None = None
    main_team: MainTeam | None = None
    work_condition_profile_id: int | None = None
    read_only: bool | None = None
    services: list[int]
    settings: SettingsRef
    teams: list[int]
    exceptions: list[int] | None = None


AgentRead = AgentFullRead | AgentFilterableRead | AgentBasicRead


class NamedRef(WireModel):
    id: int
    name: str


class WorkShiftAssignment(WireModel):
    work_shift_id: int
    work_shift_name: str | None = None
    shift_week_start: str | None = None


class ViewAssignment(WireModel):
    view_id: int
    name: str
    main_view: bool


class AgentSettingsRead(WireModel):
    agent_id: int
    enabled_for_scheduling: bool
    active: bool
    acd_id: str | None = None
    acd_server_id: int | None = None
    time_zone: str
    rank: int | None = None
    read_only: bool | None = None
    main_service_queue_id: int | None = None
    multi_skill_group_id: int | None = None
    work_condition_profile_id: int | None = None
    main_team: MainTeam | None = None
    skill_mappings: list[NamedRef]
    exceptions: list[NamedRef]
    work_shifts: list[WorkShiftAssignment]
    views: list[ViewAssignment]
