"""Generic Text Import API (/api/rest/cas/importtext, POST and PUT) and Generic Text Import with
Multiple Files (/api/upload/textcontacts)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest
from ...recording.imports.files import TempUploads, UploadSet, add_multipart, read_text
from .parsing import parse_document
from .schemas import TextImportReport
from .service import TextImportContext, import_texts

router = APIRouter(tags=["analytics"])
AdministerTenant = Requires("Administer Tenant")
BulkImport = Requires("Bulk Import")
IMPORT_TEXT = "/api/rest/cas/importtext"
UPLOAD = "/api/upload/textcontacts"

_DOC = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "properties": {
        "textType": {"type": "string"}, "evalForm": {}, "records": {"type": "array", "items": {"type": "object"}}}}},
    "text/csv": {"schema": {"type": "string"}},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}}


async def _collect(request: Request, uploads: UploadSet) -> None:
    """The documents and content files of a request: multipart parts (ZIPs opened), or the body
    itself as one JSON or CSV document."""
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        await add_multipart(request, uploads)
    else:
        raw = await request.body()
        if not raw.strip():
            raise BadRequest("The request body is empty", errors=[{"field": "body", "reason": "a JSON or CSV document"}])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise BadRequest("The body is not UTF-8 text", errors=[{"field": "body", "reason": "not UTF-8"}]) from None
        uploads.add_text("request.json" if text.lstrip()[:1] in ("{", "[") else "request.csv", text)
    if not uploads.metadata:
        raise BadRequest("The upload holds no CSV or JSON text contact document",
                         errors=[{"field": "file", "reason": "a .csv or .json file is required"}])


def _parse(uploads: UploadSet) -> tuple[list, list[str]]:
    specs, ignored = [], []
    for name, path in uploads.metadata:
        found, skipped = parse_document(read_text(path, name), name)
        specs += found
        ignored += [c for c in skipped if c not in ignored]
    return specs, ignored


async def _import(request: Request, principal, db, source: str, replace: bool) -> dict:
    with TempUploads() as uploads:
        await _collect(request, uploads)
        specs, ignored = await run_in_threadpool(_parse, uploads)
        ctx = TextImportContext(tenant_id=principal.tenant_id, source=source, principal=principal, replace=replace)
        report = await run_in_threadpool(import_texts, db, ctx, specs, uploads.files)
    report["ignoredColumns"] = ignored
    return report


@router.post(IMPORT_TEXT, response_model=TextImportReport, summary="Import text contacts (Generic Text Import)",
             openapi_extra=_DOC)
async def import_text(request: Request, principal: AdministerTenant, db: DbSession):
    """JSON `{textType, evalForm, records: [...]}` or CSV (a `text` column, or `filename` naming a TXT part
    of a multipart request). A source id already imported for the same text type is reported as
    DUPLICATE and not imported again; a bad record fails alone."""
    return await _import(request, principal, db, "api", replace=False)


@router.put(IMPORT_TEXT, response_model=TextImportReport, summary="Import or replace text contacts",
            openapi_extra=_DOC)
async def import_text_put(request: Request, principal: AdministerTenant, db: DbSession):
    """As POST, except that a record whose source id was already imported for its text type replaces
    that contact's text, agent, time and metadata (status UPDATED) and its hits are recomputed."""
    return await _import(request, principal, db, "api", replace=True)


@router.post(UPLOAD, response_model=TextImportReport, summary="Import text contacts with their content files",
             openapi_extra=_DOC)
async def upload_text_contacts(request: Request, principal: BulkImport, db: DbSession):
    """Multipart: CSV/JSON contact data and the TXT content files their `filename` names, or ZIPs of
    them (folders flattened)."""
    return await _import(request, principal, db, "bulk", replace=False)
