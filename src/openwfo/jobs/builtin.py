"""Jobs the server itself needs: housekeeping of sessions, login counters and old job rows."""

from __future__ import annotations

from sqlalchemy import delete

from ..kit.clock import now_ms
from ..models import Job
from .registry import JobContext, job_handler

FINISHED_JOB_RETENTION_MS = 30 * 24 * 3600 * 1000


@job_handler("system.housekeeping")
def housekeeping(ctx: JobContext, payload: dict) -> dict:
    """Delete expired sessions, stale login-failure counters and finished jobs older than 30 days."""
    from ..auth.sessions import DbSessionStore
    from ..auth.throttle import LoginThrottle

    timeout_ms = int(payload.get("sessionTimeoutMinutes", 120)) * 60_000
    sessions = DbSessionStore(ctx.database, timeout_ms).purge_expired()
    ctx.progress(40)
    failures = LoginThrottle(ctx.database, 10, int(payload.get("lockoutMinutes", 15))).purge()
    ctx.progress(70)
    with ctx.database.session() as db:
        jobs = db.execute(
            delete(Job).where(Job.status.in_(("succeeded", "failed")),
                              Job.finished_ms < now_ms() - FINISHED_JOB_RETENTION_MS)
        ).rowcount or 0
    return {"expiredSessions": sessions, "loginFailureRows": failures, "oldJobs": jobs}
