"""GET /api/rest/scheduling/config/color: the colours a service queue or exception may take."""

from __future__ import annotations

from fastapi import APIRouter

from ....auth.deps import Requires
from . import service
from .schemas import ColorRead

router = APIRouter(tags=["scheduling"])


@router.get("/api/rest/scheduling/config/color", response_model=list[ColorRead],
            summary="List the activity colour catalogue")
def list_colors(principal: Requires("Plan Schedules")) -> list[dict]:
    """The activity colours ({id, colorCode, name}); a queue's `color` must be one of the codes."""
    return service.list_colors()
