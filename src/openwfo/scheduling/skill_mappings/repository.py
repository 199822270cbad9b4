"""Queries on skill mappings."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Person, ServiceQueue, SkillMapping, SkillMappingAgent, SkillMappingQueue


def list_visible(db: Session, clause) -> list[SkillMapping]:
    q = select(SkillMapping).order_by(SkillMapping.name, SkillMapping.id)
    if clause is not None:
        q = q.where(clause)
    return list(db.scalars(q))


def get(db: Session, skill_mapping_id: int, clause) -> SkillMapping | None:
    q = select(SkillMapping).where(SkillMapping.id == skill_mapping_id)
    if clause is not None:
        q = q.where(clause)
    return db.scalar(q)


def agent_ids(db: Session, skill_mapping_id: int) -> set[int]:
    return set(db.scalars(select(SkillMappingAgent.person_id)
                          .where(SkillMappingAgent.skill_mapping_id == skill_mapping_id)))


def queue_links(db: Session, skill_mapping_id: int) -> dict[int, SkillMappingQueue]:
    rows = db.scalars(select(SkillMappingQueue).where(SkillMappingQueue.skill_mapping_id == skill_mapping_id))
    return {r.service_queue_id: r for r in rows}


def agents(db: Session, ids) -> list:
    """(id, first_name, last_name, acd_id) rows of these persons, by name."""
    if not ids:
        return []
    return list(db.execute(select(Person.id, Person.first_name, Person.last_name, Person.acd_id)
                           .where(Person.id.in_(list(ids)))
                           .order_by(Person.last_name, Person.first_name, Person.id)))


def queues(db: Session, ids) -> dict[int, ServiceQueue]:
    if not ids:
        return {}
    return {q.id: q for q in db.scalars(select(ServiceQueue).where(ServiceQueue.id.in_(list(ids))))}
