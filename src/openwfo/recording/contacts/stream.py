"""The contact search answer as a streamed JSON array, and the Dojo-store `Range: items=A-B` slice.

The matching rows are read as plain tuples from one server-side cursor (`repository.stream_rows`:
SQLite steps the statement, PostgreSQL fetches from a named cursor) in batches of BATCH rows. Each
batch is rendered by one `Renderer` (a handful of look-ups per batch for what the rows refer to,
kept across batches) and serialised with one `orjson.dumps` call before the next batch is read.
Memory therefore stays flat however many contacts match: `limit=500000` holds one batch at a time,
never the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import orjson
from fastapi.responses import StreamingResponse

from ...kit.violations import Violations
from . import repository
from .wire import Renderer, Shape

BATCH = 2000
_RANGE = re.compile(r"^items=(\d+)-(\d*)$")


@dataclass(frozen=True)
class ItemRange:
    first: int
    last: int | None  # inclusive; None: to the end


def parse_items_range(header: str | None, v: Violations) -> ItemRange | None:
    """`items=A-B` (0-based, inclusive, as Dojo stores send it); None when absent or another unit."""
    if not header or not header.strip().lower().startswith("items"):
        return None
    m = _RANGE.match(header.strip().replace(" ", "").lower())
    if not m:
        v.add("Range", "must be items=first-last (0-based, inclusive)")
        return None
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) else None
    if last is not None and last < first:
        v.add("Range", "names a last item before the first")
        return None
    return ItemRange(first, last)


def content_range(r: ItemRange, total: int) -> str:
    """`items A-B/TOTAL` for the items sent; `items */TOTAL` when the range lies past the end."""
    if r.first >= total:
        return f"items */{total}"
    last = total - 1 if r.last is None else min(r.last, total - 1)
    return f"items {r.first}-{last}/{total}"


def rows(database, tenant_id: int, where: list, offset: int, limit: int, shape: Shape) -> Iterator[bytes]:
    """The JSON array of the matching contacts, newest first, one rendered batch at a time."""
    yield b"["
    if limit > 0:
        with database.session(tenant_id, write=False) as db:
            renderer = Renderer(db, shape)
            dumps = orjson.dumps
            separator = b""
            for batch in repository.stream_rows(db, tenant_id, where, offset, limit, BATCH):
                body = dumps(renderer.render(batch))
                yield separator + body[1:-1]
                separator = b","
    yield b"]"


def streamed(database, tenant_id: int, where: list, offset: int, limit: int, shape: Shape,
             headers: dict[str, str] | None = None) -> StreamingResponse:
    return StreamingResponse(rows(database, tenant_id, where, offset, limit, shape), media_type="application/json",
                             headers=headers)
