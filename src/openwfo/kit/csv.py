"""CSV in and out, as spreadsheets and scripts actually write it.

Reading accepts UTF-8 with or without a byte-order mark, CRLF, LF or CR line ends, quoted values
holding commas, quotes or line breaks, and a comma, semicolon or tab delimiter (detected on the
header line: a header without commas but with tabs or semicolons, as European spreadsheet exports
produce, switches delimiter). Each record keeps the file line it starts on, so errors can name it.
Writing produces RFC 4180 CSV (comma, CRLF, quotes only where needed).

Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula (`=HYPERLINK(...)`, `=cmd|...`). `write` is the one CSV writer of
OpenWFO and prefixes such text cells with `'` (which spreadsheets show as text and do not
display); `read` takes that `'` off again, so export -> import changes nothing. Only a `'` followed
by one of those characters is taken off ('s-Hertogenbosch keeps its apostrophe); text that itself
starts with `'` and a trigger gets a second `'`, so it too reads back exactly. Numbers (int, float,
Decimal) are not text and are written as they are: a negative number stays a number for the spreadsheet, and
nothing in it can run. A number that arrives as text ("-3") is escaped ('-3) and reads back as -3.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class CsvError(ValueError):
    """The bytes are not a readable CSV file (reason in the message)."""


@dataclass(frozen=True)
class CsvRecord:
    line: int  # 1-based line of the file the record starts on
    cells: list[str]


@dataclass(frozen=True)
class CsvTable:
    header: list[str]
    records: list[CsvRecord]


def _runs_as_formula(text: str) -> bool:
    """True when `text` must be escaped: a trigger first, or a quote that `unescape` would take off."""
    i = 0
    while i < len(text) and text[i] == "'":
        i += 1
    return text[i:i + 1] in FORMULA_TRIGGERS


def escape(value: object) -> object:
    """A cell safe to open in a spreadsheet (see the module notes); numbers and None unchanged."""
    return "'" + value if isinstance(value, str) and _runs_as_formula(value) else value


def unescape(cell: str) -> str:
    """The value that `escape` wrote into `cell` (also undoes a spreadsheet user's own leading `'`)."""
    if cell.startswith("'") and _runs_as_formula(cell[1:]):
        return cell[1:]
    return cell


def decode(data: bytes) -> str:
    """Text of a UTF-8 file, the byte-order mark dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvError(f"The file is not UTF-8 text (invalid byte at position {exc.start})") from None


def _delimiter(first_line: str) -> str:
    bare = first_line.split('"')[::2]  # the parts outside quotes
    text = "".join(bare)
    if "," in text or ("\t" not in text and ";" not in text):
        return ","
    return "\t" if text.count("\t") >= text.count(";") else ";"


def read(text: str) -> CsvTable:
    """Header and records of CSV text; blank lines are skipped, surrounding spaces are kept."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise CsvError("The file is empty")
    first = text.splitlines()[0] if text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    header: list[str] | None = None
    records: list[CsvRecord] = []
    line = 1
    try:
        for cells in reader:
            start = line
            line = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            cells = [unescape(c) for c in cells]
            if header is None:
                header = cells
            else:
                records.append(CsvRecord(start, cells))
    except csv.Error as exc:
        raise CsvError(f"Line {reader.line_num}: malformed CSV ({exc})") from None
    if header is None:
        raise CsvError("The file is empty")
    return CsvTable(header, records)


def write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """CSV text (comma, CRLF); None is written as an empty value, text that a spreadsheet would run
    as a formula is escaped (see the module notes)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([escape(v) for v in header])
    for row in rows:
        writer.writerow(["" if v is None else escape(v) for v in row])
    return buf.getvalue()
