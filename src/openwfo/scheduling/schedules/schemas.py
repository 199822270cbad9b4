"""Wire shapes of schedules, as the reference's examples give them.

Schedule Details and Shifts by Agent answer agents with `activitiesByDate`; writing a schedule takes
that same shape (read-only parts — labels, the agent's zone, names of queues and groups — are ignored
on input). Schedule for Timespan answers agents with a flat `activities` list whose types are upper
case and which leaves out `serviceQueueId` / `multiSkillGroupId` when they do not apply, as its example.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ...kit.schemas import WireModel
from ..wire import Body, Id, Int64

# Epoch milliseconds from 1970 to the end of year 9999.
EpochMs = Annotated[int, Field(ge=0, le=253_402_300_799_999)]
# A time given as text: epoch ms, ISO 8601, or a time of day on the shift's date (schedule writes).
TimeText = Annotated[str, Field(min_length=1, max_length=40)]
MAX_ACTIVITIES_PER_DAY = 500
MAX_DAYS_PER_WRITE = 92
MAX_AGENTS_PER_LOAD = 1000


class ActivityRead(WireModel):
    activity_type: str
    activity_type_label: str
    activity_detail_name: str | None = None
    service_queue_id: int | None = None
    multi_skill_group_id: int | None = None
    start_time: int
    end_time: int
    paid: bool
    color: str
    activity_metadata: str | None = None


class DayRead(WireModel):
    date: str
    scheduled_activities: list[ActivityRead]


class AgentScheduleRead(WireModel):
    agent_id: int
    employee_id: str | None = Field(None, alias="employeeID")
    agent_time_zone: str
    activities_by_date: list[DayRead]


class TimespanActivityRead(WireModel):
    activity_type: str
    activity_type_label: str
    activity_detail_name: str | None = None
    start_time: int
    end_time: int
    color: str
    service_queue_id: int | None = None
    multi_skill_group_id: int | None = None


class AgentTimespanRead(WireModel):
    agent_id: int
    employee_id: str | None = Field(None, alias="employeeID")
    agent_time_zone: str
    activities: list[TimespanActivityRead]


class AgentIdsBody(Body):
    agent_ids: list[Id] | None = None


class DetailsBody(AgentIdsBody):
    """Schedule Details' body; the dates belong in the query string, but are taken from here too."""

    from_date: str | None = Field(None, max_length=30, description="Used when the query has no fromDate")
    to_date: str | None = Field(None, max_length=30, description="Used when the query has no toDate")


class TimespanBody(AgentIdsBody):
    """Schedule for Timespan's body; the timestamps belong in the query string, but are taken from here too."""

    from_timestamp: Int64 | None = Field(None, description="Used when the query has no fromTimestamp")
    to_timestamp: Int64 | None = Field(None, description="Used when the query has no toTimestamp")


class ActivityWrite(Body):
    activity_type: str = Field(max_length=40)
    activity_detail_name: str | None = Field(None, max_length=100)
    service_queue_id: Id | None = None
    multi_skill_group_id: Id | None = None
    exception_id: Id | None = None
    start_time: EpochMs | TimeText = Field(description="Epoch ms, ISO 8601, or a time of day (HH:MM[:SS]) on the date")
    end_time: EpochMs | TimeText = Field(description="Epoch ms, ISO 8601, or a time of day (HH:MM[:SS]) on the date")
    paid: bool | None = None
    color: str | None = Field(None, max_length=50)
    activity_metadata: str | None = Field(None, max_length=500)


class DayWrite(Body):
    date: str = Field(max_length=10, description="The shift date, YYYY-MM-DD")
    scheduled_activities: list[ActivityWrite] = Field(default_factory=list, max_length=MAX_ACTIVITIES_PER_DAY)


class AgentScheduleWrite(Body):
    agent_id: Id | None = None
    activities_by_date: list[DayWrite] = Field(max_length=MAX_DAYS_PER_WRITE)


class ScheduleLoadResult(WireModel):
    agents: int
    dates: int
    activities: int


class AvailableAgentsQuery(Body):
    service_queue_ids: list[Id] | None = None
    skill_mapping_ids: list[Id] | None = None


class CurrentActivityRead(WireModel):
    activity_type: str
    activity_type_label: str
    activity_detail_name: str | None = None
    service_queue_ids: list[int]
    skill_mapping_ids: list[int]
    start_time: int
    end_time: int


class AvailableAgentRead(WireModel):
    agent_id: int
    agent_time_zone: str
    scheduled_activity: CurrentActivityRead


class AgentsScheduledQuery(Body):
    service_queue_ids: list[Id] | None = None
    interval: int = Field(description="15 or 30 (minutes)", ge=-(2**31), le=2**31)
    from_date: str = Field(max_length=30, description="YYYY-MM-DD")
    to_date: str = Field(max_length=30, description="YYYY-MM-DD")


class IntervalRead(WireModel):
    interval_start_time: int
    agents_scheduled: float


class DateStaffingRead(WireModel):
    date: str
    intervals: list[IntervalRead]


class QueueStaffingRead(WireModel):
    service_queue_id: int
    service_queue_name: str
    service_type_id: int
    service_type_name: str
    agents_scheduled_by_date: list[DateStaffingRead]
