"""Exception activities: name (unique), paid, colour from the catalogue. One that is an exception
type's default cannot be deleted; deleting one removes it from the agents it was assigned to."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import BadRequest
from ...models import ScheduleException
from ..config.colors import service as colors
from ..crud import Crud, apply_unique_name
from ..rules import Violations
from . import repository
from .schemas import ExceptionCreate, ExceptionRead

SUBJECT = "exception"
DEFAULT_COLOR = "#D35400"


def to_read(e: ScheduleException) -> ExceptionRead:
    return ExceptionRead(id=e.id, name=e.name, paid=e.paid, color=e.color)


def _apply(db: Session, e: ScheduleException, body: ExceptionCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    apply_unique_name(v, db, ScheduleException, e, body, creating)
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


def _guard_delete(db: Session, e: ScheduleException) -> None:
    types = repository.type_names_using(db, e.id)
    if types:
        raise BadRequest(f"Exception {e.id} is the default exception of exception type(s): {', '.join(types)}",
                         errors=[{"field": "exceptionId", "reason": "in use by exception types"}])


CRUD = Crud(label="Exception", new=ScheduleException, list_all=repository.list_all, get_row=repository.get,
            to_read=to_read, apply=_apply, guard_delete=_guard_delete)
