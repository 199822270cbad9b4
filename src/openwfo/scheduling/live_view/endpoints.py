"""The live view (extension): GET /api/rest/scheduling/realTime/stream, a Server-Sent Events stream."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from ...auth.deps import CurrentPrincipal
from ...kit.clock import now_ms
from ..wire import MAX_INT64
from . import service
from .hub import Stream, hubs_for

router = APIRouter(tags=["scheduling", "extension"])
RETRY_MS = 3000
COALESCE_S = 0.01   # a busy stream's writes gather this long
BUSY_S = 0.02       # a stream that wrote less than this ago is busy


def _watched(database, principal, team_id, view_id):
    with database.session(principal.tenant_id, write=False) as db:
        return service.watched_agents(db, principal, team_id, view_id, now_ms())


@router.get("/api/rest/scheduling/realTime/stream", summary="Live view of a team or a view (SSE)",
            response_class=StreamingResponse,
            responses={200: {"description": "text/event-stream: `snapshot`, then `state`, `activity`, `agent`, "
                                            "`agentAdded`, `agentRemoved`, "
                                            "`alert`, `alertEnded`, `alertAcknowledged` events",
                             "content": {"text/event-stream": {"schema": {"type": "string"}}}}})
async def live_stream(request: Request, principal: CurrentPrincipal,
                      teamId: int | None = Query(None, ge=0, le=MAX_INT64),  # noqa: N803
                      viewId: int | None = Query(None, ge=0, le=MAX_INT64),  # noqa: N803
                      lastEventId: str | None = Query(None, max_length=100,  # noqa: N803
                                                      description="As the Last-Event-ID header (which wins)")):
    """Server-Sent Events: first a `snapshot` of every watched agent (state, scheduled activity, in or out of
    adherence and for how many seconds), then one event per change: `state` (a state change accepted),
    `activity` (a scheduled activity starting or ending), `agent` (schedule or adherence rules edited),
    `agentAdded`/`agentRemoved` (the team's or view's agents changed),
    `alert`/`alertEnded`/`alertAcknowledged` (out-of-adherence alerts). Every event has an id; reconnecting
    with `Last-Event-ID` replays what was missed (or sends a fresh snapshot when that is no longer
    possible). A comment every 15 s keeps proxies from closing the connection; the stream ends once the
    session has ended (logged out, expired)."""
    database = request.app.state.database
    watched = await run_in_threadpool(_watched, database, principal, teamId, viewId)
    last_event_id = request.headers.get("last-event-id") or lastEventId
    stream = Stream({w.id for w in watched},
                    resolve=lambda: _watched(database, principal, teamId, viewId),
                    key=(principal.person_id, teamId, viewId))

    async def events():
        hubs = hubs_for(database)
        hub = await hubs.get(principal.tenant_id)
        try:
            first = await hub.attach(stream, watched, last_event_id)
            yield f"retry: {RETRY_MS}\n\n".encode() + first
            loop = asyncio.get_running_loop()
            stream.written = loop.time()
            while stream.open and not hubs.ending:
                if not stream.frames and not stream.heartbeat_due:
                    stream.wake.clear()
                    await stream.wake.wait()
                    continue
                if stream.heartbeat_due and not stream.frames:
                    stream.heartbeat_due = False
                    stream.wake.clear()
                    if await request.app.state.sessions.aget(principal.session_id) is None:
                        return  # logged out or expired: the client's reconnect gets its 401
                    yield f": heartbeat {now_ms()}\n\n".encode()
                    stream.written = loop.time()
                    continue
                if loop.time() - stream.written < BUSY_S:
                    # A busy stream (it wrote moments ago): gather what else arrives, fewer and larger writes.
                    await asyncio.sleep(COALESCE_S)
                stream.heartbeat_due = False
                chunk = stream.take()
                if chunk:
                    yield chunk
                    stream.written = loop.time()
        finally:
            hub.remove(stream)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
