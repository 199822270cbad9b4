"""Running one job: claim it, call its handler, record the outcome. Same code in every backend."""

from __future__ import annotations

import logging

from sqlalchemy import select, update

from ..kit.clock import now_ms
from ..models import Job
from .registry import HANDLERS, JobContext

log = logging.getLogger("openwfo.jobs")


def run_job(database, job_id: int) -> str:
    """Run job `job_id` if it is still queued; answers the status it ended in."""
    with database.session() as db:
        claimed = db.execute(
            update(Job).where(Job.id == job_id, Job.status == "queued")
            .values(status="running", started_ms=now_ms(), attempts=Job.attempts + 1)
        ).rowcount
        job = db.get(Job, job_id)
        if not claimed or job is None:
            return job.status if job else "missing"
        kind, payload, tenant_id = job.kind, dict(job.payload or {}), job.tenant_id
    handler = HANDLERS.get(kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {kind!r}")
        result = handler(JobContext(database, job_id, tenant_id), payload)
    except Exception as exc:  # the job records its failure; the runner keeps going
        log.exception("job %s (%s) failed", job_id, kind)
        with database.session() as db:
            db.execute(update(Job).where(Job.id == job_id).values(
                status="failed", error=f"{type(exc).__name__}: {exc}"[:4000], finished_ms=now_ms()))
        return "failed"
    with database.session() as db:
        db.execute(update(Job).where(Job.id == job_id).values(
            status="succeeded", progress=100, result=result or {}, finished_ms=now_ms()))
    return "succeeded"


def queued_job_ids(database) -> list[int]:
    with database.session() as db:
        return list(db.scalars(select(Job.id).where(Job.status == "queued").order_by(Job.id)))
