"""Schema base: Python stays snake_case, the wire is camelCase as in the reference."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel


class WireModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class ErrorItem(BaseModel):
    field: str | None = None
    row: int | None = None
    reason: str


class ErrorBody(BaseModel):
    errorMessage: str  # noqa: N815 - the reference's name
    requestId: str  # noqa: N815
    errors: list[ErrorItem] | None = None
