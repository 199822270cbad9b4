"""ASGI middleware: request ids, trusted proxies, cross-site write refusal, trailing slashes, body size
limit, and JSON without a Content-Type."""

from __future__ import annotations

import uuid

import orjson

from .errors import PayloadTooLarge
from .kit.forwarded import TrustedProxies, normalise_origin, own_origin
from .kit.forwarded import allowed_origins as allowed_origins_of

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
    def __init__(self, app, max_body_bytes: int, trusted_proxies: str = "", allowed_origins: str = ""):
        self.app = app
        self.max_body = max_body_bytes
        self.proxies = TrustedProxies(trusted_proxies)
        self.allowed_origins = allowed_origins_of(allowed_origins)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        incoming = _header(scope, b"x-request-id")
        request_id = incoming.decode("latin-1")[:64] if incoming and incoming.isascii() else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        if self.proxies:
            _apply_forwarding(scope, self.proxies)

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

        refusal = self._cross_site(scope)
        if refusal:
            return await _error(send_with_id, 403, refusal, request_id)

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
        await _error(send, 413, "Request body too large", request_id)

    def _cross_site(self, scope) -> str | None:
        """Why a state-changing request is refused as cross-site, or None. A browser names the page's
        origin (Origin, or at least Referer) on every POST/PUT/PATCH/DELETE; API clients (curl,
        requests, .NET, Java) send neither and pass. A named origin must be this server's own
        (scheme + Host, as forwarded by a trusted proxy) or one of OPENWFO_ALLOWED_ORIGINS."""
        origin = _header(scope, b"origin")
        source = "Origin"
        if origin is None:
            origin = _header(scope, b"referer")
            source = "Referer"
            if origin is None:
                return None
        named = origin.decode("latin-1").strip()
        if named.lower() == "null":
            return "Cross-site request refused: the browser sent Origin: null"
        canonical = normalise_origin(named)
        if canonical is None:
            return f"Cross-site request refused: the {source} header is not an http(s) origin"
        host = _header(scope, b"host")
        own = own_origin(scope.get("scheme", "http"), host.decode("latin-1") if host else None)
        if canonical == own or canonical in self.allowed_origins:
            return None
        return (f"Cross-site request refused: {canonical} is not this server's origin"
                f"{f' ({own})' if own else ''} nor in OPENWFO_ALLOWED_ORIGINS")


def _apply_forwarding(scope, proxies: TrustedProxies) -> None:
    """From a trusted proxy: the client address, scheme and host the client used, as if direct."""
    client = scope.get("client")
    peer = client[0] if client else None
    if not proxies.trusts(peer):
        return
    merged: dict[bytes, bytes] = {}
    for k, v in scope.get("headers", ()):  # a header sent on several lines is one comma-separated list
        merged[k] = merged[k] + b"," + v if k in merged else v
    address, scheme, host = proxies.resolve(peer, merged)
    scope["client"] = (address, 0)
    if scheme:
        scope["scheme"] = scheme
    if host:
        _replace_header(scope, b"host", host.encode("latin-1"))


async def _error(send, status: int, message: str, request_id: str) -> None:
    body = orjson.dumps({"errorMessage": message, "requestId": request_id})
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(PayloadTooLarge):
    def __init__(self) -> None:
        super().__init__("Request body too large")
