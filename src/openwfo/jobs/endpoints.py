"""Background job status (extension): what a long-running request started, and how far it is."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ..auth import permissions as perms
from ..auth.deps import CurrentPrincipal, DbSession
from . import service
from .schemas import JobRead

router = APIRouter(tags=["jobs", "extension"])
_ADMIN = perms.BY_NAME["Administer Tenant"].id


@router.get("/api/rest/jobs", response_model=list[JobRead], summary="List recent background jobs")
def list_jobs(principal: CurrentPrincipal, db: DbSession, limit: int = Query(50, ge=1, le=500)) -> list[JobRead]:
    """Recent jobs of the tenant (administrators) or of the caller."""
    mine = None if principal.has(_ADMIN) else principal.person_id
    return [JobRead.of(j) for j in service.list_jobs(db, principal.tenant_id, mine, limit)]


@router.get("/api/rest/jobs/{job_id}", response_model=JobRead, summary="One background job's status")
def read_job(job_id: int, principal: CurrentPrincipal, db: DbSession) -> JobRead:
    """Status, progress, result or error of one job."""
    job = service.get_job(db, principal.tenant_id, job_id)
    if not principal.has(_ADMIN) and job.requested_by != principal.person_id:
        raise service.NotFound(f"Job {job_id} does not exist")
    return JobRead.of(job)
