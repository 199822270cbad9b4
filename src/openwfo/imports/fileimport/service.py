"""File Import API: the fields of an import type, and a CSV imported through a column mapping."""

from __future__ import annotations

import json
from functools import partial

from pydantic import ValidationError
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest
from ..fields import DATA_TYPES, FIELDS
from ..parts import Part, file_part
from ..reading import mapping_bindings
from ..service import ImportFailed, read_table, run_import
from .schemas import DataTypeRead, FileImportMapping, FileImportResult, ImportFieldRead, ImportFieldsRead

SUCCESS = FileImportResult(status="SUCCESS", response_text="The file was successfully imported")


def list_fields(import_type: str, locale: str) -> ImportFieldsRead:
    return ImportFieldsRead(fields=[
        ImportFieldRead(key=f.key, label=f.label(locale), required=f.required, multivalued=f.multivalued,
                        types=[DataTypeRead(code=t, description=DATA_TYPES[t][0], format=DATA_TYPES[t][1])
                               for t in f.types])
        for f in FIELDS[import_type]
    ])


def _failure(line: int, reason: str, errors: list[dict] | None = None) -> BadRequest:
    return BadRequest(f"Error in file import, line {line}! {reason}", errors=errors)


def _mapping_of(part: Part) -> dict | None:
    """The mapping in a part: {"tenantId", "mapping": [...]}, an import preference's {"mappings": [...]}
    or the bare list of {column, field, dataType}; None when the part is something else."""
    text = part.data.decode("utf-8-sig", errors="replace").strip()
    if not text.startswith(("{", "[")):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        if part.name.lower() in ("mapping", "mappings"):
            raise _failure(1, "The mapping is not valid JSON") from None
        return None
    if isinstance(data, list) and data and all(isinstance(x, dict) and "field" in x for x in data):
        return {"mapping": data}
    if isinstance(data, dict):
        if "mapping" in data:
            return data
        if "mappings" in data:
            return {"tenantId": data.get("tenantId"), "mapping": data["mappings"]}
    return None


def split_parts(parts: list[Part]) -> tuple[Part, FileImportMapping]:
    """The CSV file and the mapping JSON (any part whose content is a JSON object with `mapping`)."""
    mapping_part, mapping = None, None
    for part in parts:
        mapping = _mapping_of(part)
        if mapping is not None:
            mapping_part = part
            break
    if mapping is None:
        raise _failure(1, "Send the column mapping ({\"tenantId\", \"mapping\": [{\"column\", \"field\", "
                          "\"dataType\"}]}) as a part of the multipart body")
    csv_part = file_part(parts, exclude=mapping_part)
    if csv_part is None:
        raise _failure(1, "Send the CSV file as a part of the multipart body")
    try:
        return csv_part, FileImportMapping.model_validate(mapping)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))
        raise _failure(1, f"Invalid mapping: {where}: {err.get('msg', 'invalid')}") from None


def import_file(db: Session, principal: Principal, import_type: str, parts: list[Part]) -> FileImportResult:
    csv_part, mapping = split_parts(parts)
    items = [m.model_dump(by_alias=True) for m in mapping.mapping]
    try:
        table = read_table(csv_part.data)
        run_import(db, principal, import_type, table, partial(_bind, import_type, items))
    except ImportFailed as failed:
        first = failed.errors[0]
        reason = f"{first['column']}: {first['reason']}" if first.get("column") else first["reason"]
        raise _failure(first["row"], reason, failed.errors) from None
    return SUCCESS


def _bind(import_type: str, items: list[dict], header, errors):
    return mapping_bindings(import_type, header, items, errors)
