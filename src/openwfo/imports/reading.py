"""From CSV text to typed records: which column feeds which field (bindings), and the cells parsed.

Bindings come from a bulk upload's header (keys, or the labels an export writes) or from a File
Import mapping. Every problem is collected with its line and column; nothing stops at the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..kit.csv import CsvTable
from .fields import FIELDS, Field, field_by_key, field_by_name
from .values import CellError, parse


@dataclass(frozen=True)
class Binding:
    index: int  # column position in the file
    column: str  # the header text, for messages
    field: Field
    data_type: str


@dataclass
class Record:
    line: int
    values: dict[str, Any]
    columns: dict[str, str]  # field key -> header text

    def column(self, key: str) -> str:
        return self.columns.get(key, key)


@dataclass
class RowErrors:
    """Every bad row of a file: line, column and reason."""

    items: list[dict] = field(default_factory=list)
    lines: set[int] = field(default_factory=set)

    def add(self, line: int, column: str | None, reason: str) -> None:
        self.items.append({"row": line, "column": column, "reason": reason})
        self.lines.add(line)

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[dict]:
        return sorted(self.items, key=lambda e: e["row"])


def upload_bindings(import_type: str, header: list[str], errors: RowErrors) -> list[Binding]:
    """Bindings for a bulk upload. Groups and teams need the exact columns in the fixed order; persons
    take any order and any subset that includes the required columns."""
    fields = FIELDS[import_type]
    if import_type in ("groups", "teams"):
        expected = ",".join(f.key for f in fields)
        cells = list(header)
        while cells and not cells[-1].strip():
            cells.pop()
        ok = len(cells) == len(fields) and all(
            field_by_name(import_type, c) is fields[i] for i, c in enumerate(cells)
        )
        if not ok:
            errors.add(1, None, f"The header must be exactly: {expected} (found: {','.join(header)})")
            return []
        return [Binding(i, c.strip(), fields[i], fields[i].types[0]) for i, c in enumerate(cells)]

    bindings: list[Binding] = []
    seen: dict[str, str] = {}
    for i, cell in enumerate(header):
        name = cell.strip()
        if not name:
            continue
        f = field_by_name(import_type, name)
        if f is None:
            errors.add(1, name, f"Unknown column '{name}'")
        elif f.key in seen:
            errors.add(1, name, f"Column '{name}' repeats column '{seen[f.key]}'")
        else:
            seen[f.key] = name
            bindings.append(Binding(i, name, f, f.types[0]))
    for f in fields:
        if f.required and f.key not in seen:
            errors.add(1, f.key, f"The required column '{f.key}' is missing")
    return bindings


def mapping_bindings(import_type: str, header: list[str], mapping: list[dict], errors: RowErrors) -> list[Binding]:
    """Bindings from a File Import mapping [{column, field, dataType}]: any columns, any order."""
    by_text = {c.strip(): i for i, c in reversed(list(enumerate(header)))}
    by_fold = {" ".join(c.split()).lower(): i for i, c in reversed(list(enumerate(header)))}
    bindings: list[Binding] = []
    seen: set[str] = set()
    for item in mapping:
        column, name, code = item["column"], item["field"], item.get("dataType")
        f = field_by_key(import_type, name)
        if f is None:
            errors.add(1, column, f"Unknown field '{name}' for {import_type}")
            continue
        data_type = f.data_type(code)
        if data_type is None:
            errors.add(1, column, f"Data type '{code}' cannot be used for the field '{f.key}' "
                                  f"(use {' or '.join(f.types)})")
            continue
        index = by_text.get(column.strip(), by_fold.get(" ".join(column.split()).lower()))
        if index is None:
            errors.add(1, column, f"The column '{column}' is not in the file")
            continue
        if f.key in seen:
            errors.add(1, column, f"The field '{f.key}' is mapped twice")
            continue
        seen.add(f.key)
        bindings.append(Binding(index, header[index].strip(), f, data_type))
    for f in FIELDS[import_type]:
        if f.required and f.key not in seen:
            errors.add(1, f.key, f"The required field '{f.key}' is not mapped")
    return bindings


def read_records(table: CsvTable, bindings: list[Binding], errors: RowErrors) -> list[Record]:
    """Parse every row's bound cells; an empty cell is absent (keep or default)."""
    width = len(table.header)
    columns = {b.field.key: b.column for b in bindings}
    out: list[Record] = []
    for rec in table.records:
        cells = rec.cells
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            errors.add(rec.line, None, f"The row has {len(cells)} values but the header has {width} columns")
        values: dict[str, Any] = {}
        for b in bindings:
            raw = cells[b.index].strip() if b.index < len(cells) else ""
            if not raw:
                continue
            if "\x00" in raw:  # no store keeps NUL characters in text
                errors.add(rec.line, b.column, "The value contains a NUL character")
                continue
            try:
                values[b.field.key] = parse(b.field.kind, b.data_type, raw)
            except CellError as exc:
                errors.add(rec.line, b.column, str(exc))
        out.append(Record(rec.line, values, columns))
    return out
