"""Schedule generation API (extension): start a run (a job), inspect its proposal, publish or discard it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import Field

from ...auth.deps import DbSession, Requires
from ...jobs.schemas import JobRead
from ...kit.wire import Body, Id, IdPath
from . import service

router = APIRouter(tags=["extension"])
PLAN = ("Plan Schedules", "Administer WFM")


class GenerationCreate(Body):
    from_date: str = Field(max_length=30, description="First shift date, YYYY-MM-DD (tenant time zone)")
    to_date: str = Field(max_length=30, description="Last shift date (inclusive), at most 31 days")
    service_queue_ids: list[Id] | None = Field(None, max_length=500)
    view_id: Id | None = Field(None, description="Also every queue of this view")
    paid_hours: float = Field(8.0, ge=0, le=24, description="Paid hours of a shift (4..12); a 30-minute unpaid "
                                                            "lunch is added, and two paid 15-minute breaks from 6 h")
    rest_hours: float = Field(11.0, ge=0, le=48, description="Least rest between two shifts of an agent")
    shrinkage_percent: float = Field(0.0, ge=0, lt=100)
    method: str = Field("optimiser", max_length=20, description="'optimiser' (OR-Tools CP-SAT, from the greedy "
                                                                "start) or 'greedy' (the heuristic and local search)")
    time_limit_seconds: float | None = Field(None, description="The optimiser's time limit, 1..600 (default: the "
                                                               "server's planning_time_limit_seconds setting)")
    shift_lengths: list[float] | None = Field(None, max_length=4, description="Paid hours of the shift lengths the "
                                              "optimiser may choose from (default: paidHours and two hours either side), 4..12")
    under_weight: float = Field(2.0, description="Weight of an under-staffed FTE-hour against an over-staffed one "
                                                 "in the optimiser's objective, 1..10")


@router.post("/api/rest/planning/generation", response_model=JobRead, summary="Generate schedules (a job)")
def start_generation(body: GenerationCreate, principal: Requires(*PLAN), db: DbSession, request: Request) -> JobRead:
    """Queue a run; its proposal is the job's result (GET /api/rest/planning/generation/{jobId})."""
    settings = getattr(request.app.state, "settings", None)
    job = service.start(db, principal, service.GenerationRequest(
        body.from_date, body.to_date, body.service_queue_ids, body.view_id, body.paid_hours, body.rest_hours,
        body.shrinkage_percent, body.method, body.time_limit_seconds, body.shift_lengths, body.under_weight),
        default_time_limit=float(getattr(settings, "planning_time_limit_seconds", 20.0)))
    return JobRead.of(job)


@router.get("/api/rest/planning/generation/{jobId}", response_model=JobRead, summary="A generation run and its proposal")
def read_generation(jobId: IdPath, principal: Requires(*PLAN), db: DbSession) -> JobRead:  # noqa: N803
    """Status and progress; when finished, the proposal: shifts, coverage per interval, under/over-staffing
    in FTE-hours, and per agent the shifts given and the days off by reason; with the optimiser, its status,
    objective, best bound and optimality gap (`solver`)."""
    return JobRead.of(service.proposal(db, principal, jobId))


@router.post("/api/rest/planning/generation/{jobId}/publish", summary="Publish a proposal as schedules")
def publish_generation(jobId: IdPath, principal: Requires(*PLAN), db: DbSession) -> dict:  # noqa: N803
    """Replaces the agents' shifts on the proposal's dates with the generated ones."""
    return service.publish(db, principal, jobId)


@router.post("/api/rest/planning/generation/{jobId}/cancel", response_model=JobRead,
             summary="Cancel a queued or running generation")
def cancel_generation(jobId: IdPath, principal: Requires(*PLAN), db: DbSession) -> JobRead:  # noqa: N803
    """The job fails with the error "canceled"; nothing was written."""
    return JobRead.of(service.cancel(db, principal, jobId))


@router.post("/api/rest/planning/generation/{jobId}/discard", summary="Discard a proposal")
def discard_generation(jobId: IdPath, principal: Requires(*PLAN), db: DbSession) -> dict:  # noqa: N803
    return service.discard(db, principal, jobId)
