"""Asking for background work: a job row in the caller's transaction, dispatched once it commits."""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ..errors import NotFound
from ..kit.clock import now_ms
from ..models import Job

PENDING = "pending_jobs"


def enqueue(db: Session, kind: str, payload: dict | None = None, *, tenant_id: int | None = None,
            requested_by: int | None = None) -> Job:
    """Add a job to the current transaction; it runs only if (and once) the transaction commits."""
    job = Job(kind=kind, payload=payload or {}, tenant_id=tenant_id if tenant_id is not None else db.info.get("tenant_id"),
              requested_by=requested_by, status="queued", progress=0, created_ms=now_ms())
    db.add(job)
    db.flush()
    db.info.setdefault(PENDING, []).append(job.id)
    return job


@event.listens_for(Session, "after_commit")
def _dispatch_after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    database = session.info.get("database")
    dispatcher = getattr(database, "job_dispatcher", None)
    if dispatcher is not None:
        for job_id in pending:
            dispatcher.dispatch(job_id)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def get_job(db: Session, tenant_id: int, job_id: int) -> Job:
    job = db.scalar(select(Job).where(Job.id == job_id, Job.tenant_id == tenant_id))
    if job is None:
        raise NotFound(f"Job {job_id} does not exist")
    return job


def list_jobs(db: Session, tenant_id: int, requested_by: int | None, limit: int) -> list[Job]:
    q = select(Job).where(Job.tenant_id == tenant_id)
    if requested_by is not None:
        q = q.where(Job.requested_by == requested_by)
    return list(db.scalars(q.order_by(Job.id.desc()).limit(limit)))
