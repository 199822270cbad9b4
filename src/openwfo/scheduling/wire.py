"""Wire helpers shared by the WFM resources: the request-body base and bounded number types.

Bounds keep every number a client sends inside what the store can hold (a 22-digit id would
otherwise fail in the database, not in validation): out of range is a 400 naming the field.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import Path
from pydantic import AfterValidator, ConfigDict, Field, model_validator

from ..errors import BadRequest
from ..kit.schemas import WireModel

MAX_INT64 = 2**63 - 1
MAX_INT32 = 2**31 - 1

Id = Annotated[int, Field(ge=0, le=MAX_INT64)]
Int64 = Annotated[int, Field(ge=-MAX_INT64, le=MAX_INT64)]
Int32 = Annotated[int, Field(ge=-MAX_INT32, le=MAX_INT32)]


def _finite(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v


Number = Annotated[float, AfterValidator(_finite)]

# Path parameters.
IdPath = Annotated[int, Path(ge=0, le=MAX_INT64, description="The id")]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class Body(WireModel):
    """A request (and response) body: camelCase on the wire, unknown fields ignored, no NUL characters."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data


def query_text(value: str | None, field: str) -> str | None:
    """A text query parameter, trimmed; blank (`acdId=`) counts as not given; refused (400) when it
    holds a NUL character."""
    if value is not None and "\x00" in value:
        raise BadRequest(f"{field} must not contain NUL characters", errors=[{"field": field, "reason": "invalid text"}])
    return value.strip() or None if value is not None else None


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
