"""Retention enforced (a periodic sweep), legal hold, GDPR erasure, and the purge audit."""

from __future__ import annotations

import time

from sqlalchemy import func, select, update

from openwfo.jobs.service import enqueue
from openwfo.kit.clock import now_ms
from openwfo.models import (
    Contact,
    ContactEvent,
    ContactExport,
    ContactMedia,
    ContactMetadata,
    Job,
    RecordingWorkflow,
    RetentionAudit,
)
from openwfo.recording.retention.service import JOB_KIND
from openwfo.storage import storage_for

from .media import post_json_contacts, wav_bytes

DAY = 24 * 3600 * 1000
BASE = "/api/rest/recording/contact"


def _import(client, tenant, days_ago: float, call_id: str) -> int:
    start = now_ms() - int(days_ago * DAY)
    r = post_json_contacts(client, [{"AgentId": str(tenant.admin_id), "ContactStartTimeMs": start, "CallId": call_id,
                                     "CustomMetadata": {"account": call_id}, "Audio": [{"Location": f"{call_id}.wav"}]}],
                           {f"{call_id}.wav": wav_bytes(5, silent=((1.0, 4.5),))})
    contact = r.json()["contacts"][0]
    assert r.status_code == 200 and contact["status"] == "SUCCESS", r.text
    return contact["contactId"]


def _keys(app, tenant, contact_id) -> list[str]:
    with app.state.database.session(tenant.id) as db:
        return list(db.scalars(select(ContactMedia.storage_key).where(ContactMedia.contact_id == contact_id)))


def _count(app, model, contact_id) -> int:
    with app.state.database.session() as db:
        return db.scalar(select(func.count()).select_from(model).where(model.contact_id == contact_id))


def _search_ids(client, **params) -> set[int]:
    r = client.get(BASE, params={"beginDate": "2000-01-01", "limit": 1000, **params})
    assert r.status_code == 200, r.text
    return {c["id"] for c in r.json()}


def _gone(app, tenant, client, contact_id, keys) -> None:
    """Nothing of the contact is left anywhere: rows, files, reads, search."""
    storage = storage_for(app.state.database, app.state.settings)
    assert keys and not any(storage.exists(k) for k in keys)
    for model in (Contact, ContactMedia, ContactMetadata, ContactEvent, ContactExport):
        column = model.id if model is Contact else model.contact_id
        with app.state.database.session() as db:
            assert db.scalar(select(func.count()).select_from(model).where(column == contact_id)) == 0, model
    assert client.get(f"{BASE}/{contact_id}").status_code == 404
    assert contact_id not in _search_ids(client)
    assert contact_id not in _search_ids(client, metadata=f"account~equals~c{contact_id}")


def _sweep(app) -> Job:
    with app.state.database.session() as db:
        job_id = enqueue(db, JOB_KIND, {}, tenant_id=None).id
    deadline = time.time() + 30
    while time.time() < deadline:
        with app.state.database.session() as db:
            job = db.get(Job, job_id)
            if job.status in ("succeeded", "failed"):
                return job
        time.sleep(0.05)
    raise AssertionError("the retention sweep did not finish")


def test_the_retention_sweep_purges_expired_contacts_except_legal_holds(app, admin_client, tenant):
    # Default workflows: quality 365 days, archive 730 days; a quality contact is filed under both,
    # so it is kept for the longer, 730 days.
    expired = _import(admin_client, tenant, 800, "old")
    held = _import(admin_client, tenant, 800, "held")
    kept = _import(admin_client, tenant, 400, "recent")
    expired_keys = _keys(app, tenant, expired)
    assert _count(app, ContactEvent, expired) >= 1 and _count(app, ContactMetadata, expired) == 1
    r = admin_client.put(f"{BASE}/{held}/legalhold", json={"legalHold": True})
    assert r.status_code == 200 and r.json() == {"contactId": held, "legalHold": True}

    job = _sweep(app)
    assert job.status == "succeeded", job.error
    assert {"tenantId": tenant.id, "contactId": expired} in job.result["contacts"]
    assert job.result["mediaDeleted"] >= 1
    _gone(app, tenant, admin_client, expired, expired_keys)
    assert {held, kept} <= _search_ids(admin_client)
    assert all(storage_for(app.state.database).exists(k) for k in _keys(app, tenant, held))

    audit = admin_client.get("/api/rest/recording/retention/audit").json()
    row = next(a for a in audit if a["contactId"] == expired)
    with app.state.database.session(tenant.id) as db:
        archive = db.scalar(select(RecordingWorkflow.id).where(RecordingWorkflow.kind == "archive"))
    assert row["action"] == "retention" and row["callId"] == "old" and row["agentId"] == tenant.admin_id
    assert row["workflowId"] == archive and row["retentionDays"] == 730 and row["mediaDeleted"] == 1
    assert row["jobId"] == job.id and row["purgedTime"] >= job.started_ms and row["requestedBy"] is None

    # A shorter retention (archive 100 days) makes the 400-day-old contact expire at the next run;
    # the hold still keeps its contact until it is cleared.
    with app.state.database.session(tenant.id) as db:
        db.execute(update(RecordingWorkflow).where(RecordingWorkflow.kind == "archive").values(retention_days=100))
    assert _sweep(app).status == "succeeded"
    assert kept not in _search_ids(admin_client) and held in _search_ids(admin_client)
    assert admin_client.put(f"{BASE}/{held}/legalhold", json={"legalHold": False}).json()["legalHold"] is False
    assert _sweep(app).status == "succeeded"
    assert held not in _search_ids(admin_client)


