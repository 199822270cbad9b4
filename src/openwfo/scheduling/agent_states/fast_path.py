"""The Real-Time Data Capture API's lean path: an ASGI layer inside the request-id / body-size
middleware that answers the common capture request — a JSON body of few changes from an API session
allowed to send them — without the framework's routing, dependency resolution and response machinery,
and stores it through the group-commit writer (`writer.py`).

It keeps what the full route guarantees: the session cookie is checked against the session store
(the same lookup, so sessions expire alike), the caller must hold WFM App Management, the request id
is on the response (the outer middleware adds it), and the changes are committed before the response.
Anything else — no or an unknown session, a console session (its CSRF token is checked by the full
route), a missing permission, a form or malformed body, another query parameter, a batch over
`writer.SMALL` changes — goes on to the full route (`endpoints.capture`) with the body replayed, so
every error is told exactly as there.
"""

from __future__ import annotations

import logging
import re

import orjson
from starlette.requests import Request

from ...auth import permissions as perms
from ...auth.csrf import token_of
from ...auth.deps import session_id_from
from . import service
from .writer import SMALL, CaptureFailed, writer_for

log = logging.getLogger("openwfo.agent_states")

PATH = "/api/rest/scheduling/gis/realTimeAgentState"
_WANTED = perms.ids_of("WFM App Management")
_QUERY = re.compile(rb"(?:acdServerId=(\d{1,19}))?")
_JSON_HEADERS = [(b"content-type", b"application/json")]
MAX_BYTES = 64 * 1024  # SMALL changes of any sensible size


class CaptureFastPath:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        query = _QUERY.fullmatch(scope.get("query_string", b""))
        if query is None or not _is_small_json(scope):
            return await self.app(scope, receive, send)
        body, rest = await _read_body(receive)
        answer = None
        try:
            answer = await self._answer(scope, body, query.group(1))
        except CaptureFailed:  # logged by the writer
            answer = (500, {"errorMessage": "Internal server error"})
        except Exception:
            log.exception("unhandled error on the capture's lean path")
            answer = (500, {"errorMessage": "Internal server error"})
        if answer is None:  # the full route tells this request's answer (and any error) itself
            return await self.app(scope, _replay(body, rest, receive), send)
        status, content = answer
        if status != 200:  # the error shape of errors.error_response
            request_id = scope.get("state", {}).get("request_id", "")
            content = {"errorMessage": content.pop("errorMessage"), "requestId": request_id, **content}
        data = orjson.dumps(content)
        await send({"type": "http.response.start", "status": status,
                    "headers": [*_JSON_HEADERS, (b"content-length", str(len(data)).encode())]})
        await send({"type": "http.response.body", "body": data})

    async def _answer(self, scope, body: bytes | None, server: bytes | None) -> tuple[int, dict] | None:
        if body is None:
            return None
        request = Request(scope)
        sid = session_id_from(request)
        if not sid:
            return None
        app = scope["app"]
        record = await app.state.sessions.aget(sid)
        if record is None or token_of(record.payload) is not None:
            return None
        auth = record.payload.get("_auth", {})
        if not _WANTED & set(auth.get("permissionIds", ())):
            return None
        acd_server_id = None
        if server is not None:
            acd_server_id = int(server)
            if acd_server_id >= 2**63:
                return None
        try:
            data = orjson.loads(body) if body.strip() else None
        except orjson.JSONDecodeError:
            return None
        single = isinstance(data, dict)
        if not single and not (isinstance(data, list) and len(data) <= SMALL):
            return None
        changes = await writer_for(app.state.database).ingest(record.tenant_id, [data] if single else data,
                                                              acd_server_id)
        if single and changes[0].status == service.REJECTED:
            return 400, {"errorMessage": f"Agent state change rejected: {changes[0].why}",
                         "errors": [{"field": "body", "reason": changes[0].why}]}
        counts = {service.ACCEPTED: 0, service.DUPLICATE: 0, service.REJECTED: 0}
        for c in changes:
            counts[c.status] += 1
        return 200, {"accepted": counts[service.ACCEPTED], "duplicates": counts[service.DUPLICATE],
                     "rejected": counts[service.REJECTED], "results": [c.result() for c in changes]}


def _is_small_json(scope) -> bool:
    """A JSON body not announced as larger than MAX_BYTES (a big batch goes straight to the full route,
    unread here)."""
    json = False
    for k, v in scope.get("headers", ()):
        if k == b"content-type":
            json = v.split(b";")[0].strip().lower() == b"application/json"
        elif k == b"content-length" and (not v.isdigit() or int(v) > MAX_BYTES):
            return False
    return json


async def _read_body(receive) -> tuple[bytes | None, dict | None]:
    """The whole body, or (None, the message that ended it) when the client went away."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None, message
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks), None


def _replay(body: bytes | None, ended: dict | None, receive):
    """The body read already, then the connection's own messages (a disconnect)."""
    sent = False

    async def replayed():
        nonlocal sent
        if not sent:
            sent = True
            if body is None:
                return ended
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
