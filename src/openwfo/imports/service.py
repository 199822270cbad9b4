"""Running an import: CSV text + bindings -> every row checked -> applied, or every problem reported."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ..auth.principal import Principal
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
