"""DNs: name and number (unique). Deleting a DN removes its assignments to queues."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import Dn
from ..crud import Crud
from ..rules import Violations, check_name
from . import repository
from .schemas import DnCreate, DnRead

SUBJECT = "DN"


def to_read(d: Dn) -> DnRead:
    return DnRead(id=d.id, name=d.name, number=d.number)


def _apply(db: Session, dn: Dn, body: DnCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    if creating or "name" in fields:
        name = check_name(v, "name", body.name, max_len=100)
        if name:
            dn.name = name
    if creating or "number" in fields:
        if body.number is None:
            v.add("number", "is required")
        elif body.number < 0:
            v.add("number", "must not be negative")
        elif repository.number_taken(db, body.number, dn.id):
            v.add("number", f"must be unique: DN number {body.number} already exists")
        else:
            dn.number = body.number
    v.raise_if_any()


CRUD = Crud(label="DN", new=Dn, list_all=repository.list_all, get_row=repository.get, to_read=to_read,
            apply=_apply)
