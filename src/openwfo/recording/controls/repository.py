"""Recording-control queries: the person's live state row (locked for the request), their active
and previous call, the people an identifier or an ACD login names, device extensions."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...models import (
    AcdServer,
    Contact,
    ContactEvent,
    ContactExport,
    ContactMetadata,
    DeviceExtension,
    MetadataField,
    Person,
    RecordingControlState,
)

SCREEN_SOURCE = "screen"  # Contact.source of a screen-only recording started by start_screen


def locked_state(db: Session, tenant_id: int, person_id: int, now: int) -> RecordingControlState:
    """The person's state row, created on first use, locked until the request commits (PostgreSQL:
    FOR UPDATE; SQLite: the writing transaction already holds the database's write lock)."""
    q = select(RecordingControlState).where(RecordingControlState.person_id == person_id).with_for_update()
    state = db.scalar(q)
    if state is not None:
        return state
    insert = pg_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.execute(insert(RecordingControlState.__table__).values(
        tenant_id=tenant_id, person_id=person_id, paused=False, updated_ms=now).on_conflict_do_nothing())
    return db.scalar(q.execution_options(populate_existing=True))


def read_state(db: Session, person_id: int) -> RecordingControlState | None:
    return db.scalar(select(RecordingControlState).where(RecordingControlState.person_id == person_id))


def active_call(db: Session, person_id: int) -> Contact | None:
    """The person's most recent in-progress contact (screen-only recordings aside)."""
    return db.scalar(select(Contact).where(Contact.person_id == person_id, Contact.is_complete.is_(False),
                                           Contact.source != SCREEN_SOURCE)
                     .order_by(Contact.start_ms.desc(), Contact.id.desc()).limit(1))


def previous_call(db: Session, person_id: int) -> Contact | None:
    """The person's most recent completed contact (screen-only recordings aside)."""
    return db.scalar(select(Contact).where(Contact.person_id == person_id, Contact.is_complete.is_(True),
                                           Contact.source != SCREEN_SOURCE)
                     .order_by(Contact.start_ms.desc(), Contact.id.desc()).limit(1))


def contact(db: Session, contact_id: int | None) -> Contact | None:
    return db.get(Contact, contact_id) if contact_id is not None else None


def event(db: Session, event_id: int | None) -> ContactEvent | None:
    return db.get(ContactEvent, event_id) if event_id is not None else None


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


def release_extension(db: Session, extension: str, keep_person_id: int, now: int) -> list[int]:
    """Log everyone else out of `extension` (a phone takes one user); answers who was."""
    others = list(db.scalars(select(RecordingControlState.person_id).where(
        RecordingControlState.extension == extension, RecordingControlState.person_id != keep_person_id)))
    if others:
        db.execute(update(RecordingControlState).where(RecordingControlState.person_id.in_(others))
                   .values(extension=None, updated_ms=now), execution_options={"synchronize_session": False})
    return others


def metadata_fields(db: Session, names: set[str]) -> dict[str, tuple[int, str]]:
    """Lower-cased name -> (field id, stored name) of the defined metadata fields among `names`."""
    wanted = sorted({n.lower() for n in names})
    out: dict[str, tuple[int, str]] = {}
    for i in range(0, len(wanted), 500):
        for fid, name in db.execute(select(MetadataField.id, MetadataField.name)
                                    .where(func.lower(MetadataField.name).in_(wanted[i:i + 500]))):
            out.setdefault(name.lower(), (fid, name))
    return out


def set_values(db: Session, tenant_id: int, contact_id: int, values: dict[int, str]) -> None:
    """Set metadata values (by field id) on a contact, replacing those fields' old values."""
    db.execute(delete(ContactMetadata).where(ContactMetadata.contact_id == contact_id,
                                             ContactMetadata.field_id.in_(list(values))),
               execution_options={"synchronize_session": False})
    db.execute(insert(ContactMetadata), [{"tenant_id": tenant_id, "contact_id": contact_id, "field_id": f, "value": v,
                                          "value_prefix": v[:200]} for f, v in values.items()])


def export_keys(db: Session, contact_id: int) -> list[tuple[int, str | None]]:
    return list(db.execute(select(ContactExport.id, ContactExport.storage_key)
                           .where(ContactExport.contact_id == contact_id)).tuples())


def open_pauses_on(db: Session, contact_id: int) -> list[RecordingControlState]:
    return list(db.scalars(select(RecordingControlState).where(RecordingControlState.paused.is_(True),
                                                               RecordingControlState.pause_contact_id == contact_id)))
