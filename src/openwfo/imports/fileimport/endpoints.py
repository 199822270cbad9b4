"""Import API: GET/POST /api/rest/fileimport/{importType} (the model's fields; a mapped CSV import)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from ...auth.deps import DbSession, Requires
from ...errors import NotFound
from ..fields import normalize_type
from ..parts import Part, read_parts
from . import service
from .schemas import FileImportResult, ImportFieldsRead

router = APIRouter(tags=["imports"])

ImportType = Annotated[str, Path(alias="importType", max_length=40, description="persons (or users), groups, teams")]

POST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "mapping": {"type": "string", "description": 'JSON: {"tenantId", "mapping": [{"column", '
                                                                  '"field", "dataType"}]}'},
                },
                "required": ["file", "mapping"],
            },
        },
    },
}


def _kind(import_type: str) -> str:
    kind = normalize_type(import_type)
    if kind is None:
        raise NotFound(f"Unknown import type '{import_type}': use persons, groups or teams")
    return kind


@router.get("/api/rest/fileimport/{importType}", response_model=ImportFieldsRead,
            summary="Fields of an import type")
def list_import_fields(import_type: ImportType, principal: Requires("Bulk Import")) -> ImportFieldsRead:
    """The model's fields: key, label (in the caller's language), required, multivalued, data types."""
    return service.list_fields(_kind(import_type), principal.locale)


@router.post("/api/rest/fileimport/{importType}", response_model=FileImportResult,
             summary="Import a CSV file through a column mapping", openapi_extra={"requestBody": POST_BODY})
def import_file(import_type: ImportType, principal: Requires("Bulk Import"), db: DbSession,
                parts: Annotated[list[Part], Depends(read_parts)]) -> FileImportResult:
    """Import every row of the CSV (all or nothing) with the columns mapped to fields as given."""
    return service.import_file(db, principal, _kind(import_type), parts)
