"""Every schedule query. Reads select plain columns (no ORM objects): schedule reads are large.

An activity is at most MAX_ACTIVITY_MS long, so "activities overlapping [a, b)" is the indexed range
`a - MAX_ACTIVITY_MS <= start < b` filtered by `end > a`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session

from ...db import TENANT_KEY
from ...models import (
    MultiSkillGroup,
    MultiSkillGroupQueue,
    Person,
    ScheduleActivity,
    ScheduleException,
    ServiceQueue,
    SkillMappingAgent,
    SkillMappingQueue,
    Tenant,
    VirtualServiceSource,
)

MAX_ACTIVITY_MS = 25 * 3_600_000  # a whole local day on the day clocks go back

A = ScheduleActivity
COLUMNS = (A.person_id, A.shift_date, A.activity_type, A.detail_name, A.start_ms, A.end_ms, A.paid, A.color,
           A.service_queue_id, A.multi_skill_group_id, A.exception_id, A.activity_metadata)
# Positions in a row of COLUMNS.
PERSON, SHIFT_DATE, TYPE, DETAIL, START, END, PAID, COLOR, QUEUE, GROUP, EXCEPTION, METADATA = range(12)


def tenant_time_zone(db: Session) -> str:
    return db.get(Tenant, db.info[TENANT_KEY]).time_zone


def _chunks(ids: Sequence[int], size: int = 10_000) -> Iterable[list[int]]:
    # One statement for up to 10,000 ids (both stores take that many bound parameters): a read of
    # 1,000 agents must scan the time range once, not once per chunk.
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def overlapping(db: Session, person_ids: Sequence[int], from_ms: int, to_ms: int) -> list[tuple]:
    """Activities of these persons overlapping [from_ms, to_ms), by person then start."""
    rows: list[tuple] = []
    for chunk in _chunks(person_ids):
        q = (select(*COLUMNS)
             .where(A.person_id.in_(chunk), A.start_ms >= from_ms - MAX_ACTIVITY_MS, A.start_ms < to_ms,
                    A.end_ms > from_ms))
        rows.extend(db.execute(q).tuples())
    rows.sort(key=lambda r: (r[PERSON], r[START]))
    return rows


def by_shift_dates(db: Session, person_ids: Sequence[int], first: dt.date, last: dt.date) -> list[tuple]:
    """Activities of these persons' shifts dated first..last, by person, shift date, start."""
    rows: list[tuple] = []
    for chunk in _chunks(person_ids):
        q = select(*COLUMNS).where(A.person_id.in_(chunk), A.shift_date >= first, A.shift_date <= last)
        rows.extend(db.execute(q).tuples())
    rows.sort(key=lambda r: (r[PERSON], r[SHIFT_DATE], r[START]))
    return rows


def working_at(db: Session, at_ms: int, types: Iterable[str]) -> list[tuple]:
    """Everyone's activities of these types in progress at at_ms."""
    q = select(*COLUMNS).where(A.start_ms > at_ms - MAX_ACTIVITY_MS, A.start_ms <= at_ms, A.end_ms > at_ms,
                               A.activity_type.in_(list(types)))
    return list(db.execute(q).tuples())


