"""Queries on WFM views and their members."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import (
    Person,
    PersonView,
    ServiceQueue,
    SkillMapping,
    View,
    ViewAgent,
    ViewServiceQueue,
    ViewSkillMapping,
)


def list_all(db: Session) -> list[View]:
    return list(db.scalars(select(View).order_by(View.is_default.desc(), View.name)))


def get(db: Session, view_id: int) -> View | None:
    return db.get(View, view_id)


def by_ids(db: Session, ids) -> dict[int, View]:
    if not ids:
        return {}
    return {v.id: v for v in db.scalars(select(View).where(View.id.in_(list(ids))))}


def member_ids(db: Session, view: View) -> tuple[set[int], set[int], set[int]]:
    """(queue ids, skill mapping ids, agent ids) of a view; the default view holds every queue and
    skill mapping and every scheduling-enabled person."""
    if view.is_default:
        return (set(db.scalars(select(ServiceQueue.id))), set(db.scalars(select(SkillMapping.id))),
                set(db.scalars(select(Person.id).where(Person.enabled_for_scheduling.is_(True)))))
    return (set(db.scalars(select(ViewServiceQueue.service_queue_id).where(ViewServiceQueue.view_id == view.id))),
            set(db.scalars(select(ViewSkillMapping.skill_mapping_id).where(ViewSkillMapping.view_id == view.id))),
            set(db.scalars(select(ViewAgent.person_id).where(ViewAgent.view_id == view.id))))


def holder_ids(db: Session, view_id: int) -> list[int]:
    return list(db.scalars(select(PersonView.person_id).where(PersonView.view_id == view_id)))


def delete_members(db: Session, model, view_id: int, member_col, ids) -> None:
    for row in db.scalars(select(model).where(model.view_id == view_id, member_col.in_(list(ids)))):
        db.delete(row)
