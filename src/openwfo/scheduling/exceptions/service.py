"""Exception activities: name (unique), paid, colour from the catalogue. One that is an exception
type's default cannot be deleted; deleting one removes it from the agents it was assigned to."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import BadRequest, NotFound
from ...models import ScheduleException
from ..config.colors import service as colors
from ..rules import Violations, check_name, name_taken
from . import repository
from .schemas import ExceptionCreate, ExceptionRead, ExceptionUpdate

SUBJECT = "exception"
DEFAULT_COLOR = "#D35400"


def to_read(e: ScheduleException) -> ExceptionRead:
    return ExceptionRead(id=e.id, name=e.name, paid=e.paid, color=e.color)


def list_exceptions(db: Session) -> list[ExceptionRead]:
    return [to_read(e) for e in repository.list_all(db)]


def get_exception(db: Session, exception_id: int) -> ScheduleException:
    e = repository.get(db, exception_id)
    if e is None:
        raise NotFound(f"Exception {exception_id} does not exist")
    return e


def _apply(db: Session, e: ScheduleException, body: ExceptionCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    if creating or "name" in fields:
        name = check_name(v, "name", body.name, max_len=100)
        if name and name_taken(db, ScheduleException, name, e.id):
            v.add("name", f"must be unique: '{name}' is already used")
        if name:
            e.name = name
    if body.paid is not None:
        e.paid = body.paid
    elif creating:
        e.paid = False
    if creating or "color" in fields:
        if body.color is None and creating:
            e.color = DEFAULT_COLOR
        else:
            color = colors.canonical(body.color)
            if color is None:
                v.add("color", "must be a colorCode of GET /api/rest/scheduling/config/color")
            else:
                e.color = color
    v.raise_if_any()


def create_exception(db: Session, body: ExceptionCreate) -> ExceptionRead:
    e = ScheduleException()
    _apply(db, e, body, creating=True)
    db.add(e)
    db.flush()
    return to_read(e)


def update_exception(db: Session, exception_id: int, body: ExceptionUpdate) -> ExceptionRead:
    e = get_exception(db, exception_id)
    _apply(db, e, body, creating=False)
    db.flush()
    return to_read(e)


def delete_exception(db: Session, exception_id: int) -> None:
    e = get_exception(db, exception_id)
    types = repository.type_names_using(db, e.id)
    if types:
        raise BadRequest(f"Exception {e.id} is the default exception of exception type(s): {', '.join(types)}",
                         errors=[{"field": "exceptionId", "reason": "in use by exception types"}])
    db.delete(e)
    db.flush()
