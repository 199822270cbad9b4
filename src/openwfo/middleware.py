"""ASGI middleware: request ids, trailing slashes, body size limit, and JSON without a Content-Type."""

from __future__ import annotations

import uuid

import orjson

from .errors import PayloadTooLarge

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Content types a client may put on a JSON body by accident or habit: curl -d sends form-urlencoded,
# and the reference lists "multipart/form-data" for endpoints whose examples are JSON. A real
# multipart body starts with "--", never with "{" or "[".
_JSONISH = ("", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data")


def _header(scope, name: bytes) -> bytes | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return v
    return None


def _replace_header(scope, name: bytes, value: bytes) -> None:
    headers = [(k, v) for k, v in scope.get("headers", ()) if k != name]
    headers.append((name, value))
    scope["headers"] = headers


class OpenWFOMiddleware:
    def __init__(self, app, max_body_bytes: int):
        self.app = app
        self.max_body = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        incoming = _header(scope, b"x-request-id")
        request_id = incoming.decode("latin-1")[:64] if incoming and incoming.isascii() else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        path = scope["path"]
        if len(path) > 1 and path.endswith("/"):
            scope["path"] = path.rstrip("/") or "/"
            if scope.get("raw_path"):
                scope["raw_path"] = scope["raw_path"].rstrip(b"/") or b"/"

        async def send_with_id(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [(b"x-request-id", request_id.encode())]
            await send(message)

        if scope["method"] not in _BODY_METHODS:
            return await self.app(scope, receive, send_with_id)

        length = _header(scope, b"content-length")
        if length and length.isdigit() and int(length) > self.max_body:
            return await self._reject(send_with_id, request_id)

        # Peek at the first chunk: a body that is JSON is treated as JSON whatever the Content-Type says.
        first = await receive()
        chunk = first.get("body", b"")
        ctype = (_header(scope, b"content-type") or b"").split(b";")[0].strip().lower().decode("latin-1")
        stripped = chunk.lstrip()[:1]
        if ctype in _JSONISH and stripped in (b"{", b"["):
            _replace_header(scope, b"content-type", b"application/json")

        seen = len(chunk)
        replayed = False
        max_body = self.max_body

        async def replay():
            nonlocal replayed, seen
            if not replayed:
                replayed = True
                return first
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > max_body:
                raise BodyTooLarge()
            return message

        if seen > max_body:
            return await self._reject(send_with_id, request_id)
        try:
            await self.app(scope, replay, send_with_id)
        except BodyTooLarge:
            await self._reject(send_with_id, request_id)

    async def _reject(self, send, request_id: str):
        body = orjson.dumps({"errorMessage": "Request body too large", "requestId": request_id})
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(PayloadTooLarge):
    def __init__(self) -> None:
        super().__init__("Request body too large")
