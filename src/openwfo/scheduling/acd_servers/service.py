"""ACD servers: create, read, update, delete (refused while a queue or person points at the server)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import BadRequest, NotFound
from ...models import AcdServer
from ..rules import Violations, check_name, name_taken
from . import repository
from .schemas import AcdServerCreate, AcdServerRead, AcdServerUpdate

SUBJECT = "ACD server"


def to_read(s: AcdServer) -> AcdServerRead:
    return AcdServerRead(id=s.id, name=s.name, acd_type=s.acd_type, peripheral_id=s.peripheral_id)


def list_acd_servers(db: Session) -> list[AcdServerRead]:
    return [to_read(s) for s in repository.list_all(db)]


def get_acd_server(db: Session, acd_server_id: int) -> AcdServer:
    server = repository.get(db, acd_server_id)
    if server is None:
        raise NotFound(f"ACD server {acd_server_id} does not exist")
    return server


def _apply(db: Session, server: AcdServer, body: AcdServerCreate, creating: bool) -> None:
    v = Violations(SUBJECT)
    fields = body.model_fields_set
    if creating or "name" in fields:
        name = check_name(v, "name", body.name, max_len=100)
        if name and name_taken(db, AcdServer, name, server.id):
            v.add("name", f"must be unique: '{name}' is already used")
        server.name = name or server.name
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


def create_acd_server(db: Session, body: AcdServerCreate) -> AcdServerRead:
    server = AcdServer(name="", acd_type="")
    _apply(db, server, body, creating=True)
    db.add(server)
    db.flush()
    return to_read(server)


def update_acd_server(db: Session, acd_server_id: int, body: AcdServerUpdate) -> AcdServerRead:
    server = get_acd_server(db, acd_server_id)
    _apply(db, server, body, creating=False)
    db.flush()
    return to_read(server)


def delete_acd_server(db: Session, acd_server_id: int) -> None:
    server = get_acd_server(db, acd_server_id)
    queues = repository.queue_names_using(db, server.id)
    if queues:
        raise BadRequest(f"ACD server {server.id} is used by service queue(s): {', '.join(queues)}",
                         errors=[{"field": "acdServerId", "reason": "in use by service queues"}])
    if repository.person_count_using(db, server.id):
        raise BadRequest(f"ACD server {server.id} is used by persons (their acdServerId)",
                         errors=[{"field": "acdServerId", "reason": "in use by persons"}])
    db.delete(server)
    db.flush()
