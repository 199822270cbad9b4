"""Liberal body reading: JSON whatever the Content-Type says (or none), or a form."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from fastapi import Request

from ..errors import BadRequest


async def read_json_or_form(request: Request) -> dict:
    """The body as a dict: JSON (any or no Content-Type), urlencoded form, or multipart form."""
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}
    raw = await request.body()
    text = raw.decode("utf-8-sig", errors="replace").strip()
    if not text:
        return {}
    if text[0] in "{[":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise BadRequest(f"Malformed JSON body: {exc.msg} at position {exc.pos}") from None
        if not isinstance(data, dict):
            raise BadRequest("The JSON body must be an object")
        return data
    if "=" in text:
        return dict(parse_qsl(text, keep_blank_values=True))
    raise BadRequest("The body must be JSON or a form")
