"""WFM views (extension): create, read, update, delete views and their members."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import ViewCreate, ViewRead, ViewUpdate

router = APIRouter(tags=["scheduling", "extension"])
PATH = "/api/rest/scheduling/view"
Reader = Requires("Administer WFM", "Plan Schedules", "Edit Schedules")
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[ViewRead], summary="List WFM views")
def list_views(principal: Reader, db: DbSession):
    """Every view with the members the caller sees; the default view (EnterpriseView) holds everything."""
    return service.list_views(db, principal)


@router.post(PATH, response_model=ViewRead, summary="Create a WFM view")
def create_view(body: ViewCreate, principal: Admin, db: DbSession):
    """Create a view (name unique) with its queues, skill mappings and agents."""
    return service.create_view(db, principal, body)


@router.get(PATH + "/{view_id}", response_model=ViewRead, summary="Read a WFM view")
def read_view(view_id: IdPath, principal: Reader, db: DbSession):
    """One view and its members."""
    return service.to_read(db, principal, service.get_view(db, view_id))


@router.put(PATH + "/{view_id}", response_model=ViewRead, summary="Update a WFM view")
def update_view(view_id: IdPath, body: ViewUpdate, principal: Admin, db: DbSession):
    """Rename a view; member lists are replaced when present."""
    return service.update_view(db, principal, view_id, body)


@router.delete(PATH + "/{view_id}", summary="Delete a WFM view")
def delete_view(view_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete a view (not the default one); its holders lose it."""
    service.delete_view(db, view_id)
