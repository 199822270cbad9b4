"""Intraday API (extension): the day reforecast from what arrived so far, requirement vs. scheduled vs.
available per interval, and suggested moves."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...auth.deps import DbSession, Requires
from ...kit.wire import MAX_ID
from . import service

router = APIRouter(tags=["extension"])
PLAN = ("Plan Schedules", "Administer WFM")


@router.get(
    "/api/rest/planning/intraday", summary="Intraday: reforecast, requirement vs. available, suggested moves"
)
def intraday(
    principal: Requires(*PLAN),
    db: DbSession,
    serviceQueueId: Annotated[list[int], Query(max_length=50)],  # noqa: N803
    date: str | None = Query(None, max_length=30, description="YYYY-MM-DD (tenant time zone); default today"),
    shrinkagePercent: float = Query(0, ge=0, lt=100),  # noqa: N803
    breakWindowMinutes: int = Query(60, ge=0, le=240, description="How far a break or lunch may move"),  # noqa: N803
    maxOvertimeMinutes: int = Query(120, ge=0, le=480, description="Longest overtime before/after a shift"),  # noqa: N803
    maxSuggestions: int = Query(10, ge=0, le=100),  # noqa: N803
) -> dict:
    """Per queue and interval of the day: the stored forecast and what arrived (`actualContacts`, past
    intervals), the reforecast of the rest (the observed/forecast ratio shrunk towards 1, recent
    intervals weighing more), the requirement on each, FTE scheduled, FTE available (past: agents in an
    in-service state; future: the schedule less agents absent now) and the gap. `suggestions`: break or
    lunch moves and overtime offers, best first, each with the intervals whose gap it narrows."""
    ids = [q for q in serviceQueueId if 0 <= q <= MAX_ID]
    return service.run(
        db,
        principal,
        service.Request(ids, date, shrinkagePercent, breakWindowMinutes, maxOvertimeMinutes, maxSuggestions),
    )
