"""Inclusion/Exclusion List API: which numbers and directions are recorded."""

from __future__ import annotations

from fastapi import APIRouter, Body
from pydantic import ValidationError

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest
from ...kit.wire import IdPath
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
def read_inclusion_exclusion(list_id: IdPath, principal: AdministerQM, db: DbSession):
    """One inclusion or exclusion list by id."""
    return InclusionExclusionRead.of(service.get_rule(db, list_id))


@router.post(BASE, response_model=InclusionExclusionRead, summary="Create an inclusion/exclusion list")
def create_inclusion_exclusion(body: InclusionExclusionCreate, principal: AdministerQM, db: DbSession):
    """Create a list; the server assigns its id."""
    return InclusionExclusionRead.of(service.create_rule(db, body))


@router.put(BASE + "/{list_id}", response_model=InclusionExclusionRead, summary="Update an inclusion/exclusion list")
def update_inclusion_exclusion(list_id: IdPath, body: InclusionExclusionUpdate, principal: AdministerQM, db: DbSession):
    """Replace a list's type, pattern type, pattern and direction."""
    return InclusionExclusionRead.of(service.update_rule(db, list_id, body))


@router.post(BASE + "/{list_id}", response_model=InclusionExclusionRead | dict,
             summary="Update an inclusion/exclusion list, or delete it (POST form)")
def repost_inclusion_exclusion(list_id: IdPath, principal: AdministerQM, db: DbSession,
                               body: dict | None = Body(None, description="the list as PUT takes it; none to delete")):
    """The reference lists POST on a list's URI twice: with a list body it updates like PUT; without
    one (its DELETE table gives POST as the method) it deletes the list."""
    if not body or set(body) <= {"inclusionExclusionListId"}:
        service.delete_rule(db, list_id)
        return {}
    try:
        update = InclusionExclusionUpdate.model_validate(body)
    except ValidationError as exc:
        errors = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "reason": e["msg"]} for e in exc.errors()]
        raise BadRequest(f"Invalid request: {errors[0]['field']}: {errors[0]['reason']}", errors=errors) from None
    return InclusionExclusionRead.of(service.update_rule(db, list_id, update))


@router.delete(BASE + "/{list_id}", summary="Delete an inclusion/exclusion list")
def delete_inclusion_exclusion(list_id: IdPath, principal: AdministerQM, db: DbSession) -> dict:
    """Delete a list; calls imported afterwards no longer see it."""
    service.delete_rule(db, list_id)
    return {}
