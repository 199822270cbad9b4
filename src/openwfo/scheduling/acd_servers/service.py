"""ACD servers: create, read, update, delete (refused while a queue or person points at the server)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import BadRequest
from ...models import AcdServer
from ..crud import Crud, apply_unique_name
from ..rules import Violations
from . import repository
from .schemas import AcdServerCreate, AcdServerRead

SUBJECT = "ACD server"


def to_read(s: AcdServer) -> AcdServerRead:
    return AcdServerRead(id=s.id, name=s.name, acd_type=s.acd_type, peripheral_id=s.peripheral_id)


def _apply(db: Session, server: AcdServer, body: AcdServerCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    apply_unique_name(v, db, AcdServer, server, body, creating)
    if "acd_type" in fields or creating:
        acd_type = (body.acd_type or "").strip()
        if len(acd_type) > 100:
            v.add("acdType", "must be at most 100 characters")
        server.acd_type = acd_type[:100]
    if "peripheral_id" in fields:
        pid = (body.peripheral_id or "").strip() or None
        if pid and len(pid) > 100:
            v.add("peripheralId", "must be at most 100 characters")
        server.peripheral_id = pid[:100] if pid else None
    v.raise_if_any()


def _guard_delete(db: Session, server: AcdServer) -> None:
    queues = repository.queue_names_using(db, server.id)
    if queues:
        raise BadRequest(f"ACD server {server.id} is used by service queue(s): {', '.join(queues)}",
                         errors=[{"field": "acdServerId", "reason": "in use by service queues"}])
    if repository.person_count_using(db, server.id):
        raise BadRequest(f"ACD server {server.id} is used by persons (their acdServerId)",
                         errors=[{"field": "acdServerId", "reason": "in use by persons"}])


CRUD = Crud(label=SUBJECT, new=lambda: AcdServer(name="", acd_type=""), list_all=repository.list_all,
            get_row=repository.get, to_read=to_read, apply=_apply, guard_delete=_guard_delete)
