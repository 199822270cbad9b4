"""Media energy: the envelope a waveform view draws (an extension at the deployed service's path)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from ...auth.deps import DbSession, Requires
from ...kit.responses import JSON
from ...kit.wire import IdPath
from ..deps import get_storage
from .energy import DEFAULT_POINTS, MAX_POINTS, energy

router = APIRouter(tags=["recording", "extension"])


@router.get("/api/rest/recording/media/energy/{contact_id}", summary="A recording's energy envelope",
            response_model=dict[str, list[float]])
def media_energy(contact_id: IdPath, request: Request, principal: Requires("Search Contacts"), db: DbSession,
                 dataPoints: int = Query(DEFAULT_POINTS, ge=1, le=MAX_POINTS,  # noqa: N803
                                         description=f"points per channel (at most {MAX_POINTS})")):
    """{"channel_0": [N], "channel_1": [N]}: per slice the RMS energy, 0-100 (100 = the loudest slice);
    a mono recording has channel_0 only. 404 for an unknown contact, one out of scope, or no audio."""
    return JSON(energy(db, principal, get_storage(request), contact_id, dataPoints))
