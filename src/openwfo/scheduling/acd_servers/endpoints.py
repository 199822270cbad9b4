"""ACD servers (extension): so that queues and persons can be given an acdServerId through the API."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import AcdServerCreate, AcdServerRead, AcdServerUpdate

router = APIRouter(tags=["scheduling", "extension"])
PATH = "/api/rest/scheduling/acdServer"
Reader = Requires("Administer WFM", "Plan Schedules", "Edit Schedules")
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[AcdServerRead], summary="List ACD servers")
def list_acd_servers(principal: Reader, db: DbSession):
    """Every ACD server of the tenant."""
    return service.list_acd_servers(db)


@router.post(PATH, response_model=AcdServerRead, summary="Create an ACD server")
def create_acd_server(body: AcdServerCreate, principal: Admin, db: DbSession):
    """Create an ACD server (name unique)."""
    return service.create_acd_server(db, body)


@router.get(PATH + "/{acd_server_id}", response_model=AcdServerRead, summary="Read an ACD server")
def read_acd_server(acd_server_id: IdPath, principal: Reader, db: DbSession):
    """One ACD server."""
    return service.to_read(service.get_acd_server(db, acd_server_id))


@router.put(PATH + "/{acd_server_id}", response_model=AcdServerRead, summary="Update an ACD server")
def update_acd_server(acd_server_id: IdPath, body: AcdServerUpdate, principal: Admin, db: DbSession):
    """Update an ACD server; fields left out keep their value."""
    return service.update_acd_server(db, acd_server_id, body)


@router.delete(PATH + "/{acd_server_id}", summary="Delete an ACD server")
def delete_acd_server(acd_server_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete an ACD server no queue or person uses."""
    service.delete_acd_server(db, acd_server_id)
