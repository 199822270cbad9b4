"""Export API: GET /api/rest/fileexport/{importType} (persons | groups | teams) as CSV."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from ...auth.deps import DbSession, Requires
from ...errors import NotFound
from ..fields import normalize_type
from . import service

router = APIRouter(tags=["imports"])

CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV file"}}


@router.get("/api/rest/fileexport/{importType}", response_class=Response, responses=CSV_RESPONSE,
            summary="Export persons, groups or teams as CSV")
def export_file(
    principal: Requires("Bulk Import"),
    db: DbSession,
    import_type: str = Path(alias="importType", max_length=40),
    acd_id: str | None = Query(None, alias="acdId", max_length=200, description="Only the agent with this ACD ID"),
    basic_info: bool = Query(False, alias="basicInfo", description="Only ID, first name, last name, employee ID"),
) -> Response:
    """The caller's visible data as CSV, headers in the caller's language; importable as is."""
    kind = normalize_type(import_type)
    if kind is None:
        raise NotFound(f"Unknown import type '{import_type}': use persons, groups or teams")
    text = service.export(db, principal, kind, acd_id, basic_info)
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'})
