"""The export request body: the reference's ExportActionData, read as the reference's examples
write it.

    {"schemaName": "com.stytch.rest.api.v4.data.report.action.ExportActionData",
     "action": "EXPORT_CSV",
     "state": {"schemaName": "...ReportSpecData", "qname": "RP1_22_0_8o448kr6ll3sbkgvvfkj7"},
     "paramValues": {"schemaName": "...EncodedParameterValuesData",
                     "encodedParamValues": "[{'name':'pTeam','value':{...}}]", "qnameContent": "..."},
     "pageSpecification": [{"offset": 0, "limit": 100}, {"offset": 0, "limit": 100}]}

The examples write `EXPORT CSV` and qnames with spaces for underscores, and leave brackets
unclosed: the action is compared ignoring case, spaces and underscores, qnames have their spaces
read as underscores, and missing closing brackets at the end or before another closer are added.
The first pageSpecification entry pages the rows, the second the columns. schemaName values are
not checked (they name Java classes of the original server).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic import BaseModel

from ..errors import BadRequest
from ..kit.violations import Violations
from ..kit.wire import has_nul

MAX_OFFSET = 2**31 - 1


@dataclass
class Page:
    offset: int = 0
    limit: int | None = None


@dataclass
class ExportRequest:
    qname: str | None = None
    qname_content: str | None = None
    encoded: object = None  # text (or an already decoded list)
    rows: Page = field(default_factory=Page)
    columns: Page = field(default_factory=Page)


_PAIRS = {"}": "{", "]": "["}
_CLOSERS = {"{": "}", "[": "]"}


def repair(text: str) -> str:
    """JSON with the closers the reference's examples leave out put back (outside strings)."""
    out: list[str] = []
    stack: list[str] = []
    in_string = escaped = False
    for c in text:
        if in_string:
            out.append(c)
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
            continue
        if c == '"':
            in_string = True
        elif c in "{[":
            stack.append(c)
        elif c in "}]":
            while stack and stack[-1] != _PAIRS[c]:
                _close(out, stack)
            if stack:
                stack.pop()
        out.append(c)
    while stack and not in_string:
        _close(out, stack)
    return "".join(out)


def _close(out: list[str], stack: list[str]) -> None:
    """Close the innermost open bracket, dropping a trailing comma before it."""
    while out and out[-1].isspace():
        out.pop()
    if out and out[-1] == ",":
        out.pop()
    out.append(_CLOSERS[stack.pop()])


def _load(raw: bytes) -> dict:
    text = raw.decode("utf-8-sig", errors="replace").strip()
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        try:
            data = json.loads(repair(text))
        except ValueError as exc:
            raise BadRequest(f"Malformed JSON body: {exc}") from None
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object (ExportActionData)")
    if has_nul(data):
        raise BadRequest("The body must not contain NUL characters")
    return data


def _int(value, where: str, v: Violations, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        v.add(where, "must be a whole number")
        return None
    try:
        number = float(value)
    except ValueError:
        v.add(where, "must be a whole number")
        return None
    if number != number or not number.is_integer() or not low <= number <= high:
        v.add(where, f"must be a whole number from {low} to {high}")
        return None
    return int(number)


def _page(item, where: str, v: Violations) -> Page:
    if item is None:
        return Page()
    if not isinstance(item, dict):
        v.add(where, "must be {offset, limit}")
        return Page()
    return Page(_int(item.get("offset"), f"{where}.offset", v, 0, MAX_OFFSET) or 0,
                _int(item.get("limit"), f"{where}.limit", v, 0, MAX_OFFSET))


def read_export_body(raw: bytes) -> ExportRequest:
    data = _load(raw)
    v = Violations("export request")
    action = data.get("action")
    if action is not None and (not isinstance(action, str)
                               or action.replace(" ", "").replace("_", "").upper() != "EXPORTCSV"):
        v.add("action", "must be EXPORT_CSV (the only export format)")
    state = data.get("state") or {}
    values = data.get("paramValues") or {}
    if not isinstance(state, dict):
        v.add("state", "must be an object with the report's qname")
        state = {}
    if not isinstance(values, dict):
        v.add("paramValues", "must be an object with encodedParamValues")
        values = {}
    out = ExportRequest()
    for key, where, source in (("qname", "state.qname", state), ("qnameContent", "paramValues.qnameContent", values)):
        value = source.get(key)
        if value is not None and not isinstance(value, str):
            v.add(where, "must be text")
        elif value is not None and value.strip():
            setattr(out, "qname" if key == "qname" else "qname_content", value)
    encoded = values.get("encodedParamValues")
    if encoded is not None and not isinstance(encoded, str | list):
        v.add("paramValues.encodedParamValues", "must be a JSON list as text")
    else:
        out.encoded = encoded
    pages = data.get("pageSpecification")
    if pages is not None:
        if isinstance(pages, dict):
            pages = [pages]
        if not isinstance(pages, list) or len(pages) > 2:
            v.add("pageSpecification", "must be [rows {offset, limit}, columns {offset, limit}]")
        else:
            out.rows = _page(pages[0] if pages else None, "pageSpecification[0]", v)
            out.columns = _page(pages[1] if len(pages) > 1 else None, "pageSpecification[1]", v)
    v.raise_if_any()
    return out


class ExportStatus(BaseModel):
    requestId: str  # noqa: N815
    status: str


EXPORT_BODY_DOC = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "title": "ExportActionData",
        "properties": {
            "schemaName": {"type": "string"}, "action": {"type": "string", "example": "EXPORT_CSV"},
            "state": {"type": "object", "properties": {"schemaName": {"type": "string"},
                                                       "qname": {"type": "string"}}},
            "paramValues": {"type": "object", "properties": {
                "schemaName": {"type": "string"}, "qnameContent": {"type": "string"},
                "encodedParamValues": {"type": "string", "example": "[{'name':'pTeam','value':"
                                       "{'isAll':'false','values':[122.0],'containsNull':'false'}}]"}}},
            "pageSpecification": {"type": "array", "maxItems": 2, "items": {
                "type": "object", "properties": {"offset": {"type": "integer", "minimum": 0},
                                                 "limit": {"type": "integer", "minimum": 0}}}},
        }}}}},
}
