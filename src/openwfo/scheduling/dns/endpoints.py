"""DNs (extension): the numbers a queue's assignedDns refer to."""

from __future__ import annotations

from ..crud import Docs, crud_router
from .schemas import DnCreate, DnRead, DnUpdate
from .service import CRUD

PATH = "/api/rest/scheduling/dn"

router = crud_router(
    path=PATH, id_param="dn_id", ops=CRUD, read_model=DnRead, create_model=DnCreate, update_model=DnUpdate,
    names=("dns", "dn"),
    docs=Docs(
        list=("List DNs", "Every DN of the tenant."),
        create=("Create a DN", "Create a DN (number unique)."),
        read=("Read a DN", "One DN."),
        update=("Update a DN", "Update a DN; fields left out keep their value."),
        delete=("Delete a DN", "Delete a DN and its assignments to queues."),
    ),
)
