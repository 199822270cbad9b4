"""Queries and bulk writes of the contact import.

The session is bound to the importing tenant: reads see that tenant only, and every bulk insert is
an ORM insert (`db.execute(insert(Model), rows)`), whose rows db.py stamps with the session's
tenant, so no row here names its tenant.
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from ...models import (
    Contact,
    ContactEvent,
    ContactMedia,
    ContactMetadata,
    InclusionExclusionList,
    Job,
    MetadataField,
    Person,
    Team,
    Tenant,
)

CHUNK = 500
_AGENT_COLUMNS = {"id": Person.id, "email": func.lower(Person.email), "ad": func.lower(Person.ad_login)}


def agents_by(db: Session, kind: str, values: list) -> list:
    """(id, email, ad_login, team_id, group_id) of the persons whose id / lower(email) /
    lower(ad_login) (`kind`: id, email, ad) is one of `values`."""
    q = (select(Person.id, Person.email, Person.ad_login, Person.team_id, Team.group_id)
         .join(Team, Team.id == Person.team_id).where(_AGENT_COLUMNS[kind].in_(values)))
    return list(db.execute(q))


def tenant_time_zone(db: Session, tenant_id: int) -> str | None:
    tenant = db.get(Tenant, tenant_id)
    return tenant.time_zone if tenant else None


def inclusion_lists(db: Session) -> list[InclusionExclusionList]:
    return list(db.scalars(select(InclusionExclusionList)))


def contacts_with_call_ids(db: Session, call_ids: list[str]) -> list:
    """(id, call_id, person_id, start_ms, is_root, reconciled) of the contacts with these CallIds."""
    out: list = []
    for i in range(0, len(call_ids), CHUNK):
        out += db.execute(select(Contact.id, Contact.call_id, Contact.person_id, Contact.start_ms, Contact.is_root,
                                 Contact.reconciled).where(Contact.call_id.in_(call_ids[i:i + CHUNK])))
    return out


def contact(db: Session, contact_id: int) -> Contact | None:
    return db.get(Contact, contact_id)


def media_of(db: Session, contact_id: int) -> list[ContactMedia]:
    return list(db.scalars(select(ContactMedia).where(ContactMedia.contact_id == contact_id)))


def media_kinds_of(db: Session, contact_id: int) -> list[str]:
    return list(db.scalars(select(ContactMedia.kind).where(ContactMedia.contact_id == contact_id)))


def events_of(db: Session, contact_id: int) -> list[ContactEvent]:
    return list(db.scalars(select(ContactEvent).where(ContactEvent.contact_id == contact_id)))


# ------------------------------------------------------------------ metadata

def metadata_fields(db: Session, names: list[str]) -> dict[str, int]:
    """Field ids by name for the names that exist."""
    out: dict[str, int] = {}
    for i in range(0, len(names), CHUNK):
        part = names[i:i + CHUNK]
        out.update({f.name: f.id for f in db.scalars(select(MetadataField).where(MetadataField.name.in_(part)))})
    return out


def add_metadata_field(db: Session, name: str, now: int) -> int:
    row = MetadataField(name=name, created_ms=now)
    db.add(row)
    db.flush()
    return row.id


def delete_metadata(db: Session, contact_id: int, field_ids: list[int] | None = None) -> None:
    """Delete a contact's metadata values: all of them, or those of `field_ids`."""
    q = delete(ContactMetadata).where(ContactMetadata.contact_id == contact_id)
    if field_ids is not None:
        q = q.where(ContactMetadata.field_id.in_(field_ids))
    db.execute(q)


# ------------------------------------------------------------------ bulk writes

def bulk_insert(db: Session, model, rows: list[dict]) -> None:
    """One executemany through the ORM (rows stamped with the session's tenant)."""
    if rows:
        db.execute(insert(model), rows)


def insert_returning_ids(db: Session, model, rows: list[dict]) -> list[int]:
    """Insert rows and answer their new ids, in order, with one executemany.

    RETURNING with guaranteed order makes SQLAlchemy insert one row at a time on SQLite, so ids
    are assigned here: on PostgreSQL drawn from the id sequence, on SQLite counted on from the
    first row's (its insert takes the database's write lock, so nobody else inserts meanwhile).
    The inserts are ORM inserts, so a tenant-bound session stamps each row with its tenant.
    """
    if not rows:
        return []
    if db.connection().dialect.name == "postgresql":
        table = model.__table__.name
        ids = list(db.execute(
            sql_text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, :n)"),
            {"n": len(rows)}).scalars())
        db.execute(insert(model), [{**r, "id": i} for r, i in zip(rows, ids, strict=True)])
        return ids
    first = db.execute(insert(model).returning(model.id), [rows[0]]).scalar_one()
    ids = [first] + list(range(first + 1, first + len(rows)))
    if len(rows) > 1:
        db.execute(insert(model), [{**r, "id": i} for r, i in zip(rows[1:], ids[1:], strict=True)])
    return ids


# ------------------------------------------------------------------ the upload job's row

def job_result(db: Session, job_id: int) -> dict:
    """What earlier attempts of the upload job committed (its result so far)."""
    job = db.get(Job, job_id)
    return dict(job.result or {}) if job is not None else {}


def record_job_progress(db: Session, job_id: int, result: dict, progress: int) -> None:
    """The chunks done so far, in the transaction that imported the last of them."""
    db.execute(update(Job).where(Job.id == job_id).values(result=result, progress=progress))
