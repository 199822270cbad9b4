"""Queries of the inclusion/exclusion lists."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import InclusionExclusionList


def all_rules(db: Session) -> list[InclusionExclusionList]:
    return list(db.scalars(select(InclusionExclusionList).order_by(InclusionExclusionList.id)))


def rule(db: Session, rule_id: int) -> InclusionExclusionList | None:
    return db.get(InclusionExclusionList, rule_id)
