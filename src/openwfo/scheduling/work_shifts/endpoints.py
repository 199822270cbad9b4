"""Work shifts (extension): what a person's workShifts refer to."""

from __future__ import annotations

from ..crud import Docs, crud_router
from .schemas import WorkShiftCreate, WorkShiftRead, WorkShiftUpdate
from .service import CRUD

PATH = "/api/rest/scheduling/workShift"

router = crud_router(
    path=PATH, id_param="work_shift_id", ops=CRUD, read_model=WorkShiftRead, create_model=WorkShiftCreate,
    update_model=WorkShiftUpdate, names=("work_shifts", "work_shift"),
    docs=Docs(
        list=("List work shifts", "Every work shift of the tenant."),
        create=("Create a work shift", "Create a work shift (name unique)."),
        read=("Read a work shift", "One work shift."),
        update=("Update a work shift", "Update a work shift; fields left out keep their value."),
        delete=("Delete a work shift", "Delete a work shift and its assignments to agents."),
    ),
)
