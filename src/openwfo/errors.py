"""The AppError tree and the one error envelope: {"errorMessage", "requestId", "errors"?}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .kit.responses import JSON

log = logging.getLogger("openwfo.errors")


class AppError(Exception):
    """An error with an HTTP status; rendered as the reference's error body."""

    status_code = 400

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None, headers: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors
        self.headers = headers


class BadRequest(AppError):
    status_code = 400


class Unauthorized(AppError):
    status_code = 401


class Forbidden(AppError):
    status_code = 403


class NotFound(AppError):
    status_code = 404


class Conflict(AppError):
    status_code = 409


class PayloadTooLarge(AppError):
    status_code = 413


class TooManyRequests(AppError):
    status_code = 429


def request_id_of(request: Request) -> str:
    return getattr(request.state, "request_id", None) or request.headers.get("x-request-id", "")


def error_response(request: Request, status: int, message: str, errors=None, headers=None) -> JSON:
    body: dict[str, Any] = {"errorMessage": message, "requestId": request_id_of(request)}
    if errors:
        body["errors"] = errors
    return JSON(body, status_code=status, headers=headers)


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header", "cookie")]
        out.append({"field": ".".join(loc) or str(err.get("loc", [""])[0]), "reason": err.get("msg", "invalid")})
    return out


_STATUS_MESSAGES = {
    404: "Not found",
    405: "Method not allowed",
    401: "Not authorized",
    403: "Forbidden",
    413: "Request body too large",
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError):
        return error_response(request, exc.status_code, exc.message, exc.errors, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errors = _validation_errors(exc)
        first = errors[0] if errors else {"field": "", "reason": "invalid"}
        message = f"Invalid request: {first['field']}: {first['reason']}".replace(": : ", ": ")
        return error_response(request, 400, message, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail else None
        if detail in (None, "Not Found", "Method Not Allowed"):
            detail = _STATUS_MESSAGES.get(exc.status_code, "Request failed")
        return error_response(request, exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "Internal server error")
