"""DNs: name and number (unique). Deleting a DN removes its assignments to queues."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import NotFound
from ...models import Dn
from ..rules import Violations, check_name
from . import repository
from .schemas import DnCreate, DnRead, DnUpdate

SUBJECT = "DN"


def to_read(d: Dn) -> DnRead:
    return DnRead(id=d.id, name=d.name, number=d.number)


def list_dns(db: Session) -> list[DnRead]:
    return [to_read(d) for d in repository.list_all(db)]


def get_dn(db: Session, dn_id: int) -> Dn:
    dn = repository.get(db, dn_id)
    if dn is None:
        raise NotFound(f"DN {dn_id} does not exist")
    return dn


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


def create_dn(db: Session, body: DnCreate) -> DnRead:
    dn = Dn()
    _apply(db, dn, body, creating=True)
    db.add(dn)
    db.flush()
    return to_read(dn)


def update_dn(db: Session, dn_id: int, body: DnUpdate) -> DnRead:
    dn = get_dn(db, dn_id)
    _apply(db, dn, body, creating=False)
    db.flush()
    return to_read(dn)


def delete_dn(db: Session, dn_id: int) -> None:
    db.delete(get_dn(db, dn_id))
    db.flush()
