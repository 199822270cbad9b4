"""Bulk Organization Import: a CSV file of groups, teams or persons, applied all or nothing."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest
from ..parts import Part, file_part
from ..reading import upload_bindings
from ..service import ImportFailed, discard, read_table, run_import
from .schemas import ImportResultRead


def upload(db: Session, principal: Principal, import_type: str, parts: list[Part],
           dry_run: bool = False) -> ImportResultRead:
    part = file_part(parts)
    if part is None:
        raise BadRequest("Send the CSV file as multipart/form-data (or as the request body)")
    try:
        table = read_table(part.data)
        results = run_import(db, principal, import_type, table, partial(upload_bindings, import_type))
    except ImportFailed as failed:
        first = failed.errors[0]
        lines = len({e["row"] for e in failed.errors})
        raise BadRequest(
            f"Nothing was imported: {lines} line{'s' if lines != 1 else ''} of the file "
            f"{'have' if lines != 1 else 'has'} errors (line {first['row']}: {first['reason']})",
            errors=failed.errors,
        ) from None
    if dry_run:
        discard(db)
    return ImportResultRead.of(results)
