"""Forecast API (extension): start a forecast job, read versions and intervals, edit intervals."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import Field

from ...auth.deps import DbSession, Requires
from ...kit.schemas import WireModel
from ...kit.wire import Body, Id, IdPath, IdQuery, Ms, Number
from . import service

router = APIRouter(tags=["extension"])
PLAN = ("Plan Schedules", "Administer WFM")


class SpecialDay(Body):
    date: str = Field(max_length=30, description="YYYY-MM-DD")
    factor: Number = Field(description="Multiplies the day's forecast volume (0 = closed, 1.2 = 20% more)")


class ForecastCreate(Body):
    service_queue_id: Id
    from_date: str = Field(max_length=30, description="First day forecast, YYYY-MM-DD (tenant time zone)")
    to_date: str = Field(max_length=30, description="Last day forecast (inclusive), at most 93 days")
    interval_minutes: int = Field(30, ge=1, le=60, description="15 or 30")
    history_days: int = Field(91, ge=1, le=10_000, description="Days of history used (14..730)")
    holdout_days: int = Field(7, ge=0, le=10_000, description="Last history days held out to measure accuracy")
    special_days: list[SpecialDay] = Field(default_factory=list, max_length=1000)


class ForecastRead(WireModel):
    id: int
    service_queue_id: int
    version: int
    based_on_id: int | None
    from_date: str
    to_date: str
    interval_minutes: int
    history_days: int
    holdout_days: int
    special_days: list[dict]
    status: str = Field(description="queued, running, ready or failed")
    method: str
    mape: float | None = Field(description="Held-out mean absolute percentage error per interval, percent")
    wape: float | None = Field(description="Held-out weighted absolute percentage error per interval, percent")
    error: str | None
    edited: bool
    job_id: int | None
    created_ms: int


class IntervalRead(WireModel):
    start_time: int
    date: str
    period: str
    contacts: float
    aht: float = Field(description="Average handle time, seconds")


class IntervalEdit(Body):
    start_time: Ms
    contacts: Number | None = None
    aht: Number | None = None


class ForecastEdit(Body):
    intervals: list[IntervalEdit] = Field(max_length=service.MAX_EDITS)


def read(row) -> ForecastRead:
    return ForecastRead(id=row.id, service_queue_id=row.service_queue_id, version=row.version,
                        based_on_id=row.based_on_id, from_date=row.first_day.isoformat(),
                        to_date=row.last_day.isoformat(), interval_minutes=row.interval_minutes,
                        history_days=row.history_days, holdout_days=row.holdout_days,
                        special_days=list(row.special_days or []), status=row.status, method=row.method,
                        mape=row.mape, wape=row.wape, error=row.error, edited=row.edited, job_id=row.job_id,
                        created_ms=row.created_ms)


def interval(i) -> IntervalRead:
    return IntervalRead(start_time=i.start_ms, date=i.local_date.isoformat(),
                        period=f"{i.period_minute // 60:02d}:{i.period_minute % 60:02d}",
                        contacts=i.contacts, aht=i.aht_s)


@router.post("/api/rest/planning/forecast", response_model=ForecastRead, summary="Start a forecast (a job)")
def create_forecast(body: ForecastCreate, principal: Requires(*PLAN), db: DbSession) -> ForecastRead:
    """Queue a new forecast version for the queue; `jobId` shows its progress (GET /api/rest/jobs/{id})."""
    req = service.ForecastRequest(body.service_queue_id, body.from_date, body.to_date, body.interval_minutes,
                                  body.history_days, body.holdout_days,
                                  [s.model_dump() for s in body.special_days])
    return read(service.create(db, principal, req))


@router.get("/api/rest/planning/forecast", response_model=list[ForecastRead], summary="Forecast versions of a queue")
def list_forecasts(principal: Requires(*PLAN), db: DbSession,
                   serviceQueueId: IdQuery) -> list[ForecastRead]:  # noqa: N803
    return [read(r) for r in service.versions(db, principal, serviceQueueId)]


@router.get("/api/rest/planning/forecast/service/{queueId}", response_model=list[IntervalRead],
            summary="Forecast intervals of a queue for a date range")
def queue_forecast(queueId: IdPath, principal: Requires(*PLAN), db: DbSession,  # noqa: N803
                   fromDate: str = Query(max_length=30), toDate: str = Query(max_length=30)) -> list[IntervalRead]:  # noqa: N803
    """Each day from the newest ready version that covers it."""
    rows = service.queue_intervals(db, principal, [queueId], fromDate, toDate)[queueId]
    return [interval(i) for i in rows]


@router.get("/api/rest/planning/forecast/{forecastId}", response_model=ForecastRead, summary="One forecast version")
def get_forecast(forecastId: IdPath, principal: Requires(*PLAN), db: DbSession) -> ForecastRead:  # noqa: N803
    return read(service.get(db, principal, forecastId))


@router.get("/api/rest/planning/forecast/{forecastId}/intervals", response_model=list[IntervalRead],
            summary="Intervals of one forecast version")
def forecast_intervals(forecastId: IdPath, principal: Requires(*PLAN), db: DbSession,  # noqa: N803
                       fromDate: str | None = Query(None, max_length=30),  # noqa: N803
                       toDate: str | None = Query(None, max_length=30)) -> list[IntervalRead]:  # noqa: N803
    _, rows = service.intervals_of(db, principal, forecastId, fromDate, toDate)
    return [interval(i) for i in rows]


@router.put("/api/rest/planning/forecast/{forecastId}/intervals", response_model=ForecastRead,
            summary="Edit intervals (stores a new version)")
def edit_forecast(forecastId: IdPath, body: ForecastEdit, principal: Requires(*PLAN), db: DbSession) -> ForecastRead:  # noqa: N803
    """Changes the given intervals' contacts and/or AHT in a copy: the answer is the new version."""
    items = [i.model_dump() for i in body.intervals]
    return read(service.edit(db, principal, forecastId, items))

