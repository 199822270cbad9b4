"""Work shifts: name (unique) and description. Deleting one removes it from the agents assigned it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import WorkShift
from ..crud import Crud, apply_unique_name
from ..rules import Violations
from . import repository
from .schemas import WorkShiftCreate, WorkShiftRead

SUBJECT = "work shift"


def to_read(w: WorkShift) -> WorkShiftRead:
    return WorkShiftRead(id=w.id, name=w.name, description=w.description)


def _apply(db: Session, w: WorkShift, body: WorkShiftCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    apply_unique_name(v, db, WorkShift, w, body, creating)
    if creating or "description" in fields:
        text = (body.description or "").strip()
        if len(text) > 500:
            v.add("description", "must be at most 500 characters")
        w.description = text[:500]
    v.raise_if_any()


CRUD = Crud(label="Work shift", new=WorkShift, list_all=repository.list_all, get_row=repository.get,
            to_read=to_read, apply=_apply)
