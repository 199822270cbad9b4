"""Streaming a stored recording with HTTP Range support, so a browser's media element can seek."""

from __future__ import annotations

import re

from fastapi.responses import Response, StreamingResponse

from ...storage import Storage, StorageError
from ..deps import RangeNotSatisfiable

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single `bytes=` range; None for the whole file; 416 if unsatisfiable."""
    if not header:
        return None
    m = _RANGE.match(header.strip().replace(" ", ""))
    if not m or (not m.group(1) and not m.group(2)):
        return None  # an unparseable or multi-range header: send the whole file (RFC 9110 allows it)
    first, last = m.group(1), m.group(2)
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if start >= size or (last and int(last) < start):
            raise RangeNotSatisfiable("Requested range not satisfiable", headers={"Content-Range": f"bytes */{size}"})
    else:
        length = int(last)
        if length == 0:
            raise RangeNotSatisfiable("Requested range not satisfiable", headers={"Content-Range": f"bytes */{size}"})
        start, end = max(0, size - length), size - 1
    return start, end


def stream_object(storage: Storage, key: str, content_type: str, range_header: str | None,
                  filename: str | None = None, method: str = "GET") -> Response:
    try:
        size = storage.size(key)
    except StorageError:
        from ...errors import NotFound

        raise NotFound("The recording's file is missing from storage") from None
    headers = {"Accept-Ranges": "bytes", "Cache-Control": "private, max-age=0"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    span = parse_range(range_header, size)
    start, end = span if span else (0, size - 1)
    headers["Content-Length"] = str(max(0, end - start + 1))
    status = 206 if span else 200
    if span:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    if method == "HEAD" or size == 0:
        return Response(status_code=status, headers=headers, media_type=content_type)
    return StreamingResponse(storage.read_range(key, start, end), status_code=status, headers=headers,
                             media_type=content_type)
