"""Request dependencies: the DB unit of work, the current principal, and permission requirements.

Endpoints declare what they need as types:

    def list_groups(principal: Requires("ViewOrg"), db: DbSession): ...

`Requires(a, b)` passes when the caller holds any of the named permissions (the reference lists
alternatives that way); otherwise 403 with the JSON error body.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from http.cookies import CookieError, SimpleCookie
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from ..db import AFTER_RELEASE, bind_tenant, drop_after_release, run_after_release
from ..errors import Forbidden, Unauthorized
from . import csrf
from . import permissions as perms
from .principal import Principal

COOKIE_NAME = "hazelcast.sessionId"
_READING = frozenset({"GET", "HEAD", "OPTIONS"})
CHANGED_PERSONS = "changed_persons"


def mark_person_changed(db: Session, person_id: int) -> None:
    """Call when a person's roles, scope, team, names or activation change: their live sessions are
    refreshed (or ended, if deactivated or deleted) once the change commits."""
    db.info.setdefault(CHANGED_PERSONS, {})[person_id] = db.info.get("tenant_id")


def session_id_from(request: Request) -> str | None:
    # The reference spells the cookie hazelcast.sessionId and once hazelcast.sessionID: accept any case.
    header = request.headers.get("cookie")
    if not header:
        return None
    if COOKIE_NAME in request.cookies:
        return request.cookies[COOKIE_NAME] or None
    try:
        jar = SimpleCookie()
        jar.load(header)
    except CookieError:
        jar = None
    if jar:
        for name, morsel in jar.items():
            if name.lower() == COOKIE_NAME.lower():
                return morsel.value or None
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == COOKIE_NAME.lower() and value:
            return value.strip().strip('"')
    return None


async def current_principal(request: Request) -> Principal:
    sid = session_id_from(request)
    if not sid:
        raise Unauthorized("Not logged in: send the hazelcast.sessionId cookie from POST /api/rest/authorize")
    record = await request.app.state.sessions.aget(sid)
    if record is None:
        raise Unauthorized("Session is invalid or has expired; log in again")
    csrf.check(request, record.payload)
    principal = Principal.from_session(sid, record.tenant_id, record.person_id, record.payload)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


async def get_db(request: Request, principal: CurrentPrincipal) -> AsyncIterator[Session]:
    """One unit of work per request, bound to the caller's tenant: committed after the endpoint
    returns, before the response is sent. A request that never touches the store costs nothing.
    POST/PUT/PATCH/DELETE get a writing unit of work (on SQLite it takes the write lock when it
    begins, so it never fails for another writer); GET/HEAD a reading one, concurrent with writers."""
    database = request.app.state.database
    db: Session = (database.read_sessionmaker if request.method in _READING else database.sessionmaker)()
    bind_tenant(db, principal.tenant_id)
    try:
        yield db
        if db.in_transaction() or db.info.get(CHANGED_PERSONS) or db.info.get(AFTER_RELEASE):
            await run_in_threadpool(_commit, request, db)
    except BaseException:
        if db.in_transaction():
            await run_in_threadpool(_rollback_and_close, db)
        raise
    finally:
        if db.in_transaction():
            await run_in_threadpool(db.close)
        else:
            db.close()


def _commit(request: Request, db: Session) -> None:
    changed = db.info.pop(CHANGED_PERSONS, None)
    db.commit()
    db.close()
    run_after_release(db)
    if changed:
        request.app.state.auth.refresh_person_sessions(changed)


def _rollback_and_close(db: Session) -> None:
    drop_after_release(db)
    db.rollback()
    db.close()


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def require(*names: str):
    """A dependency passing when the caller holds any of the named permissions."""
    wanted = perms.ids_of(*names)
    label = " or ".join(names)

    # A coroutine: FastAPI runs a plain def dependency in the thread pool, a hop per request for a set
    # intersection.
    async def _check(principal: CurrentPrincipal) -> Principal:
        if not (wanted & principal.permission_ids):
            raise Forbidden(f"Permission required: {label}")
        return principal

    _check.__name__ = "require_" + "_".join(n.replace(" ", "") for n in names)
    return _check


def Requires(*names: str):  # noqa: N802 - reads as a type in signatures
    return Annotated[Principal, Depends(require(*names))]
