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
from .db import Database, TenantViolation
from .errors import error_response, install_error_handlers
from .jobs import builtin as _builtin_jobs  # noqa: F401 - registers the housekeeping job
from .jobs.dispatch import build_dispatcher
from .middleware import OpenWFOMiddleware
from .migrate import migrate
from .routers import AUTHENTICATED_ROUTERS, PUBLIC_ROUTERS

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
    throttle = LoginThrottle(database, settings.login_max_failures, settings.login_lockout_minutes, redis_client)
    dispatcher = build_dispatcher(settings, database)
    database.job_dispatcher = dispatcher

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if run_migrations:
            migrate(database)
        dispatcher.recover()
        yield
        dispatcher.close()

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
        return error_response(request, 409, "The change conflicts with existing data")

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

    app.add_middleware(OpenWFOMiddleware, max_body_bytes=settings.max_body_bytes)
    return app


def _store_reachable(database: Database) -> bool:
    try:
        with database.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
