"""Out-of-adherence alerts (extension): the tenant's threshold, the list, acknowledging."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import Field

from ...auth.deps import DbSession, Requires
from ...kit.responses import JSON
from ...kit.schemas import WireModel
from ..wire import MAX_INT32, MAX_INT64, Body, IdPath
from . import service

router = APIRouter(tags=["scheduling", "extension"])
BASE = "/api/rest/scheduling/realTime/alerts"


class AlertSettingsIn(Body):
    enabled: bool | None = Field(None, description="Raise alerts at all (default true)")
    threshold_seconds: int | None = Field(None, ge=-MAX_INT32, le=MAX_INT32,
                                          description="Out of adherence this long raises an alert (30-86400, "
                                                      "default 300)")


class AlertSettingsRead(WireModel):
    enabled: bool
    threshold_seconds: int


class AlertRead(WireModel):
    id: int
    agent_id: int
    employee_id: str | None
    out_of_adherence_since: int = Field(description="Epoch ms: when the out-of-adherence stretch began")
    raised_time: int
    threshold_seconds: int
    activity_type: str
    activity_start_time: int
    activity_end_time: int
    agent_state: str
    reason_code: int | str | None
    ended_time: int | None = Field(description="When the stretch ended; null while it lasts")
    acknowledged_time: int | None
    acknowledged_by: int | None


@router.get(BASE + "/settings", response_model=AlertSettingsRead, summary="Alert threshold")
def get_settings(principal: Requires("Edit Schedules", "Administer WFM"), db: DbSession):
    """Whether out-of-adherence alerts are raised, and after how many seconds out of adherence."""
    return JSON(service.settings_of(db))


@router.put(BASE + "/settings", response_model=AlertSettingsRead, summary="Set the alert threshold")
def put_settings(body: AlertSettingsIn, principal: Requires("Administer WFM"), db: DbSession):
    """Set the threshold (30-86400 seconds) and/or turn alerts on or off; fields left out keep their value."""
    return JSON(service.update_settings(db, body.enabled, body.threshold_seconds))


@router.get(BASE, response_model=list[AlertRead], summary="Out-of-adherence alerts")
def list_alerts(principal: Requires("Edit Schedules", "Administer WFM"), db: DbSession,
                agentId: int | None = Query(None, ge=0, le=MAX_INT64),  # noqa: N803
                teamId: int | None = Query(None, ge=0, le=MAX_INT64),  # noqa: N803
                fromTime: int | None = Query(None, ge=0, le=MAX_INT64, description="Raised at or after, epoch ms"),  # noqa: N803
                toTime: int | None = Query(None, ge=0, le=MAX_INT64, description="Raised before, epoch ms"),  # noqa: N803
                acknowledged: bool | None = Query(None, description="true: acknowledged only; false: not yet"),
                open: bool | None = Query(None, description="true: still out of adherence; false: ended"),
                pageSize: int | None = Query(None, ge=-MAX_INT32, le=MAX_INT32, description="Default 50, at most 200"),  # noqa: N803
                pageNumber: int | None = Query(None, ge=-MAX_INT32, le=MAX_INT32, description="Default 1")):  # noqa: N803
    """Alerts of the agents in the caller's views and scope, newest first."""
    return JSON(service.list_alerts(db, principal, agent_id=agentId, team_id=teamId, from_ms=fromTime,
                                    to_ms=toTime, acknowledged=acknowledged, open_only=open,
                                    page_size=pageSize, page_number=pageNumber))


@router.post(BASE + "/{alert_id}/acknowledge", response_model=AlertRead, summary="Acknowledge an alert")
def acknowledge(alert_id: IdPath, principal: Requires("Edit Schedules", "Administer WFM"), db: DbSession):
    """Mark the alert seen (the first acknowledgement is kept); 404 outside the caller's agents."""
    return JSON(service.acknowledge(db, principal, alert_id))
