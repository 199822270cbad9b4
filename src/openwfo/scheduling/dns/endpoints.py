"""DNs (extension): the numbers a queue's assignedDns refer to."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import DnCreate, DnRead, DnUpdate

router = APIRouter(tags=["scheduling", "extension"])
PATH = "/api/rest/scheduling/dn"
Reader = Requires("Administer WFM", "Plan Schedules", "Edit Schedules")
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[DnRead], summary="List DNs")
def list_dns(principal: Reader, db: DbSession):
    """Every DN of the tenant."""
    return service.list_dns(db)


@router.post(PATH, response_model=DnRead, summary="Create a DN")
def create_dn(body: DnCreate, principal: Admin, db: DbSession):
    """Create a DN (number unique)."""
    return service.create_dn(db, body)


@router.get(PATH + "/{dn_id}", response_model=DnRead, summary="Read a DN")
def read_dn(dn_id: IdPath, principal: Reader, db: DbSession):
    """One DN."""
    return service.to_read(service.get_dn(db, dn_id))


@router.put(PATH + "/{dn_id}", response_model=DnRead, summary="Update a DN")
def update_dn(dn_id: IdPath, body: DnUpdate, principal: Admin, db: DbSession):
    """Update a DN; fields left out keep their value."""
    return service.update_dn(db, dn_id, body)


@router.delete(PATH + "/{dn_id}", summary="Delete a DN")
def delete_dn(dn_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete a DN and its assignments to queues."""
    service.delete_dn(db, dn_id)
