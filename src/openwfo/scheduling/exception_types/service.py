"""Exception types: name (unique) and the default exception they place. One used by a workflow
rule cannot be deleted."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import BadRequest
from ...models import ExceptionType
from ..crud import Crud, apply_unique_name
from ..exceptions import repository as exceptions
from ..rules import Violations
from . import repository
from .schemas import ExceptionTypeCreate, ExceptionTypeRead

SUBJECT = "exception type"


def to_read(t: ExceptionType) -> ExceptionTypeRead:
    return ExceptionTypeRead(id=t.id, name=t.name, exception_id=t.exception_id)


def _apply(db: Session, t: ExceptionType, body: ExceptionTypeCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    apply_unique_name(v, db, ExceptionType, t, body, creating)
    if creating or "exception_id" in fields:
        if body.exception_id is None:
            v.add("exceptionId", "is required")
        elif exceptions.get(db, body.exception_id) is None:
            v.add("exceptionId", f"exception {body.exception_id} does not exist")
        else:
            t.exception_id = body.exception_id
    v.raise_if_any()


def _guard_delete(db: Session, t: ExceptionType) -> None:
    rules = repository.rule_names_using(db, t.id)
    if rules:
        raise BadRequest(f"Exception type {t.id} is used by workflow rule(s): {', '.join(rules)}",
                         errors=[{"field": "exceptionTypeId", "reason": "in use by workflow rules"}])


CRUD = Crud(label="Exception type", new=ExceptionType, list_all=repository.list_all, get_row=repository.get,
            to_read=to_read, apply=_apply, guard_delete=_guard_delete)
