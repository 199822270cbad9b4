"""Wire shapes of the Person API, Person by ID API, Assign Roles to a Person and Person's Time Zone API.

`groupId` of a person is their team (as in the reference's examples, where a team is a kind of
group); `teamId` is accepted and returned too. Fields other areas add (skillMappings, exceptions,
workShifts, ...) travel inside `agentDetail` (see org/person_extensions.py).
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, ConfigDict, Field

from ...kit.schemas import WireModel
from ..wire import Id, Ms, OrgInput, RefItem


def _alias(*names: str):
    return Field(None, validation_alias=AliasChoices(*names))


class RoleBrief(WireModel):
    id: int
    name: str


class ViewRead(WireModel):
    view_id: int
    name: str
    main_view: bool


class AgentDetailRead(WireModel):
    model_config = ConfigDict(extra="allow")

    active: bool
    employee_id: str | None
    company_start_date: int | None
    department_start_date: int | None
    termination_date: int | None
    agent_rank: int | None
    views: list[ViewRead]
    skill_mappings: list[Any] = []
    exceptions: list[Any] = []
    work_shifts: list[Any] = []


class PersonRead(WireModel):
    id: int
    tenant_id: int
    first_name: str
    last_name: str
    email: str
    display_id: str | None
    ad_login: str | None
    acd_id: str | None
    acd_server_id: int | None
    time_zone: int | str | None
    locale: str
    group_id: int
    team_id: int
    team_name: str | None
    activated: int | None
    deactivated: int
    is_synchronized: bool
    enabled_for_scheduling: bool
    roles: list[RoleBrief]
    scope_tenant: bool
    scope_groups: list[int]
    scope_teams: list[int]
    qm_views: list[Any]
    is_reconcile_only: bool
    agent_detail: AgentDetailRead


class ViewIn(OrgInput):
    view_id: Id | None = _alias("viewId", "id", "view_id")
    name: str | None = Field(None, max_length=200)
    main_view: bool | None = None


class AgentDetailIn(OrgInput):
    """agentDetail (also spelled agentDetails); other areas' fields pass through to their extensions."""

    model_config = ConfigDict(extra="allow")

    active: bool | None = None
    employee_id: str | int | None = _alias("employeeId", "employee_id")
    company_start_date: int | str | None = None
    department_start_date: int | str | None = None
    termination_date: int | str | None = _alias("terminationDate", "companyEndDate", "termination_date")
    agent_rank: int | None = Field(None, ge=-(2**31), le=2**31 - 1,
                                   validation_alias=AliasChoices("agentRank", "rank", "agent_rank"))
    views: list[ViewIn | Id] | None = Field(None, max_length=1000)
    skill_mappings: list[Any] | None = None
    exceptions: list[Any] | None = None
    work_shifts: list[Any] | None = None


class PersonWrite(OrgInput):
    """Person create (required: firstName, lastName, email) and Person by ID update (fields left out keep their value)."""

    model_config = ConfigDict(extra="allow")

    id: Id | None = None
    first_name: str | None = Field(None, max_length=50)
    last_name: str | None = Field(None, max_length=50)
    email: str | None = Field(None, max_length=254)
    password: str | None = Field(None, max_length=200)
    display_id: str | None = Field(None, max_length=200)
    ad_login: str | None = Field(None, max_length=320)
    acd_id: str | int | None = None
    acd_server_id: int | str | None = None
    time_zone: int | str | None = _alias("timeZone", "timezone", "time_zone")
    locale: str | None = Field(None, max_length=16)
    group_id: Id | None = None
    team_id: Id | None = None
    activated: Ms | None = None
    deactivated: Ms | None = None
    is_synchronized: bool | None = None
    enabled_for_scheduling: bool | None = _alias("enabledForScheduling", "enabledForScheduled",
                                                  "enabled_for_scheduling")
    roles: list[RefItem] | None = Field(None, max_length=1000)
    scope_tenant: bool | None = None
    scope_groups: list[RefItem] | None = Field(None, max_length=10000)
    scope_teams: list[RefItem] | None = Field(None, max_length=10000)
    qm_views: list[Any] | None = None
    is_reconcile_only: bool | None = None
    agent_detail: AgentDetailIn | None = _alias("agentDetail", "agentDetails", "agent_detail")
    views: list[ViewIn | Id] | None = Field(None, max_length=1000)
    main_view: Id | None = None


class PersonRolesWrite(OrgInput):
    roles: list[RefItem] = Field(max_length=1000)


class PersonRolesRead(WireModel):
    person_id: int
    roles: list[RoleBrief]


class TimeZoneRead(WireModel):
    id: int | None
    name: str
