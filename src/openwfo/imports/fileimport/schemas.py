"""File Import API shapes: the model's fields, the column mapping, the result."""

from __future__ import annotations

from pydantic import Field as PydField

from ...kit.schemas import WireModel


class DataTypeRead(WireModel):
    code: str
    description: str
    format: str


class ImportFieldRead(WireModel):
    key: str
    label: str
    required: bool
    multivalued: bool
    types: list[DataTypeRead]


class ImportFieldsRead(WireModel):
    fields: list[ImportFieldRead]


class ColumnMapping(WireModel):
    column: str = PydField(min_length=1, max_length=200)
    field: str = PydField(min_length=1, max_length=100)
    data_type: str | None = PydField(None, max_length=40)


class FileImportMapping(WireModel):
    # Accepted as sent; the import always goes to the caller's own tenant.
    tenant_id: int | str | None = None
    mapping: list[ColumnMapping] = PydField(max_length=200)


class FileImportResult(WireModel):
    status: str
    response_text: str
