"""Bulk Organization Import API: POST /api/upload/{groups,teams,persons} (multipart CSV)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ...auth.deps import DbSession, Requires
from ..parts import UPLOAD_BODY, Part, read_parts
from ..service import DRY_RUN_DESCRIPTION
from . import service
from .schemas import ImportResultRead

router = APIRouter(tags=["imports"])

BulkImport = Requires("Bulk Import")
Parts = Annotated[list[Part], Depends(read_parts)]
_EXTRA = {"requestBody": UPLOAD_BODY}
DryRun = Annotated[bool, Query(alias="dryRun", description=DRY_RUN_DESCRIPTION)]


@router.post("/api/upload/groups", response_model=ImportResultRead, summary="Import groups from CSV",
             openapi_extra=_EXTRA)
def upload_groups(principal: BulkImport, db: DbSession, parts: Parts, dry_run: DryRun = False) -> ImportResultRead:
    """Insert or update groups (id,name,activatedDate,deactivatedDate); never deletes."""
    return service.upload(db, principal, "groups", parts, dry_run)


@router.post("/api/upload/teams", response_model=ImportResultRead, summary="Import teams from CSV",
             openapi_extra=_EXTRA)
def upload_teams(principal: BulkImport, db: DbSession, parts: Parts, dry_run: DryRun = False) -> ImportResultRead:
    """Insert or update teams (id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation)."""
    return service.upload(db, principal, "teams", parts, dry_run)


@router.post("/api/upload/persons", response_model=ImportResultRead, summary="Import persons from CSV",
             openapi_extra=_EXTRA)
def upload_persons(principal: BulkImport, db: DbSession, parts: Parts, dry_run: DryRun = False) -> ImportResultRead:
    """Insert or update persons matched on personId, email, adLogin or acdId; never deletes."""
    return service.upload(db, principal, "persons", parts, dry_run)