def test_a_workflow_without_retention_keeps_its_contacts(app, admin_client, tenant):
    old = _import(admin_client, tenant, 5000, "ancient")
    with app.state.database.session(tenant.id) as db:
        db.execute(update(RecordingWorkflow).where(RecordingWorkflow.kind == "archive").values(retention_days=None))
    assert _sweep(app).status == "succeeded"
    assert old in _search_ids(admin_client)


def test_legal_hold_read_write_and_validation(app, admin_client, tenant, login_with, factory):
    cid = _import(admin_client, tenant, 1, "hold-me")
    assert admin_client.get(f"{BASE}/{cid}/legalhold").json() == {"contactId": cid, "legalHold": False}
    for bad in ({"legalHold": "yes"}, {}, {"legalHold": None}, [True]):
        r = admin_client.put(f"{BASE}/{cid}/legalhold", json=bad)
        assert r.status_code == 400 and "requestId" in r.json(), bad
    assert admin_client.put(f"{BASE}/999999999/legalhold", json={"legalHold": True}).status_code == 404
    searcher = login_with("Search Contacts")
    assert searcher.get(f"{BASE}/{cid}/legalhold").status_code == 200
    assert searcher.put(f"{BASE}/{cid}/legalhold", json={"legalHold": True}).status_code == 403
    assert searcher.delete(f"{BASE}/{cid}").status_code == 403
    assert searcher.get("/api/rest/recording/retention/audit").status_code == 403
    # Another tenant's administrator does not see the contact at all.
    other = factory.tenant()
    c = admin_client.__class__(app)
    factory.login(c, other.admin_email, tenant_id=other.id)
    assert c.get(f"{BASE}/{cid}/legalhold").status_code == 404
    assert c.put(f"{BASE}/{cid}/legalhold", json={"legalHold": True}).status_code == 404
    assert c.delete(f"{BASE}/{cid}").status_code == 404
    assert admin_client.get(f"{BASE}/{cid}/legalhold").json()["legalHold"] is False


def test_gdpr_erasure_removes_everything_of_the_contact(app, admin_client, tenant):
    cid = _import(admin_client, tenant, 1, "erase-me")
    other = _import(admin_client, tenant, 1, "stays")
    storage = storage_for(app.state.database, app.state.settings)
    export_key = f"t{tenant.id}/exports/{cid}/c{cid}.wav"
    storage.put_bytes(export_key, b"RIFF-export")
    with app.state.database.session(tenant.id) as db:
        db.add(ContactExport(contact_id=cid, format="WAV", status="ready", storage_key=export_key, size_bytes=11,
                             created_ms=now_ms(), finished_ms=now_ms()))
    keys = _keys(app, tenant, cid) + [export_key]
    assert _count(app, ContactEvent, cid) >= 1

    admin_client.put(f"{BASE}/{cid}/legalhold", json={"legalHold": True})
    r = admin_client.delete(f"{BASE}/{cid}")
    assert r.status_code == 409 and "legal hold" in r.json()["errorMessage"]
    assert cid in _search_ids(admin_client) and all(storage.exists(k) for k in keys)
    admin_client.put(f"{BASE}/{cid}/legalhold", json={"legalHold": False})

    r = admin_client.delete(f"{BASE}/{cid}")
    assert r.status_code == 200, r.text
    assert r.json() == {"contactId": cid, "erased": True, "mediaDeleted": 1, "exportsDeleted": 1}
    _gone(app, tenant, admin_client, cid, keys)
    assert admin_client.get(f"{BASE}/{cid}/legalhold").status_code == 404
    assert admin_client.get(f"{BASE}/{cid}/metadata").status_code == 404
    assert admin_client.delete(f"{BASE}/{cid}").status_code == 404
    assert other in _search_ids(admin_client) and _keys(app, tenant, other)
    audit = admin_client.get("/api/rest/recording/retention/audit", params={"action": "erasure"}).json()
    assert [a for a in audit if a["contactId"] == cid][0]["requestedBy"] == tenant.admin_id
    assert admin_client.get("/api/rest/recording/retention/audit", params={"contactId": cid}).json()[0]["action"] \
        == "erasure"
    with app.state.database.session(tenant.id) as db:
        assert db.scalar(select(func.count()).select_from(RetentionAudit)
                         .where(RetentionAudit.contact_id == cid)) == 1
