"""Recording-control queries: the person's live state row (locked for the request), their active
and previous call, the people an identifier or an ACD login names, device extensions.

The commands an agent's desktop sends many times a call (pause, resume, tag, metadata) run on a
handful of Core statements over plain columns — no ORM entities, no unit of work — each carrying
the tenant condition itself (Core statements bypass the session's tenant criteria)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ...models import (
    AcdServer,
    Contact,
    ContactEvent,
    ContactExport,
    ContactMetadata,
    DeviceExtension,
    Person,
    RecordingControlState,
)

SCREEN_SOURCE = "screen"  # Contact.source of a screen-only recording started by start_screen
TAGGED_REASON = 6  # QUALITY_REASONS: Tagged
_S = RecordingControlState.__table__
_C = Contact.__table__
_E = ContactEvent.__table__
_M = ContactMetadata.__table__


@dataclass
class State:
    """A person's live recording-control state (a qm_recording_control row), changed in memory and
    written back once by `save_state`."""

    person_id: int
    paused: bool = False
    pause_contact_id: int | None = None
    pause_event_id: int | None = None
    paused_ms: int | None = None
    screen_contact_id: int | None = None
    extension: str | None = None
    updated_ms: int = 0

    def values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "person_id"}


_STATE_NAMES = [f.name for f in fields(State)]


@dataclass
class Call:
    """The columns of a contact the commands need."""

    id: int
    person_id: int | None
    start_ms: int
    duration_ms: int
    is_complete: bool
    has_recording: bool


_CALL_COLS = "id, person_id, start_ms, duration_ms, is_complete, has_recording"


def _call(row) -> Call | None:
    return Call(row[0], row[1], row[2], row[3] or 0, bool(row[4]), bool(row[5])) if row is not None else None


_CONN = "openwfo.recording_controls.connection"


def _connection(db: Session):
    """The session's connection, kept for the rest of its transaction (asking the session each time
    costs more than a statement)."""
    tx = db.get_transaction()
    cached = db.info.get(_CONN)
    if cached is not None and tx is not None and cached[0] is tx:
        return cached[1]
    conn = db.connection()
    db.info[_CONN] = (db.get_transaction(), conn)
    return conn


def _run(db: Session, sql: str, params: tuple):
    """Driver SQL (`?` placeholders, turned into the driver's style): these few statements run for
    every command, and SQLAlchemy's statement handling would cost more than the store's work."""
    conn = _connection(db)
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")
    return conn.exec_driver_sql(sql, params)


def locked_state(db: Session, tenant_id: int, person_id: int, now: int) -> tuple[State, dict]:
    """The person's state (created on first use), locked until the request commits (PostgreSQL:
    FOR UPDATE; SQLite: the writing transaction already holds the database's write lock); with a
    snapshot of its values to tell whether it changed."""
    lock = "" if _connection(db).dialect.name == "sqlite" else " FOR UPDATE"
    q = (f"SELECT {', '.join(_STATE_NAMES)} FROM qm_recording_control WHERE tenant_id = ? AND person_id = ?{lock}")
    row = _run(db, q, (tenant_id, person_id)).first()
    if row is None:
        _run(db, "INSERT INTO qm_recording_control (tenant_id, person_id, paused, updated_ms) VALUES (?, ?, ?, ?) "
                 "ON CONFLICT DO NOTHING", (tenant_id, person_id, False, now))
        row = _run(db, q, (tenant_id, person_id)).first()
    state = State(row[0], bool(row[1]), *row[2:])
    return state, state.values()


def save_state(db: Session, tenant_id: int, state: State, before: dict) -> None:
    values = state.values()
    changed = [k for k in values if values[k] != before.get(k)]
    if changed:
        _run(db, f"UPDATE qm_recording_control SET {', '.join(f'{k} = ?' for k in changed)} "
                 "WHERE tenant_id = ? AND person_id = ?", (*[values[k] for k in changed], tenant_id, state.person_id))


def read_state(db: Session, person_id: int) -> RecordingControlState | None:
    return db.scalar(select(RecordingControlState).where(RecordingControlState.person_id == person_id))


def _latest(db: Session, tenant_id: int, person_id: int, complete: bool) -> Call | None:
    return _call(_run(db, f"SELECT {_CALL_COLS} FROM qm_contact WHERE tenant_id = ? AND person_id = ? "
                          "AND is_complete = ? AND source <> ? ORDER BY start_ms DESC, id DESC LIMIT 1",
                      (tenant_id, person_id, complete, SCREEN_SOURCE)).first())


def active_call(db: Session, tenant_id: int, person_id: int) -> Call | None:
    """The person's most recent in-progress contact (screen-only recordings aside)."""
    return _latest(db, tenant_id, person_id, False)


def previous_call(db: Session, tenant_id: int, person_id: int) -> Call | None:
    """The person's most recent completed contact (screen-only recordings aside)."""
    return _latest(db, tenant_id, person_id, True)


def call(db: Session, tenant_id: int, contact_id: int | None) -> Call | None:
    if contact_id is None:
        return None
    return _call(_run(db, f"SELECT {_CALL_COLS} FROM qm_contact WHERE tenant_id = ? AND id = ?",
                      (tenant_id, contact_id)).first())


def touch(db: Session, tenant_id: int, contact_id: int, now: int, tagged: bool = False) -> None:
    """Mark the contact changed (and tagged: the recording reason becomes Tagged)."""
    if tagged:
        _run(db, "UPDATE qm_contact SET updated_ms = ?, tagged = ?, quality_reason_id = ? WHERE tenant_id = ? AND id = ?",
             (now, True, TAGGED_REASON, tenant_id, contact_id))
    else:
        _run(db, "UPDATE qm_contact SET updated_ms = ? WHERE tenant_id = ? AND id = ?", (now, tenant_id, contact_id))


def add_pause_event(db: Session, tenant_id: int, contact_id: int, offset_ms: int) -> int:
    return _run(db, "INSERT INTO qm_contact_event (tenant_id, contact_id, kind, start_offset_ms, duration_ms) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING id", (tenant_id, contact_id, "pause", offset_ms, 0)).scalar_one()


def pause_event(db: Session, tenant_id: int, event_id: int | None) -> tuple[int, int, int] | None:
    """(id, contact id, start offset) of a pause event."""
    if event_id is None:
        return None
    row = _run(db, "SELECT id, contact_id, start_offset_ms FROM qm_contact_event WHERE tenant_id = ? AND id = ?",
               (tenant_id, event_id)).first()
    return tuple(row) if row is not None else None


def set_event_duration(db: Session, tenant_id: int, event_id: int, duration_ms: int) -> None:
    _run(db, "UPDATE qm_contact_event SET duration_ms = ? WHERE tenant_id = ? AND id = ?",
         (duration_ms, tenant_id, event_id))


_PERSON = (Person.id, Person.team_id, Person.time_zone, Person.deactivated)


def person_by(db: Session, kind: str, key: str) -> list:
    """(id, team_id, time_zone, deactivated) of the persons named by id, adLogin (domain\\user, any
    case) or email (any case). Plain columns: a Person entity would load its roles, scope and views."""
    if kind == "id":
        where = Person.id == int(key)
    else:
        where = (func.lower(Person.ad_login) if kind == "ad" else func.lower(Person.email)) == key.lower()
    return list(db.execute(select(*_PERSON).where(where).limit(2)))


def acd_servers(db: Session) -> list[AcdServer]:
    return list(db.scalars(select(AcdServer).order_by(AcdServer.id)))


def persons_with_acd_id(db: Session, acd_id: str, server_id: int) -> list:
    return list(db.execute(select(*_PERSON).where(Person.acd_id == acd_id, Person.acd_server_id == server_id)
                           .order_by(Person.id).limit(2)))


def extension_exists(db: Session, extension: str) -> bool:
    return db.scalar(select(DeviceExtension.id).where(DeviceExtension.extension == extension).limit(1)) is not None


def release_extension(db: Session, tenant_id: int, extension: str, keep_person_id: int, now: int) -> None:
    """Log everyone else out of `extension` (a phone takes one user)."""
    db.execute(update(_S).where(_S.c.tenant_id == tenant_id, _S.c.extension == extension,
                                _S.c.person_id != keep_person_id).values(extension=None, updated_ms=now))


def metadata_fields(db: Session, tenant_id: int, names: set[str]) -> dict[str, tuple[int, str]]:
    """Lower-cased name -> (field id, stored name) of the defined metadata fields among `names`."""
    wanted = sorted({n.lower() for n in names})
    out: dict[str, tuple[int, str]] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i:i + 500]
        for fid, name in _run(db, f"SELECT id, name FROM qm_metadata_field WHERE tenant_id = ? AND lower(name) IN "
                                  f"({', '.join('?' * len(part))})", (tenant_id, *part)):
            out.setdefault(name.lower(), (fid, name))
    return out


