"""The orphaned-media sweep: stored objects no row names (an import that died before its commit),
older than the grace period, are removed on local files and on S3; referenced ones stay."""

from __future__ import annotations

import logging
import time
import uuid

import pytest

from openwfo.jobs.service import enqueue
from openwfo.kit.clock import now_ms
from openwfo.models import Job
from openwfo.storage import bind_storage, storage_for
from openwfo.storage.orphans import JOB_KIND, sweep_orphans

from ..recording.media import post_json_contacts, wav_bytes
from .test_storage import local, s3, s3_endpoint  # noqa: F401 - the backends' fixtures

HOUR = 3_600_000


@pytest.fixture(params=["local", "s3"])
def bound(request, app):
    """The app's store with its media on the chosen backend for this test."""
    storage = request.getfixturevalue(request.param)
    previous = storage_for(app.state.database, app.state.settings)
    bind_storage(app.state.database, storage)
    yield storage
    bind_storage(app.state.database, previous)


def _wait(database, job_id, timeout=30.0) -> Job:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with database.session() as db:
            job = db.get(Job, job_id)
            if job.status in ("succeeded", "failed"):
                return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def _keys(storage) -> set[str]:
    return {k for k, _ in storage.list_objects()}


def _world(app, admin_client, tenant, storage):
    """A committed import (its media referenced), media an import wrote before dying (orphans), and a
    large upload staged for a job that has not run yet."""
    r = post_json_contacts(admin_client, [{"AgentId": str(tenant.admin_id), "ContactStartTimeMs": now_ms() - 60_000,
                                            "Audio": [{"Location": "kept.wav"}]}], {"kept.wav": wav_bytes(1)})
    assert r.status_code == 200 and r.json()["contacts"][0]["recordings"][0]["status"] == "SUCCESS", r.text
    kept = _keys(storage)
    orphans = {f"t{tenant.id}/media/{uuid.uuid4().hex}.wav" for _ in range(3)}
    for key in orphans:
        storage.put_bytes(key, b"RIFF" + b"\0" * 40)
    staged = f"t{tenant.id}/uploads/{uuid.uuid4().hex}/"
    storage.put_bytes(staged + "f000000", b"staged")
    with app.state.database.session(tenant.id) as db:
        job = Job(kind="test.not-run", payload={"storagePrefix": staged}, status="queued", created_ms=now_ms())
        db.add(job)
    return kept, orphans, staged + "f000000"


def test_unreferenced_media_past_the_grace_period_are_removed(app, admin_client, tenant, bound, caplog):
    kept, orphans, staged = _world(app, admin_client, tenant, bound)
    assert kept and orphans <= _keys(bound)
    # Within the grace period nothing goes: an import may still be about to commit its rows.
    assert sweep_orphans(app.state.database, bound, 24 * HOUR)["removedCount"] == 0
    assert orphans <= _keys(bound)
    # A day later the orphans go; referenced media and the staged upload stay.
    with caplog.at_level(logging.INFO, logger="openwfo.storage.orphans"):
        result = sweep_orphans(app.state.database, bound, 24 * HOUR, now=now_ms() + 25 * HOUR)
    assert orphans <= set(result["removed"]) and result["removedCount"] >= 3
    left = _keys(bound)
    assert not orphans & left and kept <= left and staged in left
    assert all(f"orphaned media removed: {k}" in caplog.text for k in orphans)
    # Playback of the kept contact still works.
    contact = admin_client.get("/api/rest/recording/contact", params={"beginDate": "2000-01-01"}).json()[0]
    assert admin_client.get(f"/api/rest/recording/contact/{contact['id']}/recording").status_code == 200


def test_the_sweep_job_reports_what_it_removed(app, admin_client, tenant, bound):
    kept, orphans, staged = _world(app, admin_client, tenant, bound)
    time.sleep(1.1)  # S3 times have second precision: let the objects be older than "now"
    with app.state.database.session() as db:
        job_id = enqueue(db, JOB_KIND, {"graceHours": 0}, tenant_id=None).id
    job = _wait(app.state.database, job_id)
    assert job.status == "succeeded", job.error
    assert orphans <= set(job.result["removed"]) and job.result["graceHours"] == 0
    assert job.result["scanned"] >= len(kept) + len(orphans)
    left = _keys(bound)
    assert kept <= left and staged in left and not orphans & left
