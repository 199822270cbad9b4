"""Running one job: claim it, call its handler, record the outcome. Same code in every backend.

A claimed job holds a lease (`lease_until_ms`) that a heartbeat thread extends while the handler
runs. A runner that dies (a killed worker, a server restart) stops extending it; once it has
passed, the job can be claimed again — by the next delivery of its message or by the recovery
sweep (`reclaim_expired`) — until it has been started `max_attempts` times, then it fails with
the reason. The outcome is written only by the attempt that holds the lease, so a job whose
lease was taken over is finished once, by the new attempt.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from sqlalchemy import or_, select, update

from ..kit.clock import now_ms
from ..models import Job
from .registry import HANDLERS, JobContext

log = logging.getLogger("openwfo.jobs")


@dataclass(frozen=True)
class JobPolicy:
    """How long a runner's lease lasts without a heartbeat, and how often a job may be started."""

    lease_ms: int = 60_000
    max_attempts: int = 3

    @classmethod
    def of(cls, settings) -> JobPolicy:
        return cls(lease_ms=max(1, int(settings.job_lease_seconds * 1000)), max_attempts=max(1, settings.job_max_attempts))

    @property
    def heartbeat_s(self) -> float:
        return max(0.05, self.lease_ms / 3000)


DEFAULT_POLICY = JobPolicy()


def _lease_expired(now: int):
    return (Job.status == "running") & or_(Job.lease_until_ms.is_(None), Job.lease_until_ms < now)


def _give_up_reason(attempts: int) -> str:
    return (f"LeaseExpired: the job was started {attempts} time(s) and each time its runner stopped "
            f"(killed or restarted) before it finished; not retried again")


def _give_up(db, job_id: int, policy: JobPolicy, now: int) -> int:
    job = db.get(Job, job_id)
    return db.execute(
        update(Job).where(Job.id == job_id, _lease_expired(now), Job.attempts >= policy.max_attempts)
        .values(status="failed", error=_give_up_reason(job.attempts if job else policy.max_attempts),
                finished_ms=now, lease_until_ms=None)
    ).rowcount or 0


class _Heartbeat:
    """Extends the lease of one running attempt until stopped; notices when the lease was lost."""

    def __init__(self, database, job_id: int, attempt: int, policy: JobPolicy):
        self.database, self.job_id, self.attempt, self.policy = database, job_id, attempt, policy
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"openwfo-lease-{job_id}", daemon=True)
        self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(self.policy.heartbeat_s):
            try:
                with self.database.session() as db:
                    held = db.execute(update(Job).where(Job.id == self.job_id, Job.status == "running",
                                                        Job.attempts == self.attempt)
                                      .values(lease_until_ms=now_ms() + self.policy.lease_ms)).rowcount
                if not held:
                    self.lost = True
                    log.warning("job %s attempt %s lost its lease", self.job_id, self.attempt)
                    return
            except Exception:  # a missed beat is retried; the lease outlasts a few of them
                log.warning("job %s: lease heartbeat failed", self.job_id, exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def run_job(database, job_id: int, policy: JobPolicy = DEFAULT_POLICY) -> str:
    """Run job `job_id` if it is queued or its runner's lease has expired; answers the status it ended in."""
    now = now_ms()
    with database.session() as db:
        claimed = db.execute(
            update(Job).where(Job.id == job_id, (Job.status == "queued")
                              | (_lease_expired(now) & (Job.attempts < policy.max_attempts)))
            .values(status="running", started_ms=now, attempts=Job.attempts + 1, lease_until_ms=now + policy.lease_ms)
        ).rowcount
        if not claimed and _give_up(db, job_id, policy, now):
            log.error("job %s failed: %s", job_id, _give_up_reason(policy.max_attempts))
        job = db.get(Job, job_id)
        if not claimed or job is None:
            return job.status if job else "missing"
        kind, payload, tenant_id, attempt = job.kind, dict(job.payload or {}), job.tenant_id, job.attempts
    handler = HANDLERS.get(kind)
    beat = _Heartbeat(database, job_id, attempt, policy)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {kind!r}")
        result = handler(JobContext(database, job_id, tenant_id), payload)
    except Exception as exc:  # the job records its failure; the runner keeps going
        beat.stop()
        log.exception("job %s (%s) failed", job_id, kind)
        return _finish(database, job_id, attempt, status="failed", error=f"{type(exc).__name__}: {exc}"[:4000])
    beat.stop()
    return _finish(database, job_id, attempt, status="succeeded", progress=100, result=result or {})


def _finish(database, job_id: int, attempt: int, **values) -> str:
    with database.session() as db:
        done = db.execute(update(Job).where(Job.id == job_id, Job.status == "running", Job.attempts == attempt)
                          .values(finished_ms=now_ms(), lease_until_ms=None, **values)).rowcount
        if done:
            return values["status"]
        job = db.get(Job, job_id)
    # Another attempt took the job over after this one's lease expired: its outcome counts.
    log.warning("job %s attempt %s finished after losing its lease; outcome dropped", job_id, attempt)
    return job.status if job else "missing"


def reclaim_expired(database, policy: JobPolicy = DEFAULT_POLICY) -> list[int]:
    """The recovery sweep: running jobs whose lease has passed go back to queued (answered, to be
    dispatched again), or fail when they have been started max_attempts times. Safe to run from
    several processes at once: each job is moved by one conditional UPDATE, so one sweeper wins."""
    now = now_ms()
    requeued = []
    with database.session() as db:
        rows = db.execute(select(Job.id, Job.attempts).where(_lease_expired(now)).order_by(Job.id).limit(500)).all()
        for job_id, attempts in rows:
            if attempts >= policy.max_attempts:
                if _give_up(db, job_id, policy, now):
                    log.error("job %s failed: %s", job_id, _give_up_reason(attempts))
                continue
            moved = db.execute(update(Job).where(Job.id == job_id, _lease_expired(now))
                               .values(status="queued", lease_until_ms=None)).rowcount
            if moved:
                requeued.append(job_id)
                log.warning("job %s: its runner stopped (lease expired); queued again (attempt %s of %s done)",
                            job_id, attempts, policy.max_attempts)
    return requeued


def queued_job_ids(database) -> list[int]:
    with database.session() as db:
        return list(db.scalars(select(Job.id).where(Job.status == "queued").order_by(Job.id)))
