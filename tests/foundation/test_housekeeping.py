"""Housekeeping is scheduled: the server's start-up hook runs periodic maintenance once per
deployment (however many processes share the store), and each kind of row is kept as configured."""

from __future__ import annotations

import threading
import time
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from openwfo.app import create_app
from openwfo.jobs.builtin import housekeeping_payload
from openwfo.jobs.service import enqueue
from openwfo.kit.clock import clock, now_ms
from openwfo.models import AuthSession, Job, LoginFailure, ScheduledTask
from openwfo.system.maintenance import run_due

HOUR = 3600 * 1000
DAY = 24 * HOUR


def _wait(database, job_id, timeout=30.0) -> Job:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with database.session() as db:
            job = db.get(Job, job_id)
            if job is not None and job.status in ("succeeded", "failed"):
                return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def _rows(database, tenant):
    """Expired and live sessions, old and fresh login-failure rows, old and recent finished jobs."""
    now = now_ms()
    tag = uuid.uuid4().hex[:10]
    with database.session() as db:
        sessions = {
            "expired long ago": AuthSession(id=f"old-{tag}", tenant_id=tenant.id, person_id=tenant.admin_id,
                                            created_ms=now - 3 * DAY, last_seen_ms=now - 3 * DAY, payload={}),
            "expired an hour ago": AuthSession(id=f"hour-{tag}", tenant_id=tenant.id, person_id=tenant.admin_id,
                                               created_ms=now - 4 * HOUR, last_seen_ms=now - 3 * HOUR, payload={}),
            "live": AuthSession(id=f"live-{tag}", tenant_id=tenant.id, person_id=tenant.admin_id,
                                created_ms=now, last_seen_ms=now - 60_000, payload={}),
        }
        failures = {
            "old": LoginFailure(key=f"login:old-{tag}", count=3, window_start_ms=now - 2 * DAY),
            "recent": LoginFailure(key=f"login:recent-{tag}", count=3, window_start_ms=now - 2 * HOUR),
            "locked": LoginFailure(key=f"login:locked-{tag}", count=10, window_start_ms=now - 2 * DAY,
                                   locked_until_ms=now + HOUR),
        }
        jobs = {
            "old": Job(kind="test.none", payload={}, status="succeeded", created_ms=now - 40 * DAY,
                       finished_ms=now - 40 * DAY),
            "recent": Job(kind="test.none", payload={}, status="failed", created_ms=now - 2 * DAY,
                          finished_ms=now - 2 * DAY),
            "queued": Job(kind="test.none", payload={}, status="queued", created_ms=now - 40 * DAY),
        }
        db.add_all([*sessions.values(), *failures.values(), *jobs.values()])
        db.flush()
        ids = ({k: s.id for k, s in sessions.items()}, {k: f.key for k, f in failures.items()},
               {k: j.id for k, j in jobs.items()})
    return ids


def _left(database, ids):
    sessions, failures, jobs = ids
    with database.session() as db:
        return ({k for k, v in sessions.items() if db.get(AuthSession, v)},
                {k for k, v in failures.items() if db.get(LoginFailure, v)},
                {k for k, v in jobs.items() if db.get(Job, v)})


def _housekeep(app, tenant, settings):
    database = app.state.database
    with database.session() as db:
        job_id = enqueue(db, "system.housekeeping", housekeeping_payload(settings), tenant_id=None).id
    return _wait(database, job_id)


def test_housekeeping_deletes_each_kind_of_row_after_its_keep_time(app, tenant, settings):
    ids = _rows(app.state.database, tenant)
    job = _housekeep(app, tenant, settings)  # defaults: sessions at expiry, failures 24 h, jobs 30 days
    assert job.status == "succeeded", job.error
    assert job.result["expiredSessions"] >= 2 and job.result["loginFailureRows"] >= 1 and job.result["oldJobs"] >= 1
    assert _left(app.state.database, ids) == ({"live"}, {"recent", "locked"}, {"recent", "queued"})


