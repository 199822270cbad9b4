"""Import preference queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ImportPreference


def list_preferences(db: Session) -> list[ImportPreference]:
    return list(db.scalars(select(ImportPreference).order_by(ImportPreference.id)))


def get_preference(db: Session, preference_id: int) -> ImportPreference | None:
    return db.scalars(select(ImportPreference).where(ImportPreference.id == preference_id)).first()


def find_by_name(db: Session, import_type: str, name: str) -> ImportPreference | None:
    return db.scalars(select(ImportPreference).where(ImportPreference.type == import_type,
                                                     ImportPreference.name == name)).first()
