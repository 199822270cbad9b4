"""Job leases: a job whose runner dies (killed worker, restarted server) is re-claimed once its lease
expires, finishes exactly once, and fails with the reason after the attempt limit."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid

from openwfo.app import create_app
from openwfo.jobs.dispatch import InProcessDispatcher
from openwfo.jobs.runner import JobPolicy, reclaim_expired, run_job
from openwfo.jobs.service import enqueue
from openwfo.kit.clock import clock, now_ms
from openwfo.models import Job

from ..conftest import REDIS_URL
from .lease_jobs import KIND, worker_command


def _wait(database, job_id, timeout=60.0) -> Job:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with database.session() as db:
            job = db.get(Job, job_id)
            if job.status in ("succeeded", "failed"):
                return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def _orphaned_row(database, tenant_id, payload, *, attempts=1, lease_until=None) -> int:
    """A job row as a runner that died mid-run leaves it: running, lease not renewed."""
    with database.session(tenant_id) as db:
        job = Job(kind=KIND, payload=payload, status="running", progress=0, attempts=attempts,
                  created_ms=now_ms(), started_ms=now_ms(), lease_until_ms=lease_until or now_ms() - 1)
        db.add(job)
        db.flush()
        return job.id


def _files(tmp_dir, released=True):
    log, release = tmp_dir / f"{uuid.uuid4().hex}.log", tmp_dir / f"{uuid.uuid4().hex}.release"
    if released:
        release.touch()
    return log, release, {"log": str(log), "release": str(release)}


def _lines(log) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_a_live_lease_is_not_taken_and_an_expired_one_is(app, tenant, tmp_dir):
    database = app.state.database
    log, _release, payload = _files(tmp_dir)
    policy = JobPolicy(lease_ms=60_000, max_attempts=3)
    job_id = _orphaned_row(database, tenant.id, payload, lease_until=now_ms() + 60_000)
    assert run_job(database, job_id, policy) == "running"  # its runner may still be alive
    assert job_id not in reclaim_expired(database, policy)
    assert _lines(log) == []
    clock.advance(seconds=61)  # no heartbeat for longer than the lease: the runner is gone
    assert run_job(database, job_id, policy) == "succeeded"  # the next delivery re-claims it
    with database.session() as db:
        job = db.get(Job, job_id)
        assert job.attempts == 2 and job.lease_until_ms is None and job.finished_ms
    assert [line.split()[0] for line in _lines(log)] == ["start", "done"]


def test_after_a_restart_the_recovery_sweep_reruns_a_job_left_running(settings, tenant, tmp_dir):
    """In-process jobs: the server that ran the job died; the next server's sweep re-claims it."""
    log, _release, payload = _files(tmp_dir)
    restarted = create_app(settings.model_copy(update={"job_lease_seconds": 0.5}), run_migrations=False)
    database = restarted.state.database
    expired = _orphaned_row(database, tenant.id, payload)
    live = _orphaned_row(database, tenant.id, {**payload, "log": str(log) + ".live"}, lease_until=now_ms() + 1500)
    try:
        restarted.state.jobs.recover()
        job = _wait(database, expired)
        assert job.status == "succeeded" and job.attempts == 2
        assert [line.split()[0] for line in _lines(log)] == ["start", "done"]
        # The other row's lease was still running at start: the periodic sweep takes it once it expires.
        job = _wait(database, live, timeout=20)
        assert job.status == "succeeded" and job.attempts == 2
    finally:
        restarted.state.jobs.close()
        database.dispose()


def test_a_job_whose_runner_keeps_dying_fails_with_the_reason(app, tenant, tmp_dir):
    database = app.state.database
    log, _release, payload = _files(tmp_dir)
    policy = JobPolicy(lease_ms=1000, max_attempts=3)
    job_id = _orphaned_row(database, tenant.id, payload, attempts=3)
    assert job_id not in reclaim_expired(database, policy)
    with database.session() as db:
        job = db.get(Job, job_id)
        assert job.status == "failed" and job.finished_ms
        assert "started 3 time(s)" in job.error and "LeaseExpired" in job.error
    assert run_job(database, job_id, policy) == "failed"  # a late redelivery does not revive it
    assert _lines(log) == []


def test_a_job_longer_than_its_lease_keeps_it_by_heartbeat(app, tenant, tmp_dir):
    database = app.state.database
    log, _release, payload = _files(tmp_dir)
    dispatcher = InProcessDispatcher(database, 2, JobPolicy(lease_ms=300, max_attempts=3))
    dispatcher.sweeper.start()
    try:
        with database.session(tenant.id) as db:
            job_id = enqueue(db, KIND, {**payload, "extra": 1.2}).id
        dispatcher.dispatch(job_id)
        job = _wait(database, job_id)
    finally:
        dispatcher.close()
    assert job.status == "succeeded" and job.attempts == 1
    assert [line.split()[0] for line in _lines(log)] == ["start", "done"]


def test_killed_worker_job_is_reclaimed_by_another_worker_and_finishes_once(settings, tenant, tmp_dir):
    """Scale-out for real: `openwfo worker` is killed with SIGKILL mid-job; a second worker takes the
    job over once its lease expires, and the job completes exactly once."""
    queue = f"openwfo-test-{uuid.uuid4().hex[:8]}"
    scaled = settings.model_copy(update={"jobs_backend": "dramatiq", "redis_url": REDIS_URL, "jobs_queue": queue})
    api = create_app(scaled, run_migrations=False)
    env = {**os.environ, "OPENWFO_DATABASE_URL": settings.resolved_database_url(), "OPENWFO_REDIS_URL": REDIS_URL,
           "OPENWFO_JOBS_QUEUE": queue, "OPENWFO_DATA_DIR": str(settings.data_dir),
           "OPENWFO_JOB_LEASE_SECONDS": "3"}  # room for heartbeats on a loaded machine
    log, release, payload = _files(tmp_dir, released=False)
    outputs = [open(tmp_dir / f"worker{i}.out", "wb") for i in (1, 2)]  # noqa: SIM115 - closed below
    first = subprocess.Popen(worker_command(), env=env, stdout=outputs[0], stderr=subprocess.STDOUT)
    second = None
    try:
        with api.state.database.session(tenant.id) as db:
            job_id = enqueue(db, KIND, payload).id
        deadline = time.time() + 60
        while not _lines(log) and time.time() < deadline:
            time.sleep(0.05)
        assert _lines(log) == [f"start {first.pid} {job_id}"], (tmp_dir / "worker1.out").read_text()[-3000:]
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        with api.state.database.session() as db:
            assert db.get(Job, job_id).status == "running"  # what a dead worker leaves behind
        release.touch()
        second = subprocess.Popen(worker_command(), env=env, stdout=outputs[1], stderr=subprocess.STDOUT)
        job = _wait(api.state.database, job_id, timeout=60)
        assert job.status == "succeeded", (job.error, (tmp_dir / "worker2.out").read_text()[-3000:])
        assert job.attempts == 2 and job.result == {"pid": second.pid}
        time.sleep(3.5)  # a further sweep or redelivery must not run it again
        assert _lines(log) == [f"start {first.pid} {job_id}", f"start {second.pid} {job_id}",
                               f"done {second.pid} {job_id}"]
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=30)
        for out in outputs:
            out.close()
        api.state.jobs.close()