def working_on(db: Session, from_ms: int, to_ms: int, types: Iterable[str], queue_ids: Iterable[int],
               group_ids: Iterable[int], exclude_person: int | None = None,
               after_deactivation: Sequence[int] | None = None) -> list[tuple[int | None, int | None, int, int, int]]:
    """(queue, group, start, end, how many) of everyone's (but one's) working activities on these queues or
    groups within the range. Identical spans are counted in the store: shifts start on the same
    quarter hours, so a month of a large centre comes back as a few thousand rows.
    With after_deactivation (person ids), only those persons' activities starting at or after their
    deactivation are counted."""
    queue_ids, group_ids = list(queue_ids), list(group_ids)
    target = []
    if queue_ids:
        target.append(A.service_queue_id.in_(queue_ids))
    if group_ids:
        target.append(A.multi_skill_group_id.in_(group_ids))
    if not target:
        return []
    where = target[0] if len(target) == 1 else target[0] | target[1]
    q = (select(A.service_queue_id, A.multi_skill_group_id, A.start_ms, A.end_ms, func.count())
         .where(A.start_ms >= from_ms - MAX_ACTIVITY_MS, A.start_ms < to_ms, A.end_ms > from_ms,
                A.activity_type.in_(list(types)), where)
         .group_by(A.service_queue_id, A.multi_skill_group_id, A.start_ms, A.end_ms))
    if exclude_person is not None:
        q = q.where(A.person_id != exclude_person)
    if after_deactivation is None:
        return list(db.execute(q).tuples())
    rows: list[tuple] = []
    for chunk in _chunks(after_deactivation):
        rows.extend(db.execute(q.join(Person, Person.id == A.person_id).where(
            A.person_id.in_(chunk), or_(Person.deactivated_date.is_(None), A.start_ms >= Person.deactivated_date)
        )).tuples())
    return rows


def deactivated_agent_ids(db: Session) -> list[int]:
    """Scheduling-enabled persons who are deactivated (usually few)."""
    return list(db.scalars(select(Person.id).where(Person.enabled_for_scheduling.is_(True),
                                                   Person.deactivated.is_(True))))


def virtual_sources(db: Session, queue_ids: Iterable[int]) -> dict[int, list[int]]:
    """The source queues of each of these queues that is virtual."""
    ids = list(queue_ids)
    out: dict[int, list[int]] = {}
    if not ids:
        return out
    q = (select(VirtualServiceSource.virtual_queue_id, VirtualServiceSource.source_queue_id)
         .join(ServiceQueue, ServiceQueue.id == VirtualServiceSource.virtual_queue_id)
         .where(ServiceQueue.virtual.is_(True), VirtualServiceSource.virtual_queue_id.in_(ids))
         .order_by(VirtualServiceSource.source_queue_id))
    for v, src in db.execute(q):
        if src != v:
            out.setdefault(v, []).append(src)
    return out


def agents(db: Session, ids: Iterable[int] | None = None, clause=None,
           active_at: int | None = None) -> list[tuple[int, str | None, str]]:
    """(id, employee id, time zone) of scheduling-enabled persons, by id; with active_at (epoch ms),
    only those not deactivated at or before that instant."""
    q = select(Person.id, Person.employee_id, Person.time_zone).where(Person.enabled_for_scheduling.is_(True))
    if active_at is not None:
        q = q.where(or_(Person.deactivated.is_(False), Person.deactivated_date > active_at))
    if clause is not None:
        q = q.where(clause)
    if ids is not None:
        ids = list(ids)
        if not ids:
            return []
        out: list[tuple] = []
        for chunk in _chunks(ids):
            out.extend(db.execute(q.where(Person.id.in_(chunk))).tuples())
        return sorted(out)
    return list(db.execute(q.order_by(Person.id)).tuples())


def queue_names(db: Session) -> dict[int, tuple[str, str]]:
    return {r[0]: (r[1], r[2]) for r in db.execute(select(ServiceQueue.id, ServiceQueue.name, ServiceQueue.color))}


def group_names(db: Session) -> dict[int, str]:
    return {r[0]: r[1] for r in db.execute(select(MultiSkillGroup.id, MultiSkillGroup.name))}


def exceptions(db: Session) -> dict[int, tuple[str, str, bool]]:
    return {r[0]: (r[1], r[2], r[3]) for r in db.execute(
        select(ScheduleException.id, ScheduleException.name, ScheduleException.color, ScheduleException.paid))}


