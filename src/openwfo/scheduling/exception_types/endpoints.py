"""Exception Type APIs: GET /api/rest/scheduling/genericException; create/update/delete (extension)."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import ExceptionTypeCreate, ExceptionTypeRead, ExceptionTypeUpdate

router = APIRouter(tags=["scheduling"])
PATH = "/api/rest/scheduling/genericException"
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[ExceptionTypeRead], summary="List exception types")
def list_exception_types(principal: Admin, db: DbSession):
    """Exception types ({id, name, exceptionId}) an exception request may name."""
    return service.list_exception_types(db)


@router.post(PATH, response_model=ExceptionTypeRead, summary="Create an exception type",
             tags=["extension"])
def create_exception_type(body: ExceptionTypeCreate, principal: Admin, db: DbSession):
    """Create an exception type in the GET shape (name unique, exceptionId an existing exception)."""
    return service.create_exception_type(db, body)


@router.get(PATH + "/{type_id}", response_model=ExceptionTypeRead, summary="Read an exception type",
            tags=["extension"])
def read_exception_type(type_id: IdPath, principal: Admin, db: DbSession):
    """One exception type."""
    return service.to_read(service.get_exception_type(db, type_id))


@router.put(PATH + "/{type_id}", response_model=ExceptionTypeRead, summary="Update an exception type",
            tags=["extension"])
def update_exception_type(type_id: IdPath, body: ExceptionTypeUpdate, principal: Admin, db: DbSession):
    """Update an exception type; fields left out keep their value."""
    return service.update_exception_type(db, type_id, body)


@router.delete(PATH + "/{type_id}", summary="Delete an exception type", tags=["extension"])
def delete_exception_type(type_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete an exception type no workflow rule uses."""
    service.delete_exception_type(db, type_id)
