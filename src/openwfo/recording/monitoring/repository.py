"""Contact Monitoring's one query."""

from __future__ import annotations

from sqlalchemy import and_, case, func, not_, select
from sqlalchemy.orm import Session

from ...models import Contact


def contact_counts_since(db: Session, since_ms: int) -> tuple[int, int, int]:
    """(all, with audio, with video) contacts created since then; root recordings count once reconciled."""
    row = db.execute(
        select(func.count(), func.coalesce(func.sum(case((Contact.audio_uploaded, 1), else_=0)), 0),
               func.coalesce(func.sum(case((Contact.screen_uploaded, 1), else_=0)), 0))
        .where(Contact.created_ms >= since_ms, not_(and_(Contact.is_root, Contact.reconciled.is_(False))))
    ).one()
    return int(row[0]), int(row[1]), int(row[2])
