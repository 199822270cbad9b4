"""Service queue types (extension): the `type` of a service queue, with its contact type."""

from __future__ import annotations

from ..crud import Docs, crud_router
from .schemas import QueueTypeCreate, QueueTypeRead, QueueTypeUpdate
from .service import OPS

PATH = "/api/rest/scheduling/serviceQueueType"

router = crud_router(
    path=PATH, id_param="type_id", ops=OPS, read_model=QueueTypeRead, create_model=QueueTypeCreate,
    update_model=QueueTypeUpdate, names=("queue_types", "queue_type"),
    docs=Docs(
        list=("List service queue types",
              "Every service queue type ({id, name, contactType}); Voice, Chat and Email exist by default."),
        create=("Create a service queue type", "Create a type (name unique; id = next free code unless given)."),
        read=("Read a service queue type", "One service queue type."),
        update=("Update a service queue type",
                "Rename a type or change its contact type (only while no queue has the type)."),
        delete=("Delete a service queue type", "Delete a type no queue has."),
    ),
)
