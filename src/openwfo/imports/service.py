"""Running an import: CSV text + bindings -> every row checked -> applied, or every problem reported."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ..auth.deps import CHANGED_PERSONS
from ..auth.principal import Principal
from ..db import drop_after_release
from ..kit import csv as kit_csv
from ..kit.clock import now_ms
from .context import ImportContext, RowResult
from .groups import import_groups
from .persons import import_persons
from .reading import Binding, RowErrors, read_records
from .teams import import_teams

IMPORTERS = {"groups": import_groups, "teams": import_teams, "persons": import_persons}


class ImportFailed(Exception):
    """The file has problems; nothing was applied."""

    def __init__(self, errors: list[dict]):
        super().__init__(errors[0]["reason"] if errors else "invalid file")
        self.errors = errors


def read_table(data: bytes) -> kit_csv.CsvTable:
    """The CSV table of an uploaded file (raises ImportFailed naming line 1 when unreadable)."""
    try:
        return kit_csv.read(kit_csv.decode(data))
    except kit_csv.CsvError as exc:
        raise ImportFailed([{"row": 1, "column": None, "reason": str(exc)}]) from None


def run_import(db: Session, principal: Principal, import_type: str, table: kit_csv.CsvTable,
               bind: Callable[[list[str], RowErrors], list[Binding]]) -> list[RowResult]:
    """Bind the header, parse and check every row, apply all or nothing. Raises ImportFailed."""
    ctx = ImportContext.open(db, principal, now_ms())
    bindings = bind(table.header, ctx.errors)
    if ctx.errors:
        raise ImportFailed(ctx.errors.sorted())
    records = read_records(table, bindings, ctx.errors)
    results = IMPORTERS[import_type](ctx, records)
    if results is None or ctx.errors:
        raise ImportFailed(ctx.errors.sorted())
    return sorted(results, key=lambda r: r.line)


DRY_RUN_DESCRIPTION = (
    "Extension: true checks the whole file against the stored data exactly as an import would (same answer, "
    "same row errors) and then writes nothing; ids of rows that would be created are provisional."
)


def discard(db: Session) -> None:
    """A dry run: undo everything the import wrote in this request's unit of work (nothing is committed,
    no session refreshed, no job dispatched)."""
    db.rollback()
    db.info.pop(CHANGED_PERSONS, None)
    drop_after_release(db)
