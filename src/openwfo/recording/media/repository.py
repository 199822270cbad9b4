"""Queries on a contact's stored media and their energy envelopes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ContactMedia, MediaEnergy


def audio_media(db: Session, contact_id: int) -> list[ContactMedia]:
    """The contact's recordings that hold audio (audio or combined), oldest first."""
    return list(db.scalars(select(ContactMedia).where(ContactMedia.contact_id == contact_id,
                                                      ContactMedia.kind.in_(("audio", "combined")))
                           .order_by(ContactMedia.id)))


def energy(db: Session, media_id: int) -> MediaEnergy | None:
    return db.get(MediaEnergy, media_id)
