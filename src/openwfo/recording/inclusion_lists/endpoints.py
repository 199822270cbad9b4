"""Inclusion/Exclusion List API: which numbers and directions are recorded."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from . import service
from .schemas import InclusionExclusionCreate, InclusionExclusionRead, InclusionExclusionUpdate

router = APIRouter(tags=["recording"])
BASE = "/api/rest/recording/inclusionExclusion"
AdministerQM = Requires("Administer QM")


@router.get(BASE, response_model=list[InclusionExclusionRead], summary="List inclusion/exclusion lists")
def list_inclusion_exclusion(principal: AdministerQM, db: DbSession):
    """Every inclusion and exclusion list of the tenant."""
    return [InclusionExclusionRead.of(r) for r in service.list_rules(db)]


@router.get(BASE + "/{list_id}", response_model=InclusionExclusionRead, summary="Read one inclusion/exclusion list")
def read_inclusion_exclusion(list_id: int, principal: AdministerQM, db: DbSession):
    """One inclusion or exclusion list by id."""
    return InclusionExclusionRead.of(service.get_rule(db, list_id))


@router.post(BASE, response_model=InclusionExclusionRead, summary="Create an inclusion/exclusion list")
def create_inclusion_exclusion(body: InclusionExclusionCreate, principal: AdministerQM, db: DbSession):
    """Create a list; the server assigns its id."""
    return InclusionExclusionRead.of(service.create_rule(db, body))


@router.put(BASE + "/{list_id}", response_model=InclusionExclusionRead, summary="Update an inclusion/exclusion list")
def update_inclusion_exclusion(list_id: int, body: InclusionExclusionUpdate, principal: AdministerQM, db: DbSession):
    """Replace a list's type, pattern type, pattern and direction."""
    return InclusionExclusionRead.of(service.update_rule(db, list_id, body))


@router.post(BASE + "/{list_id}", response_model=InclusionExclusionRead,
             summary="Update an inclusion/exclusion list (POST form)")
def repost_inclusion_exclusion(list_id: int, body: InclusionExclusionUpdate, principal: AdministerQM, db: DbSession):
    """The reference also lists POST on a list's URI: it updates like PUT."""
    return InclusionExclusionRead.of(service.update_rule(db, list_id, body))


@router.delete(BASE + "/{list_id}", summary="Delete an inclusion/exclusion list")
def delete_inclusion_exclusion(list_id: int, principal: AdministerQM, db: DbSession) -> dict:
    """Delete a list; calls imported afterwards no longer see it."""
    service.delete_rule(db, list_id)
    return {}
