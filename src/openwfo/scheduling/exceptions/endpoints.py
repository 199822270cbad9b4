"""Exceptions (extension): the activities exception types place on a schedule."""

from __future__ import annotations

from ..crud import Docs, crud_router
from .schemas import ExceptionCreate, ExceptionRead, ExceptionUpdate
from .service import CRUD

PATH = "/api/rest/scheduling/exception"

router = crud_router(
    path=PATH, id_param="exception_id", ops=CRUD, read_model=ExceptionRead, create_model=ExceptionCreate,
    update_model=ExceptionUpdate, names=("exceptions", "exception"),
    docs=Docs(
        list=("List exceptions", "Every exception activity ({id, name, paid, color})."),
        create=("Create an exception", "Create an exception activity (name unique, colour from the catalogue)."),
        read=("Read an exception", "One exception activity."),
        update=("Update an exception", "Update an exception activity; fields left out keep their value."),
        delete=("Delete an exception", "Delete an exception activity that is no exception type's default."),
    ),
)
