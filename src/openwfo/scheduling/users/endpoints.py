"""User API (GET /api/rest/scheduling/user) and a person's WFM views (extension)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ...auth.deps import CurrentPrincipal, DbSession, Requires
from ..wire import IdPath, query_text
from . import service
from .schemas import PersonViewsRead, PersonViewsUpdate, UserRead

router = APIRouter(tags=["scheduling"])
PATH = "/api/rest/scheduling/user"


@router.get(PATH, response_model=list[UserRead], summary="List users with their login names")
def list_users(principal: CurrentPrincipal, db: DbSession,
               acd_id: str | None = Query(None, alias="acdId", max_length=200, description="Only this ACD id")):
    """The persons in the caller's scope with their login names (emails); acdId narrows to that agent."""
    return service.list_users(db, principal, query_text(acd_id, "acdId"))


@router.get(PATH + "/{person_id}/views", response_model=PersonViewsRead, summary="Read a person's WFM views",
            tags=["extension"])
def read_person_views(person_id: IdPath, principal: Requires("Administer WFM", "Plan Schedules", "Edit Schedules"),
                      db: DbSession):
    """The views a person holds and which one is the main view."""
    return service.read_person_views(db, principal, person_id)


@router.put(PATH + "/{person_id}/views", response_model=PersonViewsRead, summary="Assign WFM views to a person",
            tags=["extension"])
def update_person_views(person_id: IdPath, body: PersonViewsUpdate, principal: Requires("Administer WFM"),
                        db: DbSession):
    """Replace the views a person holds; one is the main view."""
    return service.update_person_views(db, principal, person_id, body)
