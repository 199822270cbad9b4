"""Service queue types. Every tenant starts with Voice (0), Chat (1) and Email (2), created the
first time the tenant's WFM configuration is written (or its types are listed)."""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy.orm import Session

from ...errors import BadRequest, NotFound
from ...models import ServiceQueueType
from ...models.wfm import INTERACTIVE, NON_INTERACTIVE
from ..rules import Violations, check_name, name_taken
from . import repository
from .schemas import QueueTypeCreate, QueueTypeRead, QueueTypeUpdate

SUBJECT = "service queue type"
DEFAULT_TYPES = ((0, "Voice", INTERACTIVE), (1, "Chat", INTERACTIVE), (2, "Email", NON_INTERACTIVE))


def ensure_default_types(db: Session) -> None:
    """Give a tenant without any queue type the default ones."""
    if repository.count(db) == 0:
        db.add_all([ServiceQueueType(code=c, name=n, contact_type=t) for c, n, t in DEFAULT_TYPES])
        db.flush()


def to_read(t: ServiceQueueType) -> QueueTypeRead:
    return QueueTypeRead(id=t.code, name=t.name, contact_type=t.contact_type)


def list_queue_types(db: Session) -> list[QueueTypeRead]:
    ensure_default_types(db)
    return [to_read(t) for t in repository.list_all(db)]


def get_queue_type(db: Session, code: int) -> ServiceQueueType:
    ensure_default_types(db)
    t = repository.by_code(db, code)
    if t is None:
        raise NotFound(f"Service queue type {code} does not exist")
    return t


def _check_contact_type(v: Violations, value: int | None) -> None:
    if value is not None and value not in (INTERACTIVE, NON_INTERACTIVE):
        v.add("contactType", "must be 0 (interactive) or 1 (non-interactive)")


def create_queue_type(db: Session, body: QueueTypeCreate) -> QueueTypeRead:
    ensure_default_types(db)
    v = Violations(SUBJECT)
    name = check_name(v, "name", body.name, max_len=50)
    if name and name_taken(db, ServiceQueueType, name):
        v.add("name", f"must be unique: '{name}' is already used")
    _check_contact_type(v, body.contact_type)
    code = body.id
    if code is not None and code < 0:
        v.add("id", "must not be negative")
    elif code is not None and repository.by_code(db, code) is not None:
        v.add("id", f"must be unique: type {code} already exists")
    v.raise_if_any()
    t = ServiceQueueType(code=repository.next_code(db) if code is None else code, name=name,
                         contact_type=INTERACTIVE if body.contact_type is None else body.contact_type)
    db.add(t)
    db.flush()
    return to_read(t)


def update_queue_type(db: Session, code: int, body: QueueTypeUpdate) -> QueueTypeRead:
    t = get_queue_type(db, code)
    v = Violations(SUBJECT)
    if "name" in body.model_fields_set:
        name = check_name(v, "name", body.name, max_len=50)
        if name and name_taken(db, ServiceQueueType, name, t.id):
            v.add("name", f"must be unique: '{name}' is already used")
        if name:
            t.name = name
    if body.contact_type is not None and body.contact_type != t.contact_type:
        _check_contact_type(v, body.contact_type)
        if repository.queue_names_of_type(db, t.id):
            v.add("contactType", "cannot change while service queues are of this type")
        else:
            t.contact_type = body.contact_type
    v.raise_if_any()
    db.flush()
    return to_read(t)


def delete_queue_type(db: Session, code: int) -> None:
    t = get_queue_type(db, code)
    queues = repository.queue_names_of_type(db, t.id)
    if queues:
        raise BadRequest(f"Service queue type {code} is used by service queue(s): {', '.join(queues)}",
                         errors=[{"field": "type", "reason": "in use by service queues"}])
    db.delete(t)
    db.flush()


# What the router calls (crud.crud_router); the type code is the id on the wire.
OPS = SimpleNamespace(list=list_queue_types, create=create_queue_type,
                      read=lambda db, code: to_read(get_queue_type(db, code)),
                      update=update_queue_type, delete=delete_queue_type)
