"""Bulk Report Data Export API (POST export, GET by request id) and the catalog extensions (list and
describe reports, save tenant definitions, cancel a request)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request

from ..auth.deps import DbSession, Requires
from ..errors import BadRequest
from ..recording.deps import get_storage
from . import definitions, service
from .schemas import EXPORT_BODY_DOC, ExportRequest, ExportStatus, read_export_body

router = APIRouter(tags=["reports"])
BASE = "/api/rest/dataexplorer/report"
ReportAuthoring = Requires("ReportAuthoring")
Readers = Requires("ReportAuthoring", "View Reports")
ReportRef = Annotated[str, Path(min_length=1, max_length=100, description="The report's id or qname")]
RequestRef = Annotated[str, Path(min_length=1, max_length=64, description="The request id the POST answered")]
_CSV = {200: {"content": {"text/csv": {}, "application/json": {}},
              "description": "the CSV (Content-Extent: rows,columns) or {requestId, status}"}}


async def export_body(request: Request) -> ExportRequest:
    return read_export_body(await request.body())


async def json_body(request: Request) -> dict:
    raw = (await request.body()).decode("utf-8-sig", errors="replace").strip()
    try:
        data = json.loads(raw) if raw else {}
    except ValueError as exc:
        raise BadRequest(f"Malformed JSON body: {exc}") from None
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object")
    return data


@router.post(BASE + "/{reportId}/export", summary="Bulk Report Data Export", responses=_CSV,
             openapi_extra=EXPORT_BODY_DOC)
def export_report(reportId: ReportRef, request: Request, principal: ReportAuthoring,  # noqa: N803
                  body: Annotated[ExportRequest, Depends(export_body)]):
    """The report's data as CSV when small enough, else {"requestId", "status": "QUEUED"} to poll."""
    prefer = request.headers.get("prefer", "").lower()
    return service.export(request.app.state.database, principal, reportId, body, get_storage(request),
                          "respond-async" in prefer)


@router.get(BASE + "/export/request/{requestId}", summary="Bulk Report Data Export status or result",
            responses=_CSV)
def export_status(requestId: RequestRef, request: Request, principal: ReportAuthoring, db: DbSession):  # noqa: N803
    """QUEUED, PROCESSING, FAILED, CANCELED, EXPIRED or BLACKLISTED, or the CSV once done."""
    return service.poll(db, principal, requestId, get_storage(request))


@router.delete(BASE + "/export/request/{requestId}", response_model=ExportStatus, tags=["extension"],
               summary="Cancel an export request")
def cancel_export(requestId: RequestRef, principal: ReportAuthoring, db: DbSession):  # noqa: N803
    """A queued or running request turns CANCELED (its job stops before storing anything)."""
    return service.status_body(service.cancel(db, principal, requestId))


@router.get(BASE, tags=["extension"], summary="Report catalog")
def list_reports(principal: Readers, db: DbSession) -> list[dict]:
    """Built-in reports and the tenant's saved definitions, with their columns and parameters."""
    return [r.as_wire(principal) for r in definitions.catalog(db)]


@router.get(BASE + "/{reportId}", tags=["extension"], summary="Describe a report")
def describe_report(reportId: ReportRef, principal: Readers, db: DbSession) -> dict:  # noqa: N803
    """A report's qname, columns (key, label, type) and parameters (name, kind, value type)."""
    return definitions.resolve(db, reportId).as_wire(principal)


@router.post(BASE, tags=["extension"], summary="Save a report definition")
def save_report(principal: ReportAuthoring, db: DbSession, body: Annotated[dict, Depends(json_body)]) -> dict:
    """{baseReportId, name, description?, columns?: [keys], defaultParamValues?: encodedParamValues}."""
    return definitions.save(db, principal, body)


@router.put(BASE + "/{reportId}", tags=["extension"], summary="Change a saved report definition")
def update_report(reportId: ReportRef, principal: ReportAuthoring, db: DbSession,  # noqa: N803
                  body: Annotated[dict, Depends(json_body)]) -> dict:
    """Name, description, columns and default parameters of a saved definition."""
    return definitions.update(db, principal, reportId, body)


@router.delete(BASE + "/{reportId}", tags=["extension"], summary="Delete a saved report definition")
def delete_report(reportId: ReportRef, principal: ReportAuthoring, db: DbSession) -> dict:  # noqa: N803
    """Removes a saved definition (built-in reports stay)."""
    definitions.delete(db, reportId)
    return {"deleted": 1}