def test_keep_settings_are_honoured(app, tenant, settings):
    ids = _rows(app.state.database, tenant)
    keep = settings.model_copy(update={"session_rows_keep_hours": 24, "login_failure_rows_keep_hours": 72,
                                       "finished_jobs_keep_days": 1})
    assert _housekeep(app, tenant, keep).status == "succeeded"
    # Sessions: kept a day after expiry; failures: three days; finished jobs: one day.
    assert _left(app.state.database, ids) == ({"live", "expired an hour ago"}, {"old", "recent", "locked"},
                                              {"queued"})


def test_several_processes_schedule_each_task_once(app, settings):
    """Two server processes sharing the store: when a task is due, exactly one of them starts it."""
    often = settings.model_copy(update={"maintenance_minutes": 10})
    other = create_app(often, run_migrations=False)
    try:
        with app.state.database.session() as db:
            db.execute(update(ScheduledTask).where(ScheduledTask.name == "housekeeping").values(next_run_ms=0))
        clock.freeze()
        results, barrier = [], threading.Barrier(4)

        def tick(database):
            barrier.wait()
            results.append(run_due(database, often, names=("housekeeping",)))

        threads = [threading.Thread(target=tick, args=(d,))
                   for d in (app.state.database, other.state.database) * 2]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        started = [r["housekeeping"] for r in results if r]
        assert len(started) == 1
        assert _wait(app.state.database, started[0]).status == "succeeded"
        # Not again within the interval, by anyone; again once it has passed.
        clock.advance(minutes=9)
        assert run_due(app.state.database, often, names=("housekeeping",)) == {}
        assert run_due(other.state.database, often, names=("housekeeping",)) == {}
        clock.advance(minutes=2)
        again = run_due(other.state.database, often, names=("housekeeping",))
        assert set(again) == {"housekeeping"} and again["housekeeping"] != started[0]
        _wait(app.state.database, again["housekeeping"])
        with app.state.database.session() as db:
            row = db.get(ScheduledTask, "housekeeping")
            assert row.last_job_id == again["housekeeping"] and row.next_run_ms == now_ms() + 10 * 60_000
    finally:
        clock.reset()
        other.state.jobs.close()
        other.state.database.dispose()


def test_the_server_start_schedules_housekeeping(settings, tenant):
    """The start-up hook: a served app runs housekeeping by itself (no request asks for it)."""
    served = create_app(settings.model_copy(update={"maintenance_minutes": 0.01}), run_migrations=False)
    database = served.state.database
    with database.session() as db:
        db.execute(update(ScheduledTask).values(next_run_ms=0))
        before = db.scalar(select(Job.id).order_by(Job.id.desc()).limit(1)) or 0
    try:
        with TestClient(served):
            deadline, kinds = time.time() + 30, set()
            while time.time() < deadline and not {"system.housekeeping", "storage.orphan_sweep",
                                                   "recording.retention_sweep"} <= kinds:
                with database.session() as db:
                    kinds = set(db.scalars(select(Job.kind).where(Job.id > before, Job.tenant_id.is_(None),
                                                                  Job.status == "succeeded")))
                time.sleep(0.1)
        assert {"system.housekeeping", "storage.orphan_sweep", "recording.retention_sweep"} <= kinds
    finally:
        database.dispose()


def test_maintenance_off_schedules_nothing(app, settings):
    with app.state.database.session() as db:
        db.execute(update(ScheduledTask).values(next_run_ms=0))
        before = db.scalar(select(Job.id).order_by(Job.id.desc()).limit(1)) or 0
    assert run_due(app.state.database, settings.model_copy(update={"maintenance_minutes": 0})) == {}
    with app.state.database.session() as db:
        assert db.scalar(select(Job.id).where(Job.id > before, Job.tenant_id.is_(None)).limit(1)) is None
