"""Single contact export: POST starts encoding (a background job), GET hands over the file.

A ready export is kept for 24 hours; after that GET says it has expired and a new POST encodes
it again. The job is idempotent: a retried job finds a ready export and stops.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, NotFound
from ...jobs.registry import JobContext, job_handler
from ...jobs.service import enqueue
from ...kit import lifecycle
from ...kit.clock import now_ms
from ...models import ContactExport, ContactMedia
from ...storage import Storage, StorageError, storage_for
from ..contacts.access import get_visible_contact
from ..media.redaction import pause_spans
from . import repository as repo
from .transcode import AUDIO_ONLY, FORMATS, ExportError, Source, transcode

log = logging.getLogger("openwfo.recording.export")
JOB_KIND = "recording.contact_export"
KEEP_MS = 24 * 3600 * 1000
MISSING_CONTACT = "Requested contact does not exist!"
SWEEP_INTERVAL_S = 3600


def check_type(value: str | None) -> str:
    kind = (value or "WEBM").strip().upper()
    if kind not in FORMATS:
        raise BadRequest(f"type must be one of {', '.join(FORMATS)}", errors=[{"field": "type", "reason": "unknown"}])
    return kind


def file_name(contact_id: int, kind: str) -> str:
    return f"c{contact_id}.{FORMATS[kind][3]}"


def purge_expired(db: Session, storage: Storage, now: int | None = None, limit: int = 500) -> int:
    """Delete exports kept past their 24 hours (file and row), and failed ones as old; answers how
    many. Runs on the caller's session: one tenant's, or unbound for the periodic sweep."""
    cutoff = (now if now is not None else now_ms()) - KEEP_MS
    rows = repo.expired(db, cutoff, limit)
    for row in rows:
        if row.storage_key:
            try:
                storage.delete(row.storage_key)
            except (StorageError, OSError) as exc:
                log.warning("could not delete expired export %s: %s", row.storage_key, exc)
                continue
        db.delete(row)
    db.flush()
    return len(rows)


def start_export(db: Session, principal: Principal, contact_id: int, kind: str, storage: Storage | None = None) -> dict:
    if storage is not None:
        purge_expired(db, storage)
    contact = get_visible_contact(db, principal, contact_id, message=MISSING_CONTACT)
    if kind in AUDIO_ONLY and not contact.audio_uploaded:
        raise BadRequest(f"Contact {contact_id} has no audio recording to export as {kind}")
    if not contact.has_recording:
        raise BadRequest(f"Contact {contact_id} has no recording to export")
    row = repo.of_contact(db, contact.id, kind)
    now = now_ms()
    if row is not None:
        if row.status == "encoding" or (row.status == "ready" and (row.finished_ms or 0) + KEEP_MS > now):
            return {"encoding": "true"}
        row.status, row.error, row.finished_ms, row.created_ms = "encoding", None, None, now
        row.requested_by = principal.person_id
    else:
        row = ContactExport(contact_id=contact.id, format=kind, status="encoding", created_ms=now,
                            requested_by=principal.person_id)
        db.add(row)
    db.flush()
    job = enqueue(db, JOB_KIND, {"exportId": row.id}, requested_by=principal.person_id)
    row.job_id = job.id
    return {"encoding": "true"}


def ready_export(db: Session, principal: Principal, contact_id: int, kind: str) -> ContactExport:
    """The finished export, or the reference's "does not exist or may have expired" error."""
    contact = get_visible_contact(db, principal, contact_id, message=MISSING_CONTACT)
    row = repo.of_contact(db, contact.id, kind)
    name = file_name(contact.id, kind)
    if row is not None and row.status == "failed":
        raise BadRequest(f"The export {name} failed: {row.error}; POST again to retry")
    if row is None or row.status != "ready" or (row.finished_ms or 0) + KEEP_MS <= now_ms():
        raise NotFound(f"The following file does not exist or may have expired: {name}")
    return row


def _pick(media: list[ContactMedia], kinds: tuple[str, ...]) -> ContactMedia | None:
    return next((m for m in media if m.kind in kinds), None)


@job_handler(JOB_KIND)
def run_export(ctx: JobContext, payload: dict) -> dict:
    """Decode the contact's recordings and encode the export; store it; mark the row ready."""
    export_id = int(payload["exportId"])
    storage = storage_for(ctx.database)
    with ctx.session() as db:
        row = repo.get(db, export_id)
        if row is None:
            return {"skipped": "export row gone"}
        if row.status == "ready" and row.storage_key and storage.exists(row.storage_key):
            return {"exportId": export_id, "status": "ready"}
        kind, contact_id, tenant_id = row.format, row.contact_id, row.tenant_id
        contact = repo.contact(db, contact_id)
        media = repo.media_of(db, contact_id)
        audio = _pick(media, ("audio", "combined"))
        screen = _pick(media, ("screen", "combined"))
        plan = [(m.storage_key, m.offset_ms, role) for m, role in ((audio, "audio"), (screen, "video")) if m]
        paused = pause_spans(db, contact_id)  # paused audio and screen are never exported
        old_key = row.storage_key
    key = f"t{tenant_id}/exports/{contact_id}/{file_name(contact_id, kind)}"
    try:
        with tempfile.TemporaryDirectory(prefix="openwfo-export-") as tmp:
            sources = {}
            for i, (skey, offset, role) in enumerate(plan):
                local = Path(tmp) / f"in{i}"
                with open(local, "wb") as f:
                    storage.download_to(skey, f)
                sources[role] = Source(local, offset)
            ctx.progress(30)
            out = Path(tmp) / f"out.{FORMATS[kind][3]}"
            transcode(kind, sources.get("audio"), sources.get("video"), out, mute=paused)
            ctx.progress(80)
            with open(out, "rb") as f:
                size = storage.put_file(key, f, FORMATS[kind][4])
    except (ExportError, StorageError, OSError, ValueError, Exception) as exc:
        with ctx.session() as db:
            row = repo.get(db, export_id)
            if row is not None:
                row.status, row.error, row.finished_ms = "failed", f"{exc}"[:2000] or type(exc).__name__, now_ms()
        raise
    with ctx.session() as db:
        row = repo.get(db, export_id)
        if row is None:
            storage.delete(key)
            return {"skipped": "export row gone"}
        row.status, row.storage_key, row.size_bytes, row.finished_ms, row.error = "ready", key, size, now_ms(), None
    if old_key and old_key != key:
        storage.delete(old_key)
    log.info("exported contact %s as %s (%s bytes)", contact_id, kind, size)
    return {"exportId": export_id, "contactId": contact.id if contact else contact_id, "type": kind, "sizeBytes": size}


def _start_sweeper(app):
    """Every hour, remove every tenant's expired exports (system housekeeping, unbound session)."""
    database = app.state.database

    def sweep():
        storage = storage_for(database, app.state.settings)
        with database.session() as db:
            purge_expired(db, storage)

    return lifecycle.every(SWEEP_INTERVAL_S, sweep, "export-sweep")


lifecycle.on_start(_start_sweeper)
