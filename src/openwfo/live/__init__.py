"""Live events for real-time views.

`publish_after_commit(db, tenant_id, kind, data)` queues an event on the caller's transaction; once
(and only if) it commits, the events go to the store's publisher (`live.publisher`): in-process
fan-out on the embedded default, Redis pub/sub (and a Redis stream for replay) when
OPENWFO_REDIS_URL is set. Subscribers (the SSE stream) receive `LiveEvent`s with increasing ids.
"""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.orm import Session

from .publisher import LiveEvent, publisher_for

__all__ = ["LiveEvent", "publish_after_commit", "publish_many_after_commit", "publisher_for"]

log = logging.getLogger("openwfo.live")
PENDING = "pending_live_events"


def publish_after_commit(db: Session, tenant_id: int, kind: str, data: dict) -> None:
    """Publish `data` (JSON-able) as a `kind` event of the tenant once the transaction commits."""
    db.info.setdefault(PENDING, []).append((int(tenant_id), kind, data))


def publish_many_after_commit(db: Session, tenant_id: int, kind: str, items: list[dict]) -> None:
    """`publish_after_commit` of each of `items`, in order."""
    tenant_id = int(tenant_id)
    db.info.setdefault(PENDING, []).extend([(tenant_id, kind, data) for data in items])


@event.listens_for(Session, "after_commit")
def _publish_after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    database = session.info.get("database")
    if database is None:
        return
    try:
        publisher_for(database).publish(pending)
    except Exception:  # the change is committed; a live view missing it must not fail the request
        log.exception("publishing %d live events failed", len(pending))


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
