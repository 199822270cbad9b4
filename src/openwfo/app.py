"""create_app(settings): the FastAPI application with its stores, middleware, errors and routers."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError

from . import SERVER_NAME, __version__
from .auth.deps import current_principal
from .auth.service import AuthService
from .auth.sessions import build_session_store
from .auth.throttle import LoginThrottle
from .config import Settings
from .console import install as install_console
from .db import Database, TenantViolation
from .errors import error_response, install_error_handlers
from .jobs import builtin as _builtin_jobs  # noqa: F401 - registers the housekeeping job
from .jobs.dispatch import build_dispatcher
from .kit import lifecycle
from .kit.schemas import ErrorBody
from .live.publisher import build_publisher
from .middleware import OpenWFOMiddleware
from .migrate import migrate
from .org.uniqueness import explain as explain_unique_violation
from .routers import AUTHENTICATED_ROUTERS, PUBLIC_ROUTERS
from .scheduling.agent_states.fast_path import CaptureFastPath
from .system import maintenance as _maintenance  # noqa: F401 - schedules housekeeping and sweeps

log = logging.getLogger("openwfo")

DESCRIPTION = """OpenWFO implements the Calabrio ONE REST API. Log in with `POST /api/rest/authorize`;
every other call sends the `hazelcast.sessionId` cookie it sets. Endpoints tagged `extension` go
beyond the reference."""


def create_app(settings: Settings | None = None, *, database: Database | None = None,
               run_migrations: bool = True) -> FastAPI:
    settings = settings or Settings()
    database = database or Database(settings)
    redis_client = None
    if settings.redis_url:
        import redis

        redis_client = redis.Redis.from_url(settings.redis_url)
    sessions = build_session_store(settings, database, redis_client)
    throttle = LoginThrottle(database, settings.login_max_failures, settings.login_lockout_minutes, redis_client,
                             settings.login_address_max_failures)
    dispatcher = build_dispatcher(settings, database)
    database.job_dispatcher = dispatcher
    database.live_publisher = build_publisher(settings, database)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if run_migrations:
            migrate(database)
        dispatcher.recover()
        stops = lifecycle.start_all(app)
        yield
        lifecycle.stop_all(stops)
        dispatcher.close()
        database.live_publisher.close()

    app = FastAPI(
        title=f"{SERVER_NAME} — Calabrio ONE compatible API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.sessions = sessions
    app.state.throttle = throttle
    app.state.jobs = dispatcher
    app.state.redis = redis_client
    app.state.auth = AuthService(database, sessions, throttle, settings.session_timeout_minutes)
    app.state.health = lambda: _store_reachable(database)

    install_error_handlers(app)

    @app.exception_handler(IntegrityError)
    async def _integrity(request, exc: IntegrityError):
        # A unique index won a race the service's own check could not see: 409, naming what is taken.
        message, errors = explain_unique_violation(exc) or ("The change conflicts with existing data", None)
        return error_response(request, 409, message, errors)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request, exc):
        # A number too large for the store (ids are 64-bit): bad input, not a server fault.
        return error_response(request, 400, "A value in the request is out of range")

    @app.exception_handler(TenantViolation)
    async def _tenant(request, exc: TenantViolation):
        log.error("tenant violation: %s", exc)
        return error_response(request, 404, "Not found")

    for router in PUBLIC_ROUTERS:
        app.include_router(router)
    for router in AUTHENTICATED_ROUTERS:
        app.include_router(router, dependencies=[Depends(current_principal)], responses={401: {}})
    install_console(app)  # the web console at / (static pages over the API above)

    app.add_middleware(CaptureFastPath)  # inside the one below: request ids, body limits, cross-site refusal
    app.add_middleware(OpenWFOMiddleware, max_body_bytes=settings.max_body_bytes,
                       trusted_proxies=settings.trusted_proxies, allowed_origins=settings.allowed_origins)
    _document_errors_as_400(app)
    return app


def _document_errors_as_400(app: FastAPI) -> None:
    """OpenAPI says what the server does: validation failures are 400 with the error envelope, not 422."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        spec = build()
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas["ErrorBody"] = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schemas["ErrorBody"].pop("$defs", {}))
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        for item in spec.get("paths", {}).values():
            for op in item.values():
                responses = op.get("responses", {})
                if responses.pop("422", None) is not None or "400" in responses:
                    responses["400"] = {"description": "Bad request", "content": error}
                for code, label in (("401", "No session, or an expired one"), ("403", "Permission missing"),
                                   ("404", "Not found"), ("409", "Conflict"), ("429", "Too many requests")):
                    if code in responses:
                        responses[code] = {"description": label, "content": error}
        for name in ("HTTPValidationError", "ValidationError"):
            schemas.pop(name, None)
        app.openapi_schema = spec
        return spec

    app.openapi = openapi


def _store_reachable(database: Database) -> bool:
    try:
        with database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
