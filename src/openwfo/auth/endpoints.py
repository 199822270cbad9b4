"""Authorize API: log in, read the current session, log out."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from ..errors import BadRequest
from ..kit.body import read_json_or_form
from ..kit.responses import JSON
from . import csrf
from .deps import COOKIE_NAME, CurrentPrincipal
from .schemas import LOGIN_REQUEST_BODY, SessionRead
from .service import LoginRequest

public_router = APIRouter(tags=["auth"])
router = APIRouter(tags=["auth"])


def _client_address(request: Request) -> str | None:
    # The middleware has already replaced the socket peer with the forwarded client when (and only
    # when) the peer is one of OPENWFO_TRUSTED_PROXIES.
    return request.client.host if request.client else None


def _is_https(request: Request) -> bool:
    # Any X-Forwarded-Proto: https marks the cookie Secure: a spoofed one only restricts the cookie.
    proto = request.headers.get("x-forwarded-proto", request.url.scheme)
    return proto.split(",")[0].strip().lower() == "https"


@public_router.post(
    "/api/rest/authorize",
    response_model=SessionRead,
    summary="Log in and start a session",
    responses={400: {}, 401: {}, 429: {}},
    openapi_extra={"requestBody": LOGIN_REQUEST_BODY},
)
async def create_session(request: Request) -> Response:
    """Log in: answers the session JSON and sets the hazelcast.sessionId cookie."""
    body = await read_json_or_form(request)
    user_id = body.get("userId") or body.get("username") or body.get("userid")
    password = body.get("password")
    missing = [f for f, v in (("userId", user_id), ("password", password)) if not isinstance(v, str) or not v]
    if missing:
        raise BadRequest(
            f"Missing required field(s): {', '.join(missing)}",
            errors=[{"field": f, "reason": "required"} for f in missing],
        )
    tenant_id = body.get("tenantId")
    token = csrf.new_token() if csrf.wants_token(request) else None
    req = LoginRequest(
        user_id=user_id, password=password,
        language=_opt_str(body.get("language")), locale=_opt_str(body.get("locale")),
        tenant_id=None if tenant_id is None else str(tenant_id), csrf_token=token,
    )
    auth = request.app.state.auth
    session_json = await _in_thread(auth.login, req, _client_address(request))
    response = JSON(session_json)
    # SameSite=Lax: a browser does not send the session with another site's POST, PUT or DELETE
    # (the Origin check in the middleware refuses those too).
    cookie = f"{COOKIE_NAME}={session_json['sessionId']}; Path=/; HttpOnly; SameSite=Lax"
    if _is_https(request):
        cookie += "; Secure"
    response.headers.append("set-cookie", cookie)
    if token:
        response.headers[csrf.TOKEN_HEADER] = token
    return response


@router.get("/api/rest/authorize", response_model=SessionRead, summary="The current session")
async def read_session(principal: CurrentPrincipal, request: Request) -> Response:
    """The current session's JSON (same shape as the login response); a console session's CSRF token in
    the X-CSRF-Token header (a reloaded console page reads it here)."""
    response = JSON(request.app.state.auth.current(principal.session_id, principal.payload))
    token = csrf.token_of(principal.payload)
    if token:
        response.headers[csrf.TOKEN_HEADER] = token
    return response


@router.delete("/api/rest/authorize", summary="Log out", response_class=Response, responses={200: {"content": {}}})
async def delete_session(principal: CurrentPrincipal, request: Request) -> Response:
    """End the session: the session id is dead from now on."""
    await _in_thread(request.app.state.auth.logout, principal.session_id)
    response = Response(status_code=200)
    response.headers.append("set-cookie", f"{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
    return response


def _opt_str(v) -> str | None:
    return v if isinstance(v, str) and v else None


async def _in_thread(fn, *args):
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)
