"""Service queue types (extension): the `type` a service queue refers to, with its contact type."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import QueueTypeCreate, QueueTypeRead, QueueTypeUpdate

router = APIRouter(tags=["scheduling", "extension"])
PATH = "/api/rest/scheduling/serviceQueueType"
Reader = Requires("Administer WFM", "Plan Schedules", "Edit Schedules")
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[QueueTypeRead], summary="List service queue types")
def list_queue_types(principal: Reader, db: DbSession):
    """Every service queue type ({id, name, contactType}); Voice, Chat and Email exist by default."""
    return service.list_queue_types(db)


@router.post(PATH, response_model=QueueTypeRead, summary="Create a service queue type")
def create_queue_type(body: QueueTypeCreate, principal: Admin, db: DbSession):
    """Create a type (name unique; id = next free code unless given)."""
    return service.create_queue_type(db, body)


@router.get(PATH + "/{type_id}", response_model=QueueTypeRead, summary="Read a service queue type")
def read_queue_type(type_id: IdPath, principal: Reader, db: DbSession):
    """One service queue type."""
    return service.to_read(service.get_queue_type(db, type_id))


@router.put(PATH + "/{type_id}", response_model=QueueTypeRead, summary="Update a service queue type")
def update_queue_type(type_id: IdPath, body: QueueTypeUpdate, principal: Admin, db: DbSession):
    """Rename a type or change its contact type (only while no queue has the type)."""
    return service.update_queue_type(db, type_id, body)


@router.delete(PATH + "/{type_id}", summary="Delete a service queue type")
def delete_queue_type(type_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete a type no queue has."""
    service.delete_queue_type(db, type_id)
