"""Queries of categories, phrases and the tenant's analytics settings."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import CasCategory, CasPhrase, CasSetting


def categories(db: Session, category_id: int | None = None) -> list[CasCategory]:
    q = select(CasCategory).order_by(CasCategory.id)
    if category_id is not None:
        q = q.where(CasCategory.id == category_id)
    return list(db.scalars(q))


def phrases(db: Session, category_ids: list[int] | None = None, phrase_id: int | None = None) -> list[CasPhrase]:
    q = select(CasPhrase).order_by(CasPhrase.id)
    if category_ids is not None:
        q = q.where(CasPhrase.category_id.in_(category_ids))
    if phrase_id is not None:
        q = q.where(CasPhrase.id == phrase_id)
    return list(db.scalars(q))


def category(db: Session, category_id: int) -> CasCategory | None:
    return db.get(CasCategory, category_id)


def phrase(db: Session, phrase_id: int) -> CasPhrase | None:
    return db.get(CasPhrase, phrase_id)


def category_ids_by_name(db: Session, names: set[str]) -> dict[str, int]:
    """Lower-cased name -> id, for the names given (compared ignoring case)."""
    if not names:
        return {}
    rows = db.execute(select(CasCategory.id, func.lower(CasCategory.name))
                      .where(func.lower(CasCategory.name).in_(sorted(names))))
    return {name: cid for cid, name in rows}


def phrase_ids_of(db: Session, category_id: int) -> list[int]:
    return list(db.scalars(select(CasPhrase.id).where(CasPhrase.category_id == category_id)))


def setting(db: Session) -> CasSetting | None:
    return db.scalar(select(CasSetting))
