"""Work shifts (extension): what a person's workShifts refer to."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import WorkShiftCreate, WorkShiftRead, WorkShiftUpdate

router = APIRouter(tags=["scheduling", "extension"])
PATH = "/api/rest/scheduling/workShift"
Reader = Requires("Administer WFM", "Plan Schedules", "Edit Schedules")
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[WorkShiftRead], summary="List work shifts")
def list_work_shifts(principal: Reader, db: DbSession):
    """Every work shift of the tenant."""
    return service.list_work_shifts(db)


@router.post(PATH, response_model=WorkShiftRead, summary="Create a work shift")
def create_work_shift(body: WorkShiftCreate, principal: Admin, db: DbSession):
    """Create a work shift (name unique)."""
    return service.create_work_shift(db, body)


@router.get(PATH + "/{work_shift_id}", response_model=WorkShiftRead, summary="Read a work shift")
def read_work_shift(work_shift_id: IdPath, principal: Reader, db: DbSession):
    """One work shift."""
    return service.to_read(service.get_work_shift(db, work_shift_id))


@router.put(PATH + "/{work_shift_id}", response_model=WorkShiftRead, summary="Update a work shift")
def update_work_shift(work_shift_id: IdPath, body: WorkShiftUpdate, principal: Admin, db: DbSession):
    """Update a work shift; fields left out keep their value."""
    return service.update_work_shift(db, work_shift_id, body)


@router.delete(PATH + "/{work_shift_id}", summary="Delete a work shift")
def delete_work_shift(work_shift_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete a work shift and its assignments to agents."""
    service.delete_work_shift(db, work_shift_id)
