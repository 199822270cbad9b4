"""Exception Type APIs: GET /api/rest/scheduling/genericException; create/update/delete (extension)."""

from __future__ import annotations

from ..crud import Docs, crud_router
from .schemas import ExceptionTypeCreate, ExceptionTypeRead, ExceptionTypeUpdate
from .service import CRUD

PATH = "/api/rest/scheduling/genericException"

router = crud_router(
    path=PATH, id_param="type_id", ops=CRUD, read_model=ExceptionTypeRead, create_model=ExceptionTypeCreate,
    update_model=ExceptionTypeUpdate, names=("exception_types", "exception_type"),
    list_tags=("scheduling",), reader=("Administer WFM",),
    docs=Docs(
        list=("List exception types", "Exception types ({id, name, exceptionId}) an exception request may name."),
        create=("Create an exception type",
                "Create an exception type in the GET shape (name unique, exceptionId an existing exception)."),
        read=("Read an exception type", "One exception type."),
        update=("Update an exception type", "Update an exception type; fields left out keep their value."),
        delete=("Delete an exception type", "Delete an exception type no workflow rule uses."),
    ),
)
