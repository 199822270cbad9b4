"""Contact Monitoring API: how many contacts arrived in the last 15 minutes."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from ...auth.deps import DbSession, Requires
from ...kit.clock import now_ms
from .repository import contact_counts_since

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
    total, audio, video = contact_counts_since(db, now_ms() - WINDOW_MS)
    return {"contacts": {"total": total, "totalWithAudio": audio, "totalWithVideo": video}}
