"""Bulk Contact Import API and the real-time contact import (metadata, then recordings)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest, PayloadTooLarge
from ...kit.wire import MAX_ID, MAX_MS
from ..deps import get_storage
from . import realtime, upload_job
from .files import TempUploads, add_multipart
from .parsing import parse_documents
from .schemas import BulkImportReport, MediaUploadResult, RealtimeImportResult
from .service import ImportContext, import_contacts

router = APIRouter(tags=["recording"])
AdministerTenant = Requires("Administer Tenant")
BulkImport = Requires("Bulk Import")
Recorder = Requires("Record Voice", "Record Screen")


@router.post("/api/upload/contacts", response_model=BulkImportReport, summary="Bulk import contacts and recordings",
             responses={202: {"description": "A large upload: queued as a job; watch statusUrl "
                                             "(GET /api/rest/jobs/{id}, whose result is this report)"}},
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {"schema": {
                 "type": "object", "properties": {"file": {"type": "array", "items": {
                     "type": "string", "format": "binary"}}}}}}}})
async def upload_contacts(request: Request, principal: AdministerTenant, _bulk: BulkImport, db: DbSession):
    """Multipart CSV and/or JSON metadata with WAV/WEBM/WEBMA/WEBMV/SPX/WMV recordings, or ZIPs of them."""
    ctype = request.headers.get("content-type", "").lower()
    storage = get_storage(request)
    with TempUploads() as uploads:
        if ctype.startswith("multipart/form-data"):
            await add_multipart(request, uploads)
        elif ctype.startswith("application/json"):
            uploads.add_text("request.json", (await request.body()).decode("utf-8", errors="replace"))
        else:
            raise BadRequest("Send the contacts as multipart/form-data (CSV/JSON metadata and recordings)")
        if not uploads.metadata:
            raise BadRequest("The upload holds no CSV or JSON contact metadata",
                             errors=[{"field": "file", "reason": "a .csv or .json file is required"}])
        specs, ignored_columns = parse_documents(uploads)
        if uploads.total > request.app.state.settings.upload_job_bytes:
            # Large: imported by a job, a chunk per transaction; the answer says where to watch it.
            queued = await run_in_threadpool(upload_job.start_upload_job, db, principal, storage, uploads)
            return JSONResponse(queued, status_code=202, headers={"Location": queued["statusUrl"]})
        ctx = ImportContext(tenant_id=principal.tenant_id, storage=storage, source="bulk", principal=principal,
                            caller_id=principal.person_id)
        report = await run_in_threadpool(import_contacts, db, ctx, specs, uploads.files)
    report["ignoredColumns"] = ignored_columns
    return report


@router.post("/api/rest/wfo/contact/import", response_model=RealtimeImportResult,
             summary="Import one contact's metadata (real time)")
async def import_contact_metadata(request: Request, principal: Recorder, db: DbSession):
    """Create a contact (possibly still in progress) or, with its Id, update and complete it."""
    raw = await request.body()
    try:
        body = json.loads(raw.decode("utf-8-sig")) if raw.strip() else None
    except ValueError as exc:
        raise BadRequest(f"Malformed JSON body: {exc}") from None
    if not isinstance(body, dict):
        raise BadRequest("The body must be one JSON contact object")
    ctx = ImportContext(tenant_id=principal.tenant_id, storage=get_storage(request), source="realtime",
                        principal=principal, caller_id=principal.person_id)
    return await run_in_threadpool(realtime.import_metadata, db, ctx, body)


async def _upload(request: Request, principal, db, endpoint: str, contact_id: int, start_ms: int | None,
                  file_name: str | None) -> dict:
    storage = get_storage(request)
    limit = request.app.state.settings.max_body_bytes
    with tempfile.NamedTemporaryFile(prefix="openwfo-upload-", suffix=".bin") as tmp:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge("Request body too large")
            tmp.write(chunk)
        tmp.flush()
        if size == 0:
            raise BadRequest("The request body (the recording) is empty")
        ctx = ImportContext(tenant_id=principal.tenant_id, storage=storage, source="realtime", principal=principal,
                            caller_id=principal.person_id)
        return await run_in_threadpool(realtime.attach_media, db, ctx, contact_id, endpoint,
                                       request.headers.get("content-type", ""), Path(tmp.name), start_ms, file_name)


_BINARY = {"requestBody": {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
                           "required": True}}


@router.post(realtime.UPLOAD_AUDIO, response_model=MediaUploadResult, summary="Upload a contact's audio recording",
             openapi_extra=_BINARY)
async def upload_audio(request: Request, principal: Recorder, db: DbSession,
                       contactId: int = Query(..., ge=1, le=MAX_ID, description="the contact from POST /api/rest/wfo/contact/import"),  # noqa: N803
                       startTimeMs: int | None = Query(None, ge=0, le=MAX_MS, description="when the recording starts (default: the contact's start)"),  # noqa: N803
                       fileName: str | None = Query(None, max_length=128, description="the recording's original name")):  # noqa: N803
    """The body is the recording; its Content-Type (audio/wav, audio/webm, video/webm, audio/ogg, video/x-ms-wmv) its type."""
    return await _upload(request, principal, db, "audio", contactId, startTimeMs, fileName)


@router.post(realtime.UPLOAD_VIDEO, response_model=MediaUploadResult, summary="Upload a contact's screen recording",
             openapi_extra=_BINARY)
async def upload_video(request: Request, principal: Recorder, db: DbSession,
                       contactId: int = Query(..., ge=1, le=MAX_ID, description="the contact from POST /api/rest/wfo/contact/import"),  # noqa: N803
                       startTimeMs: int | None = Query(None, ge=0, le=MAX_MS, description="when the recording starts (default: the contact's start)"),  # noqa: N803
                       fileName: str | None = Query(None, max_length=128, description="the recording's original name")):  # noqa: N803
    """The body is the recording; its Content-Type (video/webm, video/x-ms-wmv) its type."""
    return await _upload(request, principal, db, "video", contactId, startTimeMs, fileName)
