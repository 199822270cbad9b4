"""Purging contacts: the retention sweep (expired contacts of every tenant, legal hold excepted),
GDPR erasure of one contact, legal hold, and the audit trail.

A purged contact's rows are DELETED, not marked: its metadata, events, media and exports rows
go with it (ON DELETE CASCADE), so search and every other read simply no longer find it. Its
stored files (recordings, exports) are deleted once the deletion commits. One `qm_retention_audit`
row per contact keeps what was purged, when, why and by whom.

Expiry: a contact is kept for the longest retention of the workflows it is filed under (quality
and archive); a workflow without retention days keeps it forever, and so does a contact filed
under no workflow. A contact on legal hold is never purged, by retention or by erasure.
"""

from __future__ import annotations

import logging

from sqlalchemy import BigInteger, and_, cast, delete, insert, or_, select
from sqlalchemy.orm import Session, aliased

from ...auth.principal import Principal
from ...errors import Conflict
from ...jobs.registry import JobContext, job_handler
from ...kit.clock import now_ms
from ...models import Base, Contact, RecordingWorkflow, RetentionAudit
from ...storage import Storage, storage_for
from ...storage.pending import delete_after_commit
from ...system.maintenance import periodic
from ..contacts.access import get_visible_contact

log = logging.getLogger("openwfo.recording.retention")
JOB_KIND = "recording.retention_sweep"
DAY_MS = 24 * 3600 * 1000
BATCH = 500
MAX_BATCHES = 200  # a run purges at most 100,000 contacts; the next run goes on
REPORTED = 200


def _file_columns():
    """(contact_id, storage_key) of every table holding a contact's files (media, exports, ...)."""
    return [(t.c.contact_id, t.c.storage_key) for t in Base.metadata.sorted_tables
            if "contact_id" in t.c and "storage_key" in t.c]


