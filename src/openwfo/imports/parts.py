"""The parts of an upload request: a multipart form's files and fields, or a bare body."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import Request

from ..errors import BadRequest

MAX_PARTS = 20
_FORM_PAIR = re.compile(rb"[\w.\-\[\]%]+=[^\r\n]*\Z")


@dataclass(frozen=True)
class Part:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes


async def read_parts(request: Request) -> list[Part]:
    """Every part of a multipart (or urlencoded) form, files and plain fields; else the body as one part."""
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data") or (
            ctype.startswith("application/x-www-form-urlencoded") and _looks_like_form(await request.body())):
        limit = request.app.state.settings.max_body_bytes
        try:
            form = await request.form(max_files=MAX_PARTS, max_fields=MAX_PARTS, max_part_size=limit)
        except Exception as exc:  # python-multipart raises several kinds for a malformed body
            raise BadRequest(f"Malformed multipart body: {exc}") from None
        parts = []
        for name, value in form.multi_items():
            if isinstance(value, str):
                parts.append(Part(name, None, None, value.encode("utf-8")))
            else:
                parts.append(Part(name, value.filename, value.content_type, await value.read()))
        await form.close()
        return parts
    body = await request.body()
    return [Part("body", None, ctype or None, body)] if body else []


def _looks_like_form(body: bytes) -> bool:
    # curl --data-binary sends a raw CSV file as "urlencoded": only real name=value pairs are a form.
    return bool(body) and all(_FORM_PAIR.match(piece) for piece in body.split(b"&"))


def file_part(parts: list[Part], exclude: Part | None = None) -> Part | None:
    """The uploaded file: the first part sent as a file, else the first other part."""
    candidates = [p for p in parts if p is not exclude and p.data.strip()]
    return next((p for p in candidates if p.filename is not None), candidates[0] if candidates else None)


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                       "required": ["file"]},
        },
        "text/csv": {"schema": {"type": "string"}},
    },
}
