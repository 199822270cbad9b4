"""Wire helpers of the WFM resources: references to queues, groups and agents. The request-body
base and the bounded number types are the project's one set, in `kit/wire.py`."""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from ..kit.schemas import WireModel
from ..kit.wire import (  # noqa: F401 - the WFM resources import them from here
    MAX_INT32,
    MAX_INT64,
    Body,
    Id,
    IdPath,
    Int32,
    Int64,
    Number,
    query_text,
)


class IdRef(WireModel):
    id: int


class Ref(Body):
    """A reference by id: `{"id": n}` (a bare number is accepted too)."""

    id: Id

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, data: Any) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            return {"id": data}
        return data


class AgentRef(Ref):
    """An agent as a skill mapping or multi-skill group lists it (`number` is the agent's ACD id)."""

    number: str | None = None
    last_name: str | None = None
    first_name: str | None = None


class PrioritizedRef(Ref):
    """A service queue (or group) with a priority 0 (highest) .. 999; default 1."""

    priority: Int32 | None = None
    number: int | None = None
    name: str | None = None
