"""Exception types: name (unique) and the default exception they place. One used by a workflow
rule cannot be deleted."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import BadRequest, NotFound
from ...models import ExceptionType
from ..exceptions import repository as exceptions
from ..rules import Violations, check_name, name_taken
from . import repository
from .schemas import ExceptionTypeCreate, ExceptionTypeRead, ExceptionTypeUpdate

SUBJECT = "exception type"


def to_read(t: ExceptionType) -> ExceptionTypeRead:
    return ExceptionTypeRead(id=t.id, name=t.name, exception_id=t.exception_id)


def list_exception_types(db: Session) -> list[ExceptionTypeRead]:
    return [to_read(t) for t in repository.list_all(db)]


def get_exception_type(db: Session, type_id: int) -> ExceptionType:
    t = repository.get(db, type_id)
    if t is None:
        raise NotFound(f"Exception type {type_id} does not exist")
    return t


def _apply(db: Session, t: ExceptionType, body: ExceptionTypeCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    if creating or "name" in fields:
        name = check_name(v, "name", body.name, max_len=100)
        if name and name_taken(db, ExceptionType, name, t.id):
            v.add("name", f"must be unique: '{name}' is already used")
        if name:
            t.name = name
    if creating or "exception_id" in fields:
        if body.exception_id is None:
            v.add("exceptionId", "is required")
        elif exceptions.get(db, body.exception_id) is None:
            v.add("exceptionId", f"exception {body.exception_id} does not exist")
        else:
            t.exception_id = body.exception_id
    v.raise_if_any()


def create_exception_type(db: Session, body: ExceptionTypeCreate) -> ExceptionTypeRead:
    t = ExceptionType()
    _apply(db, t, body, creating=True)
    db.add(t)
    db.flush()
    return to_read(t)


def update_exception_type(db: Session, type_id: int, body: ExceptionTypeUpdate) -> ExceptionTypeRead:
    t = get_exception_type(db, type_id)
    _apply(db, t, body, creating=False)
    db.flush()
    return to_read(t)


def delete_exception_type(db: Session, type_id: int) -> None:
    t = get_exception_type(db, type_id)
    rules = repository.rule_names_using(db, t.id)
    if rules:
        raise BadRequest(f"Exception type {t.id} is used by workflow rule(s): {', '.join(rules)}",
                         errors=[{"field": "exceptionTypeId", "reason": "in use by workflow rules"}])
    db.delete(t)
    db.flush()
