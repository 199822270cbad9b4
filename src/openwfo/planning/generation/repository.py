"""What schedule generation reads: agents with their skills and details, approved exceptions, the
scheduling order of a queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import (
    ExceptionRequest,
    MultiSkillGroupAgent,
    MultiSkillGroupQueue,
    Person,
    ServiceQueueOrder,
    SkillMappingAgent,
    SkillMappingQueue,
)
from ...models.schedules import APPROVED
from ...models.wfm import ORDER_SCHEDULING


def skills(db: Session, queue_ids: Sequence[int]) -> dict[int, set[int]]:
    """Person id -> the queues among these that a skill mapping or multi-skill group gives them."""
    out: dict[int, set[int]] = {}
    ids = list(queue_ids)
    for person, queue in db.execute(
            select(SkillMappingAgent.person_id, SkillMappingQueue.service_queue_id)
            .join(SkillMappingQueue, SkillMappingQueue.skill_mapping_id == SkillMappingAgent.skill_mapping_id)
            .where(SkillMappingQueue.service_queue_id.in_(ids))):
        out.setdefault(person, set()).add(queue)
    for person, queue in db.execute(
            select(MultiSkillGroupAgent.person_id, MultiSkillGroupQueue.service_queue_id)
            .join(MultiSkillGroupQueue, MultiSkillGroupQueue.group_id == MultiSkillGroupAgent.group_id)
            .where(MultiSkillGroupQueue.service_queue_id.in_(ids))):
        out.setdefault(person, set()).add(queue)
    return out


def schedulable(db: Session, person_ids: Sequence[int]) -> list[Person]:
    """The active, scheduling-enabled persons among these."""
    if not person_ids:
        return []
    return list(db.scalars(select(Person).where(Person.id.in_(list(person_ids)), Person.enabled_for_scheduling.is_(True),
                                                Person.deactivated.is_(False), Person.agent_active.is_(True))
                           .order_by(Person.id)))


def approved_exception_dates(db: Session, person_ids: Sequence[int], first: dt.date, last: dt.date) -> dict[int, set]:
    out: dict[int, set] = {}
    for person, day in db.execute(select(ExceptionRequest.person_id, ExceptionRequest.shift_date).where(
            ExceptionRequest.person_id.in_(list(person_ids)), ExceptionRequest.status == APPROVED,
            ExceptionRequest.shift_date >= first, ExceptionRequest.shift_date <= last)):
        out.setdefault(person, set()).add(day)
    return out


def scheduling_order(db: Session, queue_id: int) -> list[tuple[str, bool]]:
    """(criteria, ascending) of the queue's scheduling order, highest priority first."""
    return [(o.criteria, o.ascending) for o in db.scalars(
        select(ServiceQueueOrder).where(ServiceQueueOrder.service_queue_id == queue_id,
                                        ServiceQueueOrder.kind == ORDER_SCHEDULING)
        .order_by(ServiceQueueOrder.priority))]
