"""Store access for interval history: queue lookup by ACD number, replace, and reads by range."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, insert, select, tuple_
from sqlalchemy.orm import Session

from ...models import AcdServer, HistoricalInterval, ServiceQueue
from .. import visibility

COLUMNS = (
    HistoricalInterval.service_queue_id, HistoricalInterval.start_ms, HistoricalInterval.local_date,
    HistoricalInterval.period_minute, HistoricalInterval.service_name, HistoricalInterval.received_calls,
    HistoricalInterval.handled_calls, HistoricalInterval.abandoned_calls, HistoricalInterval.transferred_calls,
    HistoricalInterval.avg_talk_s, HistoricalInterval.avg_acw_s, HistoricalInterval.asa_s,
    HistoricalInterval.contacts_in_queue, HistoricalInterval.occupancy_ratio, HistoricalInterval.service_level,
    HistoricalInterval.qty_of_agents,
)


def acd_server_exists(db: Session, acd_server_id: int) -> bool:
    return db.scalar(select(AcdServer.id).where(AcdServer.id == acd_server_id)) is not None


def visible_queues_by_number(db: Session, person_id: int, numbers: Iterable[int],
                             acd_server_id: int | None) -> dict[int, tuple[int, str]]:
    """ACD number -> (queue id, name) of the caller's visible queues with these numbers."""
    numbers = sorted(set(numbers))
    if not numbers:
        return {}
    q = select(ServiceQueue.number, ServiceQueue.id, ServiceQueue.name).where(ServiceQueue.number.in_(numbers))
    if acd_server_id is not None:
        q = q.where(ServiceQueue.acd_server_id == acd_server_id)
    clause = visibility.queue_clause(visibility.caller_views(db, person_id))
    if clause is not None:
        q = q.where(clause)
    return {r[0]: (r[1], r[2]) for r in db.execute(q)}


def replace_intervals(db: Session, tenant_id: int, records: Sequence[dict]) -> None:
    """Write the intervals, replacing those already stored for the same queue and start."""
    keys = [(r["service_queue_id"], r["start_ms"]) for r in records]
    for i in range(0, len(keys), 500):
        db.execute(delete(HistoricalInterval)
                   .where(HistoricalInterval.tenant_id == tenant_id,
                          tuple_(HistoricalInterval.service_queue_id, HistoricalInterval.start_ms).in_(keys[i:i + 500]))
                   .execution_options(synchronize_session=False))
    for i in range(0, len(records), 5000):
        db.execute(insert(HistoricalInterval), [{**r, "tenant_id": tenant_id} for r in records[i:i + 5000]])


def intervals_for(db: Session, queue_ids: Iterable[int], from_ms: int, to_ms: int) -> list:
    """The stored intervals of these queues starting in [from_ms, to_ms), by queue then start: rows
    with the model's attribute names (service_queue_id, start_ms, received_calls, handled_calls,
    avg_talk_s, avg_acw_s, ...). The input a forecasting engine reads."""
    ids = sorted(set(queue_ids))
    if not ids:
        return []
    return list(db.execute(
        select(*COLUMNS)
        .where(HistoricalInterval.service_queue_id.in_(ids), HistoricalInterval.start_ms >= from_ms,
               HistoricalInterval.start_ms < to_ms)
        .order_by(HistoricalInterval.service_queue_id, HistoricalInterval.start_ms)))


def visible_queue_rows(db: Session, person_id: int, ids: Iterable[int]) -> dict[int, tuple[int, str]]:
    """Queue id -> (ACD number, name) of these queues that the caller sees."""
    q = select(ServiceQueue.id, ServiceQueue.number, ServiceQueue.name).where(ServiceQueue.id.in_(list(ids)))
    clause = visibility.queue_clause(visibility.caller_views(db, person_id))
    if clause is not None:
        q = q.where(clause)
    return {r[0]: (r[1], r[2]) for r in db.execute(q)}
