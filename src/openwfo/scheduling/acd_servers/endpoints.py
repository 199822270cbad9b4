"""ACD servers (extension): so that queues and persons can be given an acdServerId through the API."""

from __future__ import annotations

from ..crud import Docs, crud_router
from .schemas import AcdServerCreate, AcdServerRead, AcdServerUpdate
from .service import CRUD

PATH = "/api/rest/scheduling/acdServer"

router = crud_router(
    path=PATH, id_param="acd_server_id", ops=CRUD, read_model=AcdServerRead, create_model=AcdServerCreate,
    update_model=AcdServerUpdate, names=("acd_servers", "acd_server"),
    docs=Docs(
        list=("List ACD servers", "Every ACD server of the tenant."),
        create=("Create an ACD server", "Create an ACD server (name unique)."),
        read=("Read an ACD server", "One ACD server."),
        update=("Update an ACD server", "Update an ACD server; fields left out keep their value."),
        delete=("Delete an ACD server", "Delete an ACD server no queue or person uses."),
    ),
)
