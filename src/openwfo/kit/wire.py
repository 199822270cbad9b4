"""The one request-body base and the bounded number types every area uses.

Bounds keep every number a client sends inside what the store can hold (a 22-digit id would
otherwise fail in the database, not in validation): out of range is a 400 naming the field.
Bodies are camelCase on the wire, ignore unknown fields (a client may PUT back everything GET
gave it) and refuse NUL characters (no store keeps them).
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import AfterValidator, ConfigDict, Field, model_validator

from ..errors import BadRequest
from .schemas import WireModel

MAX_INT64 = 2**63 - 1
MAX_INT32 = 2**31 - 1
MAX_ID = MAX_INT64
# Epoch milliseconds accepted on input: up to the end of year 9999.
MAX_MS = 253402300799999

Id = Annotated[int, Field(ge=0, le=MAX_INT64)]
Int64 = Annotated[int, Field(ge=-MAX_INT64, le=MAX_INT64)]
Int32 = Annotated[int, Field(ge=-MAX_INT32, le=MAX_INT32)]
Ms = Annotated[int, Field(ge=0, le=MAX_MS)]


def _finite(v: float) -> float:
    if not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v


Number = Annotated[float, AfterValidator(_finite)]

# Path and query parameters naming a stored row.
IdPath = Annotated[int, Path(ge=0, le=MAX_INT64, description="The id")]
PathId = Annotated[int, Path(ge=1, le=MAX_INT64, description="The id")]
IdQuery = Annotated[int, Query(ge=0, le=MAX_INT64)]


def has_nul(value: Any) -> bool:
    """True when a NUL character hides anywhere in a JSON value (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False


class Body(WireModel):
    """A request (and response) body: camelCase on the wire, unknown fields ignored, no NUL characters."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data


def query_text(value: str | None, field: str) -> str | None:
    """A text query parameter, trimmed; blank (`acdId=`) counts as not given; refused (400) when it
    holds a NUL character."""
    if value is not None and "\x00" in value:
        raise BadRequest(f"{field} must not contain NUL characters", errors=[{"field": field, "reason": "invalid text"}])
    return value.strip() or None if value is not None else None
