"""Contact Monitoring API: how many contacts arrived in the last 15 minutes."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import and_, case, func, not_, select

from ...auth.deps import DbSession, Requires
from ...kit.clock import now_ms
from ...models import Contact

router = APIRouter(tags=["recording"])
WINDOW_MS = 15 * 60 * 1000


class ContactCounts(BaseModel):
    total: int
    totalWithAudio: int  # noqa: N815 - the reference's names
    totalWithVideo: int  # noqa: N815


class ContactMonitoringRead(BaseModel):
    contacts: ContactCounts


@router.get("/api/rest/monitoring/contacts/lite", response_model=ContactMonitoringRead,
            summary="Contacts created in the last 15 minutes")
def contact_monitoring(principal: Requires("Administer Tenant"), db: DbSession):
    """Counts of contacts created in the last 15 minutes (all, with audio, with video); root
    recordings count once reconciled."""
    row = db.execute(
        select(func.count(), func.coalesce(func.sum(case((Contact.audio_uploaded, 1), else_=0)), 0),
               func.coalesce(func.sum(case((Contact.screen_uploaded, 1), else_=0)), 0))
        .where(Contact.created_ms >= now_ms() - WINDOW_MS,
               not_(and_(Contact.is_root, Contact.reconciled.is_(False))))
    ).one()
    return {"contacts": {"total": row[0], "totalWithAudio": int(row[1]), "totalWithVideo": int(row[2])}}
