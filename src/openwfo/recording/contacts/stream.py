"""The contact search answer as a streamed JSON array, and the Dojo-store `Range: items=A-B` slice.

The matching rows are read from one server-side cursor (`yield_per`: SQLite steps the statement,
PostgreSQL fetches from a named cursor) in batches of BATCH rows; each batch is rendered (with a
handful of look-ups for the whole batch) and sent before the next is read. Memory therefore stays
flat however many contacts match: `limit=500000` holds one batch at a time, never the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import orjson
from fastapi.responses import StreamingResponse
from sqlalchemy import select

from ...errors import BadRequest
from ...models import Contact
from .search import LIMIT_ALL, NEWEST_FIRST
from .wire import Shape, render_contacts

BATCH = 1000
# Every column of qm_contact, read as plain rows (no ORM identity map to grow with the answer).
COLUMNS = tuple(getattr(Contact, c.key) for c in Contact.__table__.columns)
_RANGE = re.compile(r"^items=(\d+)-(\d*)$")


@dataclass(frozen=True)
class ItemRange:
    first: int
    last: int | None  # inclusive; None: to the end


def parse_items_range(header: str | None) -> ItemRange | None:
    """`items=A-B` (0-based, inclusive, as Dojo stores send it); None when absent or another unit."""
    if not header or not header.strip().lower().startswith("items"):
        return None
    m = _RANGE.match(header.strip().replace(" ", "").lower())
    if not m:
        raise BadRequest("Range must be items=first-last (0-based, inclusive)",
                         errors=[{"field": "Range", "reason": "items=first-last"}])
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) else None
    if last is not None and last < first:
        raise BadRequest("Range: the last item is before the first", errors=[{"field": "Range", "reason": "last < first"}])
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
        with database.session(tenant_id) as db:
            q = (select(*COLUMNS).where(*where).order_by(*NEWEST_FIRST).limit(min(limit, LIMIT_ALL)).offset(offset)
                 .execution_options(yield_per=BATCH))
            first = True
            for part in db.execute(q).partitions(BATCH):
                body = orjson.dumps(render_contacts(db, part, shape), option=orjson.OPT_NON_STR_KEYS)[1:-1]
                if body:
                    yield body if first else b"," + body
                    first = False
    yield b"]"


def streamed(database, tenant_id: int, where: list, offset: int, limit: int, shape: Shape,
             headers: dict[str, str] | None = None) -> StreamingResponse:
    return StreamingResponse(rows(database, tenant_id, where, offset, limit, shape), media_type="application/json",
                             headers=headers)
