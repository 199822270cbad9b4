"""Work shifts: name (unique) and description. Deleting one removes it from the agents assigned it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import NotFound
from ...models import WorkShift
from ..rules import Violations, check_name, name_taken
from . import repository
from .schemas import WorkShiftCreate, WorkShiftRead, WorkShiftUpdate

SUBJECT = "work shift"


def to_read(w: WorkShift) -> WorkShiftRead:
    return WorkShiftRead(id=w.id, name=w.name, description=w.description)


def list_work_shifts(db: Session) -> list[WorkShiftRead]:
    return [to_read(w) for w in repository.list_all(db)]


def get_work_shift(db: Session, work_shift_id: int) -> WorkShift:
    w = repository.get(db, work_shift_id)
    if w is None:
        raise NotFound(f"Work shift {work_shift_id} does not exist")
    return w


def _apply(db: Session, w: WorkShift, body: WorkShiftCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    if creating or "name" in fields:
        name = check_name(v, "name", body.name, max_len=100)
        if name and name_taken(db, WorkShift, name, w.id):
            v.add("name", f"must be unique: '{name}' is already used")
        if name:
            w.name = name
    if creating or "description" in fields:
        text = (body.description or "").strip()
        if len(text) > 500:
            v.add("description", "must be at most 500 characters")
        w.description = text[:500]
    v.raise_if_any()


def create_work_shift(db: Session, body: WorkShiftCreate) -> WorkShiftRead:
    w = WorkShift()
    _apply(db, w, body, creating=True)
    db.add(w)
    db.flush()
    return to_read(w)


def update_work_shift(db: Session, work_shift_id: int, body: WorkShiftUpdate) -> WorkShiftRead:
    w = get_work_shift(db, work_shift_id)
    _apply(db, w, body, creating=False)
    db.flush()
    return to_read(w)


def delete_work_shift(db: Session, work_shift_id: int) -> None:
    db.delete(get_work_shift(db, work_shift_id))
    db.flush()
