"""Inclusion/exclusion list rules: CRUD; the lists are applied at import (see matching.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import BadRequest, NotFound
from ...kit.clock import now_ms
from ...models import InclusionExclusionList
from . import repository
from .schemas import InclusionExclusionCreate


def list_rules(db: Session) -> list[InclusionExclusionList]:
    return repository.all_rules(db)


def get_rule(db: Session, rule_id: int) -> InclusionExclusionList:
    row = repository.rule(db, rule_id)
    if row is None:
        raise NotFound(f"Inclusion/exclusion list {rule_id} does not exist")
    return row


def create_rule(db: Session, body: InclusionExclusionCreate) -> InclusionExclusionList:
    now = now_ms()
    row = InclusionExclusionList(list_type=body.inclusionExclusionType, pattern_type=body.inclusionExclusionPatternType,
                                 pattern=body.pattern, direction=body.inclusionExclusionCallDirection,
                                 created_ms=now, updated_ms=now)
    db.add(row)
    db.flush()
    return row


def update_rule(db: Session, rule_id: int, body: InclusionExclusionCreate) -> InclusionExclusionList:
    if body.inclusionExclusionListId is not None and body.inclusionExclusionListId != rule_id:
        raise BadRequest("inclusionExclusionListId does not match the list in the path",
                         errors=[{"field": "inclusionExclusionListId", "reason": "must match the path id"}])
    row = get_rule(db, rule_id)
    row.list_type = body.inclusionExclusionType
    row.pattern_type = body.inclusionExclusionPatternType
    row.pattern = body.pattern
    row.direction = body.inclusionExclusionCallDirection
    row.updated_ms = now_ms()
    db.flush()
    return row


def delete_rule(db: Session, rule_id: int) -> None:
    db.delete(get_rule(db, rule_id))
    db.flush()
