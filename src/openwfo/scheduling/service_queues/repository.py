"""Queries on service queues and their children."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...models import (
    AcdServer,
    Dn,
    MultiSkillGroup,
    MultiSkillGroupQueue,
    Person,
    ServiceQueue,
    ServiceQueueDn,
    ServiceQueueHours,
    ServiceQueueOrder,
    ServiceQueueType,
    SkillMapping,
    SkillMappingQueue,
    View,
    ViewServiceQueue,
    VirtualServiceSource,
    WorkflowCondition,
    WorkflowRule,
)

SUMMARY_COLUMNS = (
    ServiceQueue.id, ServiceQueue.number, ServiceQueue.acd_server_id, ServiceQueue.name, ServiceQueue.priority,
    ServiceQueue.virtual, ServiceQueue.color, ServiceQueue.not_allow_forecast, ServiceQueue.msaq,
    ServiceQueueType.code, ServiceQueueType.name, ServiceQueueType.contact_type, ServiceQueue.shrinkage_scenario_id,
)


def summary_rows(db: Session, clause, *, contact_type: int | None, type_code: int | None,
                 forecast_allowed: bool) -> list:
    """One row per queue (SUMMARY_COLUMNS), by priority then name."""
    q = select(*SUMMARY_COLUMNS).join(ServiceQueueType, ServiceQueueType.id == ServiceQueue.type_id)
    if clause is not None:
        q = q.where(clause)
    if contact_type is not None:
        q = q.where(ServiceQueueType.contact_type == contact_type)
    if type_code is not None:
        q = q.where(ServiceQueueType.code == type_code)
    if forecast_allowed:
        q = q.where(ServiceQueue.not_allow_forecast.is_(False))
    return list(db.execute(q.order_by(ServiceQueue.priority, ServiceQueue.name)))


def view_ids_by_queue(db: Session) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for qid, vid in db.execute(select(ViewServiceQueue.service_queue_id, ViewServiceQueue.view_id)
                               .order_by(ViewServiceQueue.view_id)):
        out[qid].append(vid)
    return out


def default_view_ids(db: Session) -> list[int]:
    """The default view holds every queue (without rows)."""
    return list(db.scalars(select(View.id).where(View.is_default.is_(True))))


def skill_mapping_ids_by_queue(db: Session) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for qid, sid in db.execute(select(SkillMappingQueue.service_queue_id, SkillMappingQueue.skill_mapping_id)
                               .order_by(SkillMappingQueue.skill_mapping_id)):
        out[qid].append(sid)
    return out


def get(db: Session, queue_id: int, clause=None) -> ServiceQueue | None:
    q = select(ServiceQueue).where(ServiceQueue.id == queue_id)
    if clause is not None:
        q = q.where(clause)
    return db.scalar(q)


def by_ids(db: Session, ids) -> dict[int, ServiceQueue]:
    if not ids:
        return {}
    return {q.id: q for q in db.scalars(select(ServiceQueue).where(ServiceQueue.id.in_(list(ids))))}


def type_by_code(db: Session, code: int) -> ServiceQueueType | None:
    return db.scalar(select(ServiceQueueType).where(ServiceQueueType.code == code))


def acd_server_ids(db: Session) -> list[int]:
    return list(db.scalars(select(AcdServer.id).order_by(AcdServer.id).limit(2)))


def acd_server_exists(db: Session, acd_server_id: int) -> bool:
    return db.get(AcdServer, acd_server_id) is not None


def number_taken(db: Session, number: int, exclude_id: int | None) -> bool:
    q = select(ServiceQueue.id).where(ServiceQueue.number == number)
    if exclude_id is not None:
        q = q.where(ServiceQueue.id != exclude_id)
    return db.scalar(q.limit(1)) is not None


def priority_holder(db: Session, priority: int, exclude_id: int | None) -> str | None:
    q = select(ServiceQueue.name).where(ServiceQueue.priority == priority)
    if exclude_id is not None:
        q = q.where(ServiceQueue.id != exclude_id)
    return db.scalar(q.limit(1))


def hours(db: Session, queue_id: int) -> dict[int, ServiceQueueHours]:
    rows = db.scalars(select(ServiceQueueHours).where(ServiceQueueHours.service_queue_id == queue_id))
    return {r.weekday: r for r in rows}


def dn_links(db: Session, queue_id: int) -> list[tuple[ServiceQueueDn, Dn]]:
    return list(db.execute(select(ServiceQueueDn, Dn).join(Dn, Dn.id == ServiceQueueDn.dn_id)
                           .where(ServiceQueueDn.service_queue_id == queue_id).order_by(Dn.number)).tuples())


def dns(db: Session, ids) -> set[int]:
    if not ids:
        return set()
    return set(db.scalars(select(Dn.id).where(Dn.id.in_(list(ids)))))


def virtual_links(db: Session, queue_id: int) -> list[tuple[VirtualServiceSource, ServiceQueue]]:
    return list(db.execute(
        select(VirtualServiceSource, ServiceQueue)
        .join(ServiceQueue, ServiceQueue.id == VirtualServiceSource.source_queue_id)
        .where(VirtualServiceSource.virtual_queue_id == queue_id).order_by(ServiceQueue.name)).tuples())


def orders(db: Session, queue_id: int) -> list[ServiceQueueOrder]:
    return list(db.scalars(select(ServiceQueueOrder).where(ServiceQueueOrder.service_queue_id == queue_id)
                           .order_by(ServiceQueueOrder.kind, ServiceQueueOrder.priority)))


def skill_mapping_links(db: Session, queue_id: int) -> list[tuple[SkillMappingQueue, SkillMapping]]:
    return list(db.execute(
        select(SkillMappingQueue, SkillMapping).join(SkillMapping, SkillMapping.id == SkillMappingQueue.skill_mapping_id)
        .where(SkillMappingQueue.service_queue_id == queue_id)
        .order_by(SkillMappingQueue.priority, SkillMapping.name)).tuples())


def group_links(db: Session, queue_id: int) -> list[tuple[MultiSkillGroupQueue, MultiSkillGroup]]:
    return list(db.execute(
        select(MultiSkillGroupQueue, MultiSkillGroup)
        .join(MultiSkillGroup, MultiSkillGroup.id == MultiSkillGroupQueue.group_id)
        .where(MultiSkillGroupQueue.service_queue_id == queue_id)
        .order_by(MultiSkillGroupQueue.priority, MultiSkillGroup.name)).tuples())


def main_agent_ids(db: Session, queue_id: int) -> set[int]:
    return set(db.scalars(select(Person.id).where(Person.main_service_queue_id == queue_id)))


def set_main_queue(db: Session, person_ids, queue_id: int | None) -> None:
    if person_ids:
        db.execute(update(Person).where(Person.id.in_(list(person_ids))).values(main_service_queue_id=queue_id))


def clear_main_queue(db: Session, queue_id: int) -> None:
    db.execute(update(Person).where(Person.main_service_queue_id == queue_id).values(main_service_queue_id=None))


def workflow_rules_referencing(db: Session, queue_id: int) -> list[tuple[int, str]]:
    return list(db.execute(
        select(WorkflowRule.id, WorkflowRule.name).join(WorkflowCondition, WorkflowCondition.rule_id == WorkflowRule.id)
        .where(WorkflowCondition.service_queue_id == queue_id).distinct().order_by(WorkflowRule.name)).tuples())