def group_queues(db: Session, group_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Queues of each multi-skill group (of these groups, or of all)."""
    q = select(MultiSkillGroupQueue.group_id, MultiSkillGroupQueue.service_queue_id)
    if group_ids is not None:
        q = q.where(MultiSkillGroupQueue.group_id.in_(list(group_ids)))
    out: dict[int, list[int]] = {}
    for g, sq in db.execute(q.order_by(MultiSkillGroupQueue.service_queue_id)):
        out.setdefault(g, []).append(sq)
    return out


def groups_with_queues(db: Session, queue_ids: Iterable[int]) -> dict[int, list[int]]:
    """Every queue of the groups that include one of these queues."""
    ids = list(queue_ids)
    if not ids:
        return {}
    groups = select(MultiSkillGroupQueue.group_id).where(MultiSkillGroupQueue.service_queue_id.in_(ids))
    return group_queues(db, db.scalars(groups.distinct()).all())


def skill_mapping_queues(db: Session, mapping_ids: Iterable[int]) -> dict[int, set[int]]:
    ids = list(mapping_ids)
    out: dict[int, set[int]] = {m: set() for m in ids}
    if ids:
        q = select(SkillMappingQueue.skill_mapping_id, SkillMappingQueue.service_queue_id).where(
            SkillMappingQueue.skill_mapping_id.in_(ids))
        for m, sq in db.execute(q):
            out[m].add(sq)
    return out


def agent_skill_mappings(db: Session, person_ids: Iterable[int]) -> dict[int, set[int]]:
    ids = list(person_ids)
    out: dict[int, set[int]] = {}
    if ids:
        q = select(SkillMappingAgent.person_id, SkillMappingAgent.skill_mapping_id).where(
            SkillMappingAgent.person_id.in_(ids))
        for p, m in db.execute(q):
            out.setdefault(p, set()).add(m)
    return out


def shift_activities(db: Session, person_id: int, first: dt.date, last: dt.date) -> list[ScheduleActivity]:
    """The ORM rows of one agent's shifts dated first..last (for changes), by start."""
    q = (select(A).where(A.person_id == person_id, A.shift_date >= first, A.shift_date <= last)
         .order_by(A.start_ms))
    return list(db.scalars(q))


def overlapping_rows(db: Session, person_id: int, from_ms: int, to_ms: int) -> list[ScheduleActivity]:
    """The ORM rows of one agent's activities overlapping [from_ms, to_ms), by start."""
    q = (select(A).where(A.person_id == person_id, A.start_ms >= from_ms - MAX_ACTIVITY_MS, A.start_ms < to_ms,
                         A.end_ms > from_ms).order_by(A.start_ms))
    return list(db.scalars(q))


def delete_shifts(db: Session, person_id: int, shift_dates: Iterable[dt.date]) -> None:
    days = list(shift_dates)
    if days:
        db.execute(delete(A).where(A.person_id == person_id, A.shift_date.in_(days)),
                   execution_options={"synchronize_session": False})
        _tell_live_views(db, [person_id] if changes().dates_near_now(days) else [])


def insert_activities(db: Session, rows: list[dict]) -> None:
    """Bulk insert of activity rows (dicts of column values); the session stamps the tenant (db.py)."""
    if rows:
        db.execute(insert(A), rows)
        near = changes().near_now
        _tell_live_views(db, [r["person_id"] for r in rows if near(r["start_ms"], r["end_ms"])])


def changes():
    from ..live_view import changes

    return changes


def _tell_live_views(db: Session, person_ids: list[int]) -> None:
    """Live views watching these agents read their activities again once the transaction commits."""
    if person_ids:
        changes().schedule_changed(db, person_ids)


def count_agents_off(db: Session, shift_date: dt.date, exclude_person: int, among=None) -> int:
    """Distinct agents (other than one) with an exception on their shift of that date; `among` limits them."""
    q = select(func.count(func.distinct(A.person_id))).where(
        A.shift_date == shift_date, A.activity_type == "exception", A.person_id != exclude_person)
    if among is not None:
        q = q.where(A.person_id.in_(among))
    return int(db.scalar(q) or 0)
