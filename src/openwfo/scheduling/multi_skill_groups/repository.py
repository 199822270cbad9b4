"""Queries on multi-skill groups."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import MultiSkillGroup, MultiSkillGroupAgent, MultiSkillGroupQueue


def list_all(db: Session) -> list[MultiSkillGroup]:
    return list(db.scalars(select(MultiSkillGroup).order_by(MultiSkillGroup.name, MultiSkillGroup.id)))


def get(db: Session, group_id: int) -> MultiSkillGroup | None:
    return db.get(MultiSkillGroup, group_id)


def queue_links(db: Session, group_id: int) -> dict[int, MultiSkillGroupQueue]:
    rows = db.scalars(select(MultiSkillGroupQueue).where(MultiSkillGroupQueue.group_id == group_id))
    return {r.service_queue_id: r for r in rows}


def agent_links(db: Session, group_id: int) -> dict[int, MultiSkillGroupAgent]:
    rows = db.scalars(select(MultiSkillGroupAgent).where(MultiSkillGroupAgent.group_id == group_id))
    return {r.person_id: r for r in rows}


def agent_links_of(db: Session, person_ids) -> dict[int, MultiSkillGroupAgent]:
    if not person_ids:
        return {}
    rows = db.scalars(select(MultiSkillGroupAgent).where(MultiSkillGroupAgent.person_id.in_(list(person_ids))))
    return {r.person_id: r for r in rows}
