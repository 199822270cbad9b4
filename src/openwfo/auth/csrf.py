"""CSRF tokens for the web console's sessions.

The console shares the `hazelcast.sessionId` cookie with the API. Besides SameSite=Lax and the Origin
check in the middleware, a session the console starts carries a secret token: the console asks for one
by logging in with the `X-OpenWFO-Console` header, gets it back in the `X-CSRF-Token` response header
(of that login, and of GET /api/rest/authorize when a page is reloaded) and sends it as `X-CSRF-Token`
on every POST/PUT/PATCH/DELETE. A request of such a session without the token, or with another one, is
refused (403) before the endpoint runs. Sessions started without the header — every Calabrio ONE API
client — carry no token and need none, so they work unchanged.

Another site cannot read the token (reading a response across origins needs CORS, which the server does
not grant) and cannot send a custom header across origins without a CORS preflight either.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from ..errors import Forbidden

CONSOLE_HEADER = "x-openwfo-console"
TOKEN_HEADER = "X-CSRF-Token"
PAYLOAD_KEY = "_csrf"  # in the session payload; keys starting with "_" never reach the session JSON
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def wants_token(request: Request) -> bool:
    """The login asks for a console session (one whose writes need the token)."""
    return request.headers.get(CONSOLE_HEADER) is not None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_of(payload: dict) -> str | None:
    token = payload.get(PAYLOAD_KEY)
    return token if isinstance(token, str) and token else None


def check(request: Request, payload: dict) -> None:
    """Refuse a state-changing request of a console session that does not carry the session's token."""
    if request.method not in _WRITES:
        return
    expected = token_of(payload)
    if expected is None:
        return
    sent = request.headers.get(TOKEN_HEADER)
    if not sent:
        raise Forbidden(
            "CSRF token missing: this session was started by the web console, so every change "
            f"must carry its {TOKEN_HEADER} header"
        )
    if not hmac.compare_digest(sent.encode("utf-8", "replace"), expected.encode()):
        raise Forbidden(f"CSRF token wrong: the {TOKEN_HEADER} header is not this session's token")