def set_values(db: Session, tenant_id: int, contact_id: int, values: dict[int, str]) -> None:
    """Set metadata values (by field id) on a contact, replacing those fields' old values."""
    ids = list(values)
    _run(db, f"DELETE FROM qm_contact_metadata WHERE tenant_id = ? AND contact_id = ? AND field_id IN "
             f"({', '.join('?' * len(ids))})", (tenant_id, contact_id, *ids))
    sql = "INSERT INTO qm_contact_metadata (tenant_id, contact_id, field_id, value, value_prefix) VALUES (?, ?, ?, ?, ?)"
    conn = _connection(db)
    if conn.dialect.name != "sqlite":
        sql = sql.replace("?", "%s")
    conn.exec_driver_sql(sql, [(tenant_id, contact_id, f, v, v[:200]) for f, v in values.items()])


def export_keys(db: Session, contact_id: int) -> list[tuple[int, str | None]]:
    return list(db.execute(select(ContactExport.id, ContactExport.storage_key)
                           .where(ContactExport.contact_id == contact_id)).tuples())


def paused_on(db: Session, tenant_id: int, contact_id: int) -> list[int]:
    """The persons whose open pause is on this contact."""
    return list(db.scalars(select(_S.c.person_id).where(_S.c.tenant_id == tenant_id, _S.c.paused.is_(True),
                                                        _S.c.pause_contact_id == contact_id)))
