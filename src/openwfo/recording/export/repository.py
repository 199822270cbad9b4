"""Export queries. A request's session is tenant-bound; the job's session is bound to the job's
tenant; the periodic sweep's is unbound (every tenant's expired exports)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Contact, ContactExport, ContactMedia


def expired(db: Session, cutoff: int, limit: int) -> list[ContactExport]:
    """Ready or failed exports finished at or before `cutoff`, oldest first."""
    return list(db.scalars(select(ContactExport).where(ContactExport.status.in_(("ready", "failed")),
                                                       ContactExport.finished_ms <= cutoff)
                           .order_by(ContactExport.id).limit(limit)))


def get(db: Session, export_id: int) -> ContactExport | None:
    return db.get(ContactExport, export_id)


def of_contact(db: Session, contact_id: int, kind: str) -> ContactExport | None:
    """The contact's export in one format (one row per contact and format)."""
    return db.scalar(select(ContactExport).where(ContactExport.contact_id == contact_id, ContactExport.format == kind))


def contact(db: Session, contact_id: int) -> Contact | None:
    return db.get(Contact, contact_id)


def media_of(db: Session, contact_id: int) -> list[ContactMedia]:
    return list(db.scalars(select(ContactMedia).where(ContactMedia.contact_id == contact_id).order_by(ContactMedia.id)))
