"""Queries of the Contact API: contact rows as plain tuples, the look-ups that render them, the
metadata, events and media of one contact, and the basic search.

A contact is read as one row of the `ROW` columns (in that order; `wire.py` unpacks it), never as an
ORM object, so the streamed search renders rows straight from the cursor.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from ...models import (
    Contact,
    ContactEvent,
    ContactMedia,
    ContactMetadata,
    EvalForm,
    Group,
    MetadataField,
    Person,
    Team,
)

# The columns a contact's JSON needs, in the order `wire.contact_json` unpacks them.
ROW = (Contact.id, Contact.start_ms, Contact.tz, Contact.duration_ms, Contact.ani, Contact.dnis, Contact.line,
       Contact.call_id, Contact.icm_call_id, Contact.assoc_call_id, Contact.direction, Contact.contact_type,
       Contact.medium, Contact.is_complete, Contact.person_id, Contact.team_id, Contact.group_id,
       Contact.quality_reason_id, Contact.evaluation_id, Contact.evaluated_ms, Contact.eval_state, Contact.eval_score,
       Contact.eval_form_id, Contact.evaluator_id, Contact.hr, Contact.training, Contact.scored,
       Contact.needs_approval, Contact.tagged, Contact.audio_uploaded, Contact.screen_uploaded, Contact.has_recording,
       Contact.archive_workflow_id, Contact.quality_workflow_id, Contact.silence_events, Contact.talkover_events,
       Contact.is_root, Contact.reconciled, Contact.exclusion_reason)
NEWEST_FIRST = (Contact.start_ms.desc(), Contact.id.desc())
# LIMIT beyond what a BIGINT holds means "every row".
LIMIT_ALL = 2**62


# ------------------------------------------------------------------ search

def count(db: Session, where: list) -> int:
    """How many contacts match: one COUNT(*) over the indexed query (an index-only scan where the
    filters are in the index: COUNT(id) would make PostgreSQL read every row's id from the table)."""
    return int(db.scalar(select(func.count()).select_from(Contact).where(*where)) or 0)


def rows(db: Session, where: list, offset: int, limit: int) -> list:
    """One page of matching contact rows, newest first."""
    q = select(*ROW).where(*where).order_by(*NEWEST_FIRST).limit(min(limit, LIMIT_ALL)).offset(offset)
    return list(db.execute(q))


def stream_rows(db: Session, tenant_id: int, where: list, offset: int, limit: int, batch: int) -> Iterator[list]:
    """The matching contact rows, newest first, `batch` rows at a time from one server-side cursor
    (SQLite steps the statement; PostgreSQL fetches from a named cursor). Executed as Core on the
    session's connection (no ORM row handling), so the tenant condition is part of the statement."""
    q = (select(*ROW).where(Contact.tenant_id == tenant_id, *where).order_by(*NEWEST_FIRST)
         .limit(min(limit, LIMIT_ALL)).offset(offset))
    result = db.connection().execution_options(yield_per=batch).execute(q)
    try:
        yield from result.partitions(batch)
    finally:
        result.close()


def row(db: Session, contact_id: int, scope):
    """One contact's row, when it exists and `scope` (a WHERE clause or None) lets the caller see it."""
    q = select(*ROW).where(Contact.id == contact_id)
    if scope is not None:
        q = q.where(scope)
    return db.execute(q).first()


# ------------------------------------------------------------------ what rows refer to

def people(db: Session, ids) -> list:
    """(id, first_name, last_name, email, display_id) of the given persons."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return []
    return list(db.execute(select(Person.id, Person.first_name, Person.last_name, Person.email, Person.display_id)
                           .where(Person.id.in_(ids))))


def team_names(db: Session, ids) -> dict[int, str]:
    ids = [i for i in ids if i is not None]
    return dict(db.execute(select(Team.id, Team.name).where(Team.id.in_(ids))).tuples().all()) if ids else {}


def group_names(db: Session, ids) -> dict[int, str]:
    ids = [i for i in ids if i is not None]
    return dict(db.execute(select(Group.id, Group.name).where(Group.id.in_(ids))).tuples().all()) if ids else {}


def form_names(db: Session, ids) -> dict[int, str]:
    ids = [i for i in ids if i is not None]
    return dict(db.execute(select(EvalForm.id, EvalForm.name).where(EvalForm.id.in_(ids))).tuples().all()) if ids else {}


def metadata_of(db: Session, contact_ids: list[int], keys: set[str] | None) -> dict[int, dict[str, str]]:
    """Per contact, {name: value} of its metadata (only `keys` when given)."""
    q = (select(ContactMetadata.contact_id, MetadataField.name, ContactMetadata.value)
         .join(MetadataField, MetadataField.id == ContactMetadata.field_id)
         .where(ContactMetadata.contact_id.in_(contact_ids)))
    if keys is not None:
        q = q.where(MetadataField.name.in_(keys))
    out: dict[int, dict[str, str]] = {}
    for contact_id, name, value in db.execute(q):
        out.setdefault(contact_id, {})[name] = value
    return out


def events_of(db: Session, contact_ids: list[int]) -> list:
    """(id, contact_id, kind, start_offset_ms, duration_ms) of the contacts' events, in time order."""
    return list(db.execute(select(ContactEvent.id, ContactEvent.contact_id, ContactEvent.kind,
                                  ContactEvent.start_offset_ms, ContactEvent.duration_ms)
                           .where(ContactEvent.contact_id.in_(contact_ids))
                           .order_by(ContactEvent.contact_id, ContactEvent.start_offset_ms, ContactEvent.id)))


def event_totals(db: Session, contact_ids: list[int]) -> list:
    """(contact_id, kind, count, total ms, longest ms) per contact and event kind."""
    return list(db.execute(select(ContactEvent.contact_id, ContactEvent.kind, func.count(),
                                  func.sum(ContactEvent.duration_ms), func.max(ContactEvent.duration_ms))
                           .where(ContactEvent.contact_id.in_(contact_ids))
                           .group_by(ContactEvent.contact_id, ContactEvent.kind)))


# ------------------------------------------------------------------ one contact's resources

def metadata_values(db: Session, contact_id: int) -> dict[str, str]:
    rows_ = db.execute(select(MetadataField.name, ContactMetadata.value)
                       .join(MetadataField, MetadataField.id == ContactMetadata.field_id)
                       .where(ContactMetadata.contact_id == contact_id).order_by(MetadataField.name))
    return {name: value for name, value in rows_}


def delete_metadata_value(db: Session, contact_id: int, key: str) -> None:
    field_id = db.scalar(select(MetadataField.id).where(MetadataField.name == key))
    db.execute(delete(ContactMetadata).where(ContactMetadata.contact_id == contact_id,
                                             ContactMetadata.field_id == field_id))


def media_of(db: Session, contact_id: int) -> list[ContactMedia]:
    return list(db.scalars(select(ContactMedia).where(ContactMedia.contact_id == contact_id).order_by(ContactMedia.id)))


def latest_matching(db: Session, scope, ani: str | None, dnis: str | None, first_name: str | None,
                    last_name: str | None, username: str | None):
    """The most recent contact row matching every given value (basic search)."""
    q = select(*ROW)
    if scope is not None:
        q = q.where(scope)
    if ani:
        q = q.where(Contact.ani == ani)
    if dnis:
        q = q.where(or_(Contact.dnis == dnis, Contact.line == dnis))
    if first_name or last_name or username:
        persons = select(Person.id)
        if first_name:
            persons = persons.where(func.lower(Person.first_name) == first_name.lower())
        if last_name:
            persons = persons.where(func.lower(Person.last_name) == last_name.lower())
        if username:
            persons = persons.where(func.lower(Person.email) == username.lower())
        q = q.where(Contact.person_id.in_(persons))
    return db.execute(q.order_by(*NEWEST_FIRST).limit(1)).first()