def _files_of(db: Session, contact_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = {cid: {} for cid in contact_ids}
    for contact_col, key_col in _file_columns():
        for cid, key in db.execute(select(contact_col, key_col).where(contact_col.in_(contact_ids),
                                                                      key_col.isnot(None))):
            out[cid].setdefault(key_col.table.name, []).append(key)
    return out


def purge(db: Session, storage: Storage, contacts: list[dict], action: str, *, requested_by: int | None = None,
          job_id: int | None = None) -> list[dict]:
    """Delete the given contacts (rows now, files after commit) and audit each one. `contacts` are
    dicts with id, tenant_id, call_id, person_id, start_ms and optionally workflow_id/retention_days."""
    if not contacts:
        return []
    ids = [c["id"] for c in contacts]
    files = _files_of(db, ids)
    now = now_ms()
    audit = [{"tenant_id": c["tenant_id"], "action": action, "contact_id": c["id"], "call_id": c["call_id"],
              "person_id": c["person_id"], "start_ms": c["start_ms"], "workflow_id": c.get("workflow_id"),
              "retention_days": c.get("retention_days"),
              "media_count": len(files[c["id"]].get("qm_contact_media", ())),
              "export_count": len(files[c["id"]].get("qm_contact_export", ())),
              "requested_by": requested_by, "job_id": job_id, "purged_ms": now} for c in contacts]
    db.execute(insert(RetentionAudit), audit)
    db.execute(delete(Contact).where(Contact.id.in_(ids)), execution_options={"synchronize_session": False})
    delete_after_commit(db, storage, [k for per in files.values() for keys in per.values() for k in keys])
    return audit


# ------------------------------------------------------------------ the retention sweep

def _expired(wf, column, now: int):
    """The contact is past this workflow's retention (or is not filed under it)."""
    return or_(column.is_(None), and_(wf.retention_days.isnot(None),
                                      Contact.start_ms < now - cast(wf.retention_days, BigInteger) * DAY_MS))


def expired_contacts(db: Session, now: int, limit: int = BATCH) -> list[dict]:
    quality, archive = aliased(RecordingWorkflow), aliased(RecordingWorkflow)
    rows = db.execute(
        select(Contact.id, Contact.tenant_id, Contact.call_id, Contact.person_id, Contact.start_ms,
               Contact.quality_workflow_id, quality.retention_days, Contact.archive_workflow_id, archive.retention_days)
        .outerjoin(quality, quality.id == Contact.quality_workflow_id)
        .outerjoin(archive, archive.id == Contact.archive_workflow_id)
        .where(Contact.legal_hold.is_(False),
               or_(Contact.quality_workflow_id.isnot(None), Contact.archive_workflow_id.isnot(None)),
               _expired(quality, Contact.quality_workflow_id, now), _expired(archive, Contact.archive_workflow_id, now))
        .order_by(Contact.id).limit(limit)
    ).all()
    out = []
    for cid, tenant_id, call_id, person_id, start_ms, qwf, qdays, awf, adays in rows:
        # The workflow that kept it longest is the one whose retention ended it.
        wf, days = max(((w, d) for w, d in ((qwf, qdays), (awf, adays)) if w is not None), key=lambda p: p[1])
        out.append({"id": cid, "tenant_id": tenant_id, "call_id": call_id, "person_id": person_id,
                    "start_ms": start_ms, "workflow_id": wf, "retention_days": days})
    return out


def sweep_retention(database, storage: Storage, job_id: int | None = None, now: int | None = None) -> dict:
    """Purge every tenant's expired contacts, a batch per transaction; answers what was purged."""
    now = now_ms() if now is None else now
    purged: list[dict] = []
    for _ in range(MAX_BATCHES):
        with database.session() as db:
            batch = expired_contacts(db, now)
            purged += purge(db, storage, batch, "retention", job_id=job_id)
        if len(batch) < BATCH:
            break
    for row in purged:
        log.info("retention: purged contact %s of tenant %s (workflow %s, %s days)", row["contact_id"],
                 row["tenant_id"], row["workflow_id"], row["retention_days"])
    return {"purgedCount": len(purged), "mediaDeleted": sum(r["media_count"] for r in purged),
            "exportsDeleted": sum(r["export_count"] for r in purged),
            "contacts": [{"tenantId": r["tenant_id"], "contactId": r["contact_id"]} for r in purged[:REPORTED]]}


@job_handler(JOB_KIND)
def retention_sweep(ctx: JobContext, payload: dict) -> dict:
    """Enforce the recording workflows' retention days across every tenant."""
    return sweep_retention(ctx.database, storage_for(ctx.database), ctx.job_id)


periodic("retention", JOB_KIND, lambda settings: {})


# ------------------------------------------------------------------ one contact

def legal_hold(db: Session, principal: Principal, contact_id: int) -> dict:
    contact = get_visible_contact(db, principal, contact_id)
    return {"contactId": contact.id, "legalHold": bool(contact.legal_hold)}


def set_legal_hold(db: Session, principal: Principal, contact_id: int, hold: bool) -> dict:
    contact = get_visible_contact(db, principal, contact_id)
    contact.legal_hold = hold
    contact.updated_ms = now_ms()
    db.flush()
    return {"contactId": contact.id, "legalHold": hold}


def erase_contact(db: Session, principal: Principal, contact_id: int, storage: Storage) -> dict:
    """GDPR erasure: the contact, its metadata, events, media and exports are deleted, files included."""
    contact = get_visible_contact(db, principal, contact_id)
    if contact.legal_hold:
        raise Conflict(f"Contact {contact_id} is under legal hold; clear the hold before erasing it",
                       errors=[{"field": "legalHold", "reason": "the contact is under legal hold"}])
    row = {"id": contact.id, "tenant_id": contact.tenant_id, "call_id": contact.call_id,
           "person_id": contact.person_id, "start_ms": contact.start_ms}
    db.expunge(contact)
    audit = purge(db, storage, [row], "erasure", requested_by=principal.person_id)[0]
    return {"contactId": contact_id, "erased": True, "mediaDeleted": audit["media_count"],
            "exportsDeleted": audit["export_count"]}


def list_audit(db: Session, limit: int, offset: int, action: str | None, contact_id: int | None) -> list[dict]:
    q = select(RetentionAudit)
    if action:
        q = q.where(RetentionAudit.action == action)
    if contact_id is not None:
        q = q.where(RetentionAudit.contact_id == contact_id)
    rows = db.scalars(q.order_by(RetentionAudit.id.desc()).offset(offset).limit(limit))
    return [{"id": r.id, "action": r.action, "contactId": r.contact_id, "callId": r.call_id, "agentId": r.person_id,
             "startTime": r.start_ms, "workflowId": r.workflow_id, "retentionDays": r.retention_days,
             "mediaDeleted": r.media_count, "exportsDeleted": r.export_count, "requestedBy": r.requested_by,
             "jobId": r.job_id, "purgedTime": r.purged_ms} for r in rows]
