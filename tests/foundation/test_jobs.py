"""Background jobs: durable rows in the caller's transaction, run in-process or by `openwfo worker`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
from sqlalchemy import select

from openwfo.app import create_app
from openwfo.jobs.registry import job_handler
from openwfo.jobs.runner import run_job
from openwfo.jobs.service import enqueue
from openwfo.models import AuthSession, Job

from ..conftest import REDIS_URL

RUNS: list[int] = []


@job_handler("test.count")
def _count(ctx, payload):
    ctx.progress(50)
    with ctx.session() as db:
        n = len(list(db.scalars(select(AuthSession.id))))
    RUNS.append(ctx.job_id)
    return {"sessions": n, "echo": payload.get("echo")}


@job_handler("test.fail")
def _fail(ctx, payload):
    raise ValueError("the disk is full")


def _wait(database, job_id, timeout=90.0) -> Job:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with database.session() as db:
            job = db.get(Job, job_id)
            if job.status in ("succeeded", "failed"):
                return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_job_runs_in_process_after_commit(app, tenant):
    db_ = app.state.database
    with db_.session(tenant.id) as db:
        job_id = enqueue(db, "test.count", {"echo": "hi"}).id
    job = _wait(db_, job_id)
    assert job.status == "succeeded" and job.progress == 100
    assert job.result["echo"] == "hi" and job.tenant_id == tenant.id
    assert job.started_ms and job.finished_ms >= job.started_ms


def test_job_is_not_created_or_run_when_the_transaction_rolls_back(app, tenant):
    db_ = app.state.database
    with pytest.raises(RuntimeError):
        with db_.session(tenant.id) as db:
            job_id = enqueue(db, "test.count", {}).id
            raise RuntimeError("the request failed")
    time.sleep(0.2)
    with db_.session() as db:
        assert db.get(Job, job_id) is None
    assert job_id not in RUNS


def test_failed_job_records_its_error(app, tenant):
    with app.state.database.session(tenant.id) as db:
        job_id = enqueue(db, "test.fail", {}).id
    job = _wait(app.state.database, job_id)
    assert job.status == "failed" and "the disk is full" in job.error


def test_a_job_runs_once_even_if_dispatched_twice(app, tenant):
    db_ = app.state.database
    with db_.session(tenant.id) as db:
        job_id = enqueue(db, "test.count", {}).id
    _wait(db_, job_id)
    assert run_job(db_, job_id) == "succeeded"  # already done: not run again
    assert RUNS.count(job_id) == 1


def test_jobs_api_reports_status(admin_client, app, tenant, factory):
    with app.state.database.session(tenant.id) as db:
        job_id = enqueue(db, "system.housekeeping", {}, requested_by=tenant.admin_id).id
    _wait(app.state.database, job_id)
    r = admin_client.get(f"/api/rest/jobs/{job_id}")
    assert r.status_code == 200
    assert r.json()["status"] == "succeeded" and r.json()["kind"] == "system.housekeeping"
    assert "expiredSessions" in r.json()["result"]
    assert any(j["id"] == job_id for j in admin_client.get("/api/rest/jobs").json())
    other = factory.tenant()
    c = admin_client.__class__(app)
    factory.login(c, other.admin_email, tenant_id=other.id)
    assert c.get(f"/api/rest/jobs/{job_id}").status_code == 404


def test_queued_jobs_left_by_a_stopped_server_run_at_the_next_start(settings, tenant):
    """Durability: a job row committed while no runner was alive runs when a server starts."""
    from openwfo.db import Database

    database = Database(settings)
    with database.session(tenant.id) as db:
        job = Job(kind="test.count", payload={"echo": "later"}, status="queued", progress=0,
                  created_ms=int(time.time() * 1000))
        db.add(job)
        db.flush()
        job_id = job.id
    app2 = create_app(settings, run_migrations=False)
    app2.state.jobs.recover()
    try:
        assert _wait(app2.state.database, job_id).result["echo"] == "later"
    finally:
        app2.state.jobs.close()
        database.dispose()


def test_job_runs_through_dramatiq_in_openwfo_worker(settings, tenant):
    """Scale-out: the API process sends the job to Redis; a separate `openwfo worker` process runs it."""
    queue = f"openwfo-test-{uuid.uuid4().hex[:8]}"
    scaled = settings.model_copy(update={"jobs_backend": "dramatiq", "redis_url": REDIS_URL, "jobs_queue": queue})
    api = create_app(scaled, run_migrations=False)
    env = {**os.environ, "OPENWFO_DATABASE_URL": settings.resolved_database_url(), "OPENWFO_REDIS_URL": REDIS_URL,
           "OPENWFO_JOBS_QUEUE": queue, "OPENWFO_DATA_DIR": str(settings.data_dir)}
    worker = subprocess.Popen([sys.executable, "-m", "openwfo", "worker", "--threads", "1"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with api.state.database.session(tenant.id) as db:
            job_id = enqueue(db, "system.housekeeping", {"sessionTimeoutMinutes": 120}).id
        job = _wait(api.state.database, job_id, timeout=60)
        assert job.status == "succeeded", job.error
        assert set(job.result) == {"expiredSessions", "loginFailureRows", "oldJobs"}
    finally:
        worker.terminate()
        out = worker.communicate(timeout=30)[0].decode()
        api.state.jobs.close()
    assert "OpenWFO worker running" in out
