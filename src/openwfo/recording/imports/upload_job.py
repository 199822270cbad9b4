"""Large bulk contact uploads, imported by a background job.

Above `OPENWFO_UPLOAD_JOB_BYTES` the request only checks the metadata documents (a malformed one
is still a 400), stages the spooled files in media storage under `t<tenant>/uploads/<uuid>/` (so
any `openwfo worker` can read them) and answers 202 with the job to watch
(`GET /api/rest/jobs/{id}`; its result is the import report). The job imports the contacts a chunk
per transaction, so the store's write lock is held for one chunk at a time, and records the chunks
done on the job row in the same transaction: a job taken over after its runner died resumes after
the last committed chunk instead of importing those contacts twice. The staged files are deleted
when the job ends (the orphaned-media sweep removes them if it never does).
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...jobs.registry import JobContext, job_handler
from ...jobs.service import enqueue
from ...storage import Storage, StorageError, storage_for
from ...storage.pending import stored_in_transaction
from . import repository as repo
from .files import UploadSet
from .parsing import parse_documents
from .service import ImportContext, import_contacts

log = logging.getLogger("openwfo.recording.import")
JOB_KIND = "recording.contact_upload"
CONTACTS_PER_TRANSACTION = 500
_COUNTS = ("total", "imported", "failed", "excluded")


def status_url(job_id: int) -> str:
    return f"/api/rest/jobs/{job_id}"


def start_upload_job(db: Session, principal: Principal, storage: Storage, uploads: UploadSet) -> dict:
    """Stage the upload's files in storage and enqueue its import; answers where to watch it."""
    prefix = f"t{principal.tenant_id}/uploads/{uuid.uuid4().hex}/"
    metadata, files = [], []
    for i, (name, path) in enumerate(uploads.metadata):
        metadata.append([name, _stage(db, storage, f"{prefix}m{i:06d}", path)])
    for i, (name, path) in enumerate(sorted(uploads.files.items())):
        files.append([name, _stage(db, storage, f"{prefix}f{i:06d}", path)])
    payload = {"storagePrefix": prefix, "metadata": metadata, "files": files, "bytes": uploads.total,
               "principal": {"personId": principal.person_id, "permissionIds": sorted(principal.permission_ids),
                             "scopeAll": principal.scope_all, "scopeGroupIds": sorted(principal.scope_group_ids),
                             "scopeTeamIds": sorted(principal.scope_team_ids)}}
    job = enqueue(db, JOB_KIND, payload, requested_by=principal.person_id)
    return {"status": "QUEUED", "jobId": job.id, "statusUrl": status_url(job.id), "bytes": uploads.total,
            "files": len(files), "documents": len(metadata)}


def _stage(db: Session, storage: Storage, key: str, path: Path) -> str:
    with open(path, "rb") as f:
        storage.put_file(key, f)
    stored_in_transaction(db, storage, key)  # gone again if the request does not commit
    return key


def _principal(tenant_id: int, data: dict) -> Principal:
    return Principal(session_id="", tenant_id=tenant_id, person_id=int(data["personId"]),
                     permission_ids=frozenset(data.get("permissionIds", ())), scope_all=bool(data.get("scopeAll")),
                     scope_group_ids=frozenset(data.get("scopeGroupIds", ())),
                     scope_team_ids=frozenset(data.get("scopeTeamIds", ())))


def _status(imported: int, total: int) -> str:
    return "SUCCESS" if imported == total else ("FAILED" if imported == 0 and total else "PARTIAL")


@job_handler(JOB_KIND)
def import_upload(ctx: JobContext, payload: dict) -> dict:
    """Import a staged bulk contact upload, a chunk of contacts per transaction."""
    storage = storage_for(ctx.database)
    principal = _principal(ctx.tenant_id, payload["principal"])
    with ctx.database.session() as db:
        state = repo.job_result(db, ctx.job_id)  # what an earlier attempt committed
    report = {"contacts": state.get("contacts", []), **{k: state.get(k, 0) for k in _COUNTS}}
    done = int(state.get("chunksDone", 0))
    staged = [key for _, key in payload["metadata"]] + [key for _, key in payload["files"]]
    try:
        with tempfile.TemporaryDirectory(prefix="openwfo-upload-job-") as tmp:
            uploads = UploadSet(Path(tmp))
            for i, (name, key) in enumerate(payload["metadata"]):
                uploads.metadata.append((name, _fetch(storage, key, Path(tmp) / f"m{i:06d}")))
            for i, (name, key) in enumerate(payload["files"]):
                uploads.files[name] = _fetch(storage, key, Path(tmp) / f"f{i:06d}")
            specs, ignored_columns = parse_documents(uploads)
            chunks = [specs[i:i + CONTACTS_PER_TRANSACTION] for i in range(0, len(specs), CONTACTS_PER_TRANSACTION)]
            for n, chunk in enumerate(chunks):
                if n < done:
                    continue
                import_ctx = ImportContext(tenant_id=ctx.tenant_id, storage=storage, source="bulk", principal=principal,
                                           caller_id=principal.person_id)
                with ctx.session() as db:
                    part = import_contacts(db, import_ctx, chunk, uploads.files)
                    report["contacts"] += part["contacts"]
                    for k in _COUNTS:
                        report[k] += part[k]
                    repo.record_job_progress(db, ctx.job_id, {**report, "chunksDone": n + 1, "chunks": len(chunks)},
                                             int(100 * (n + 1) / max(1, len(chunks))))
    except Exception:
        _unstage(storage, staged)  # a failed job is not retried: its staged files go now
        raise
    referenced = {m.name for s in specs for m in s.media}
    _unstage(storage, staged)
    return {"status": _status(report["imported"], report["total"]), **{k: report[k] for k in _COUNTS},
            "contacts": report["contacts"], "ignoredFiles": sorted(set(uploads.files) - referenced),
            "ignoredColumns": ignored_columns}


def _fetch(storage: Storage, key: str, target: Path) -> Path:
    with open(target, "wb") as f:
        storage.download_to(key, f)
    return target


def _unstage(storage: Storage, keys: list[str]) -> None:
    for key in keys:
        try:
            storage.delete(key)
        except (StorageError, OSError) as exc:  # the orphaned-media sweep removes it later
            log.warning("staged upload file %s not deleted: %s", key, exc)
