"""What staffing requirements read: queue objectives, opening hours, queue types, multi-skill groups."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import MultiSkillGroupQueue, ServiceQueueHours, ServiceQueueType
from ...models.wfm import NON_INTERACTIVE


def non_interactive(db: Session, type_ids: Sequence[int]) -> set[int]:
    """The queue type ids among these whose contacts are non-interactive."""
    return set(db.scalars(select(ServiceQueueType.id).where(ServiceQueueType.id.in_(list(type_ids)),
                                                           ServiceQueueType.contact_type == NON_INTERACTIVE)))


def hours(db: Session, queue_ids: Sequence[int]) -> dict[int, dict[int, ServiceQueueHours]]:
    """Queue id -> weekday (0 = Sunday) -> its opening hours."""
    out: dict[int, dict[int, ServiceQueueHours]] = {}
    for r in db.scalars(select(ServiceQueueHours).where(ServiceQueueHours.service_queue_id.in_(list(queue_ids)))):
        out.setdefault(r.service_queue_id, {})[r.weekday] = r
    return out


def multi_skill_groups(db: Session, queue_ids: Sequence[int]) -> dict[int, list[int]]:
    """Multi-skill group id -> its queues among these."""
    out: dict[int, list[int]] = {}
    for gid, qid in db.execute(select(MultiSkillGroupQueue.group_id, MultiSkillGroupQueue.service_queue_id)
                               .where(MultiSkillGroupQueue.service_queue_id.in_(list(queue_ids)))):
        out.setdefault(gid, []).append(qid)
    return out


def group_members(db: Session, group_ids: Sequence[int]) -> dict[int, list[int]]:
    """Multi-skill group id -> all its queues, by queue id."""
    out: dict[int, list[int]] = {}
    for gid, qid in db.execute(select(MultiSkillGroupQueue.group_id, MultiSkillGroupQueue.service_queue_id)
                               .where(MultiSkillGroupQueue.group_id.in_(list(group_ids)))
                               .order_by(MultiSkillGroupQueue.service_queue_id)):
        out.setdefault(gid, []).append(qid)
    return out
