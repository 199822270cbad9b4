"""Wire shapes of a service queue, as the reference's Service API tables and examples give them.

One shape for reading and writing (what GET answers, POST and PUT accept); read-only parts
(names and numbers of linked things, typeDesc, contactType) are ignored on input. Input also
takes the spellings the reference's examples use: closedRedistType, handlingThresh,
notAllowForecase, agents.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, ConfigDict, Field, model_validator

from ..wire import Body, Id, IdRef, Int32, Int64, Number


def _alias(*names: str) -> AliasChoices:
    return AliasChoices(*names)


def _lower_keys(data: Any) -> Any:
    """Weekday keys in any case ("Monday" as "monday")."""
    if isinstance(data, dict):
        return {k.lower() if isinstance(k, str) else k: v for k, v in data.items()}
    return data


class DayHours(Body):
    """A weekday's hours; `active` left out means active when open and close are both given."""

    open: str | None = None  # HH:MM
    close: str | None = None  # HH:MM
    active: bool = False

    @model_validator(mode="before")
    @classmethod
    def _active_by_default_with_hours(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("active") is None and data.get("open") and data.get("close"):
            return {**data, "active": True}
        return data


class Days(Body):
    """Opening hours by weekday; a day left out is inactive."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _weekday_keys(cls, data: Any) -> Any:
        return _lower_keys(data)

    sunday: DayHours | None = None
    monday: DayHours | None = None
    tuesday: DayHours | None = None
    wednesday: DayHours | None = None
    thursday: DayHours | None = None
    friday: DayHours | None = None
    saturday: DayHours | None = None


class DnDays(Body):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _weekday_keys(cls, data: Any) -> Any:
        return _lower_keys(data)

    sunday: bool = False
    monday: bool = False
    tuesday: bool = False
    wednesday: bool = False
    thursday: bool = False
    friday: bool = False
    saturday: bool = False


class SkillMappingLink(Body):
    id: Id
    name: str | None = None  # read-only
    priority: Int32 | None = None  # 0 (highest) .. 999, default 1


class AssignedDn(Body):
    id: Id
    name: str | None = None  # read-only
    number: int | None = None  # read-only
    start: str | None = None  # HH:MM
    end: str | None = None  # HH:MM, after start
    days: DnDays | None = None  # at least one set


class VirtualServiceLink(Body):
    id: Id
    name: str | None = None  # read-only
    number: int | None = None  # read-only
    hour_gap: Int32 | None = 0  # ignored since WFM 9.3(1); kept
    ratio: Number | None = 0  # ignored since WFM 9.3(1); kept


class OrderParameter(Body):
    criteria: str
    priority: Int32
    ascending: bool = False


class MultiSkillGroupLink(Body):
    id: Id
    name: str | None = None  # read-only
    priority: Int32 | None = None  # 0 (highest) .. 999, default 1


class ServiceQueueCreate(Body):
    number: Int64 | None = None
    acd_service_id: str | None = None
    acd_server_id: Id | None = None
    name: str | None = None
    priority: Int32 | None = None
    color: str | None = None
    not_allow_forecast: bool | None = Field(
        None, validation_alias=_alias("notAllowForecast", "notAllowForecase", "not_allow_forecast"))
    msaq: bool | None = None
    type: Int32 | None = None
    closed_hours_redistribution_type: Int32 | None = Field(
        None, validation_alias=_alias("closedHoursRedistributionType", "closedRedistType",
                                      "closed_hours_redistribution_type"))
    handling_threshold: Int32 | None = Field(
        None, validation_alias=_alias("handlingThreshold", "handlingThresh", "handling_threshold"))
    talk_time: Int32 | None = None
    work_time: Int32 | None = None
    service_level_objective_percent: Int32 | None = None
    service_level_objective_seconds: Int32 | None = None
    productivity_percent: Number | None = None
    fte_hour_per_week: Number | None = None
    break_hours_per_week: Number | None = None
    forecast_precision_level: Int32 | None = None
    forecast_staffing_adjustment_factor: Number | None = None
    shrinkage_scenario_id: Int64 | None = None
    virtual: bool | None = None
    days: Days | None = None
    skill_mappings: list[SkillMappingLink] | None = None
    assigned_dns: list[AssignedDn] | None = None
    virtual_services: list[VirtualServiceLink] | None = None
    scheduling_order_parameters: list[OrderParameter] | None = None
    vacation_order_parameters: list[OrderParameter] | None = None
    multi_skill_groups: list[MultiSkillGroupLink] | None = None
    agent_ids: list[Id] | None = Field(None, validation_alias=_alias("agentIds", "agents", "agent_ids"))


class ServiceQueueUpdate(ServiceQueueCreate):
    """PUT: `number` is ignored (whatever its form); a scalar left out keeps its value; an array left
    out leaves that relationship as it is; multiSkillGroups only re-prioritises groups that already
    hold the queue."""

    number: Any = Field(None, description="Ignored by PUT")


class ServiceQueueSummaryRead(Body):
    """An item of GET /service."""

    id: int
    number: int
    acd_server_id: int
    name: str
    priority: int
    virtual: bool
    color: str
    not_allow_forecast: bool
    msaq: bool
    type: int
    type_desc: str
    contact_type: int
    shrinkage_scenario_id: int | None = None
    view_ids: list[IdRef]
    skill_mapping_ids: list[IdRef]


class ServiceQueueRead(Body):
    """GET /service/{id}, and the answer of POST and PUT."""

    id: int
    number: int
    acd_service_id: str
    acd_server_id: int
    name: str
    priority: int
    virtual: bool
    color: str
    not_allow_forecast: bool
    msaq: bool
    type: int
    type_desc: str
    contact_type: int
    shrinkage_scenario_id: int | None = None
    closed_hours_redistribution_type: int
    handling_threshold: int
    talk_time: int
    work_time: int
    service_level_objective_percent: int
    service_level_objective_seconds: int | None = None
    productivity_percent: float
    fte_hour_per_week: float
    break_hours_per_week: float
    forecast_precision_level: int
    forecast_staffing_adjustment_factor: float
    days: Days
    skill_mappings: list[SkillMappingLink]
    assigned_dns: list[AssignedDn]
    virtual_services: list[VirtualServiceLink]
    scheduling_order_parameters: list[OrderParameter]
    vacation_order_parameters: list[OrderParameter]
    multi_skill_groups: list[MultiSkillGroupLink]
    agent_ids: list[int] | None = Field(None, description="Left out when no agent has this as main queue")
