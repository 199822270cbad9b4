"""Import Preference APIs: /api/rest/importpreference (list, create) and /{id} (get, update, delete)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ...auth.deps import DbSession, Requires
from . import service
from .schemas import (
    ImportPreferenceCreate,
    ImportPreferenceList,
    ImportPreferenceRead,
    ImportPreferenceUpdate,
)

router = APIRouter(tags=["imports"])

PATH = "/api/rest/importpreference"
PreferenceId = Annotated[int, Path(alias="id", ge=1, le=2**63 - 1, description="The import preference's id")]
BulkImport = Requires("Bulk Import")


@router.get(PATH, response_model=ImportPreferenceList, summary="List import preferences")
def list_import_preferences(principal: BulkImport, db: DbSession) -> ImportPreferenceList:
    """Every import preference of the tenant, grouped by type."""
    return service.list_preferences(db)


@router.post(PATH, response_model=ImportPreferenceRead, summary="Create an import preference")
def create_import_preference(body: ImportPreferenceCreate, principal: BulkImport, db: DbSession) -> ImportPreferenceRead:
    """Save a named column mapping for one import type (the name is unique per type)."""
    return service.create_preference(db, body)


@router.get(PATH + "/{id}", response_model=ImportPreferenceRead, summary="One import preference")
def get_import_preference(preference_id: PreferenceId, principal: BulkImport,
                          db: DbSession) -> ImportPreferenceRead:
    """An import preference with its mappings."""
    return service.get_preference(db, preference_id)


@router.put(PATH + "/{id}", response_model=ImportPreferenceRead, summary="Update an import preference")
def update_import_preference(preference_id: PreferenceId, body: ImportPreferenceUpdate,
                             principal: BulkImport, db: DbSession) -> ImportPreferenceRead:
    """Change the name, type or mappings of an import preference (fields left out keep their value)."""
    return service.update_preference(db, preference_id, body)


@router.delete(PATH + "/{id}", response_model=ImportPreferenceRead, summary="Delete an import preference")
def delete_import_preference(preference_id: PreferenceId, principal: BulkImport,
                             db: DbSession) -> ImportPreferenceRead:
    """Delete an import preference; answers what was deleted."""
    return service.delete_preference(db, preference_id)
