"""Exceptions (extension): the activities exception types place on a schedule."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import ExceptionCreate, ExceptionRead, ExceptionUpdate

router = APIRouter(tags=["scheduling", "extension"])
PATH = "/api/rest/scheduling/exception"
Reader = Requires("Administer WFM", "Plan Schedules", "Edit Schedules")
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[ExceptionRead], summary="List exceptions")
def list_exceptions(principal: Reader, db: DbSession):
    """Every exception activity ({id, name, paid, color})."""
    return service.list_exceptions(db)


@router.post(PATH, response_model=ExceptionRead, summary="Create an exception")
def create_exception(body: ExceptionCreate, principal: Admin, db: DbSession):
    """Create an exception activity (name unique, colour from the catalogue)."""
    return service.create_exception(db, body)


@router.get(PATH + "/{exception_id}", response_model=ExceptionRead, summary="Read an exception")
def read_exception(exception_id: IdPath, principal: Reader, db: DbSession):
    """One exception activity."""
    return service.to_read(service.get_exception(db, exception_id))


@router.put(PATH + "/{exception_id}", response_model=ExceptionRead, summary="Update an exception")
def update_exception(exception_id: IdPath, body: ExceptionUpdate, principal: Admin, db: DbSession):
    """Update an exception activity; fields left out keep their value."""
    return service.update_exception(db, exception_id, body)


@router.delete(PATH + "/{exception_id}", summary="Delete an exception")
def delete_exception(exception_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete an exception activity that is no exception type's default."""
    service.delete_exception(db, exception_id)
