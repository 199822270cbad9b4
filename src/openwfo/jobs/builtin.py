"""Jobs the server itself needs: housekeeping of sessions, login counters and old job rows,
scheduled by the periodic maintenance (system/maintenance.py)."""

from __future__ import annotations

from sqlalchemy import and_, delete, or_

from ..kit.clock import now_ms
from ..models import AuthSession, Job, LoginFailure
from .registry import JobContext, job_handler

HOUR_MS = 3600 * 1000
DAY_MS = 24 * HOUR_MS


def housekeeping_payload(settings) -> dict:
    """What the housekeeping job keeps, from the settings of the process that schedules it."""
    return {"sessionTimeoutMinutes": settings.session_timeout_minutes,
            "sessionRowsKeepHours": settings.session_rows_keep_hours,
            "lockoutMinutes": settings.login_lockout_minutes,
            "loginFailureRowsKeepHours": settings.login_failure_rows_keep_hours,
            "finishedJobsKeepDays": settings.finished_jobs_keep_days}


@job_handler("system.housekeeping")
def housekeeping(ctx: JobContext, payload: dict) -> dict:
    """Delete expired session rows, finished login-failure rows and old finished jobs, each kept as
    long as the payload says (defaults: sessions at expiry, failures 24 h, jobs 30 days)."""
    now = now_ms()
    session_cutoff = now - int(float(payload.get("sessionTimeoutMinutes", 120)) * 60_000) \
        - int(float(payload.get("sessionRowsKeepHours", 0)) * HOUR_MS)
    failure_keep = int(float(payload.get("loginFailureRowsKeepHours", 24)) * HOUR_MS)
    window = int(float(payload.get("lockoutMinutes", 15)) * 60_000)
    job_cutoff = now - int(float(payload.get("finishedJobsKeepDays", 30)) * DAY_MS)
    with ctx.database.session() as db:
        sessions = db.execute(delete(AuthSession).where(AuthSession.last_seen_ms < session_cutoff)).rowcount or 0
    ctx.progress(40)
    with ctx.database.session() as db:
        failures = db.execute(delete(LoginFailure).where(
            LoginFailure.window_start_ms < now - window - failure_keep,
            or_(LoginFailure.locked_until_ms.is_(None), LoginFailure.locked_until_ms < now - failure_keep),
        )).rowcount or 0
    ctx.progress(70)
    with ctx.database.session() as db:
        jobs = db.execute(delete(Job).where(and_(Job.status.in_(("succeeded", "failed")),
                                                 Job.finished_ms < job_cutoff))).rowcount or 0
    return {"expiredSessions": sessions, "loginFailureRows": failures, "oldJobs": jobs}
