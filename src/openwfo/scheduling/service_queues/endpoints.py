"""Service API (GET/POST /api/rest/scheduling/service) and Service Queue ID API (GET/PUT/DELETE)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ...auth.deps import DbSession, Requires
from ...kit.responses import JSON
from ..wire import MAX_INT32, IdPath
from . import service
from .schemas import ServiceQueueCreate, ServiceQueueRead, ServiceQueueSummaryRead, ServiceQueueUpdate

router = APIRouter(tags=["scheduling"])
PATH = "/api/rest/scheduling/service"


@router.get(PATH, response_model=list[ServiceQueueSummaryRead], summary="List service queues")
def list_service_queues(
    principal: Requires("Plan Schedules"),
    db: DbSession,
    main_view_only: bool = Query(False, alias="mainViewOnly", description="Only the caller's main view"),
    view: bool = Query(False, description="Fill viewIds"),
    skill_mappings: bool = Query(False, alias="skillMappings", description="Fill skillMappingIds"),
    contact_type: int | None = Query(None, alias="contactType", ge=-MAX_INT32, le=MAX_INT32,
                                     description="0 interactive, 1 non-interactive"),
    type_code: int | None = Query(None, alias="type", ge=-MAX_INT32, le=MAX_INT32, description="A queue type"),
    forcast_allowed: bool = Query(False, alias="forcastAllowed", description="Only queues that may be forecast"),
    forecast_allowed: bool = Query(False, alias="forecastAllowed", description="Same as forcastAllowed"),
):
    """The service queues in the caller's views, filtered as asked."""
    rows = service.list_queues(
        db, principal, main_view_only=main_view_only, include_views=view, include_skill_mappings=skill_mappings,
        contact_type=contact_type, type_code=type_code, forecast_allowed=forcast_allowed or forecast_allowed,
    )
    return JSON(rows)


@router.post(PATH, response_model=ServiceQueueRead, summary="Create a service queue")
def create_service_queue(body: ServiceQueueCreate,
                         principal: Requires("Administer Messaging", "Administer WFM"), db: DbSession):
    """Create a service queue (every rule of the reference checked) in all of the caller's views."""
    return JSON(service.create_queue(db, principal, body))


@router.get(PATH + "/{service_queue_id}", response_model=ServiceQueueRead, summary="Read a service queue")
def read_service_queue(service_queue_id: IdPath,
                       principal: Requires("Administer WFM", "Plan Schedules", "Edit Schedules"), db: DbSession):
    """One service queue in the caller's views, with days, DNs, virtual services, orders and groups."""
    queue = service.get_visible(db, principal, service_queue_id)
    return JSON(service.read_queue(db, principal, queue))


@router.put(PATH + "/{service_queue_id}", response_model=ServiceQueueRead, summary="Update a service queue")
def update_service_queue(service_queue_id: IdPath, body: ServiceQueueUpdate,
                         principal: Requires("Administer WFM"), db: DbSession):
    """Update a service queue: number ignored, absent arrays leave their relationship as it is."""
    return JSON(service.update_queue(db, principal, service_queue_id, body))


@router.delete(PATH + "/{service_queue_id}", summary="Delete a service queue")
def delete_service_queue(service_queue_id: IdPath,
                         principal: Requires("Administer WFM", "Plan Schedules", "Edit Schedules"),
                         db: DbSession) -> None:
    """Delete a service queue, unless a workflow rule condition references it."""
    service.delete_queue(db, principal, service_queue_id)
