"""Real-Time Data Capture API (POST /api/rest/scheduling/gis/realTimeAgentState) and Real-Time Agent
States API (POST /api/rest/scheduling/realTime/activity/detail)."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest
from ...kit.body import read_json_or_form
from ...kit.responses import JSON
from ...kit.schemas import WireModel
from ..schedules.wire import json_or_form, json_or_form_body
from ..wire import Body, Id, Int64
from . import service

router = APIRouter(tags=["scheduling"])


class StateChangeIn(Body):
    acd_agent_id: str | int = Field(description="The agent's ACD id")
    gis_state_identifier: int = Field(description="1 logout, 2 not ready, 3 ready, 4 talking, 5 work not ready, "
                                                  "6 work ready, 10 hold")
    timestamp: int = Field(description="When the state began, epoch ms")
    reason_code: int | str | None = Field(None, description="1-65535, a text, null or blank")


class ChangeResult(WireModel):
    index: int
    acd_agent_id: str | None
    gis_state_identifier: int | float | bool | str | None = Field(description="As sent (text when not a number)")
    timestamp: int | float | bool | str | None = Field(description="As sent (text when not a number)")
    status: str = Field(description="accepted, duplicate or rejected")
    reason: str | None = Field(None, description="Why it was rejected")


class CaptureResult(WireModel):
    accepted: int
    duplicates: int
    rejected: int
    results: list[ChangeResult]


class AgentStatesQuery(Body):
    from_time: Int64 | None = Field(None, description="Epoch ms, inclusive")
    to_time: Int64 | None = Field(None, description="Epoch ms, exclusive")
    agent_ids: list[Id] | None = Field(None, description="Default: every agent in the caller's view")


class RealTimeActivity(WireModel):
    agent_state: str
    reason_code: int | str | None
    timestamp: int


class AgentStatesRead(WireModel):
    agent_id: int
    employee_id: str | None
    real_time_activities: list[RealTimeActivity]


_CAPTURE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {
        "oneOf": [StateChangeIn.model_json_schema(by_alias=True),
                  {"type": "array", "items": StateChangeIn.model_json_schema(by_alias=True)}]}},
    "application/x-www-form-urlencoded": {"schema": StateChangeIn.model_json_schema(by_alias=True)},
    "multipart/form-data": {"schema": StateChangeIn.model_json_schema(by_alias=True)}}}}


@router.post("/api/rest/scheduling/gis/realTimeAgentState", response_model=CaptureResult,
             summary="Real-time data capture", openapi_extra=_CAPTURE_BODY)
async def capture(request: Request, principal: Requires("WFM App Management"), db: DbSession,
                  acdServerId: int | None = Query(None, ge=0, le=2**63 - 1,  # noqa: N803
                                                  description="Match agents on this ACD server only")):
    """One agent state change or an array of them. Each is accepted, duplicate (already stored) or
    rejected with its reason; a bad change never fails the others. Accepted changes are committed
    before the response is sent."""
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        data = await read_json_or_form(request)  # one change as form fields, the same names
    else:
        raw = await request.body()
        try:
            data = orjson.loads(raw) if raw.strip() else None
        except orjson.JSONDecodeError as exc:
            raise BadRequest(f"Malformed JSON body: {exc}") from None
    single = isinstance(data, dict)
    if not single and not isinstance(data, list):
        raise BadRequest("The body must be one agent state change (a JSON object) or an array of them",
                         errors=[{"field": "body", "reason": "a JSON object or array is required"}])
    changes = await run_in_threadpool(_ingest_and_commit, db, [data] if single else data, acdServerId)
    if single and changes[0].status == service.REJECTED:
        raise BadRequest(f"Agent state change rejected: {changes[0].why}",
                         errors=[{"field": "body", "reason": changes[0].why}])
    counts = {service.ACCEPTED: 0, service.DUPLICATE: 0, service.REJECTED: 0}
    for c in changes:
        counts[c.status] += 1
    return JSON({"accepted": counts[service.ACCEPTED], "duplicates": counts[service.DUPLICATE],
                 "rejected": counts[service.REJECTED], "results": [c.result() for c in changes]})


def _ingest_and_commit(db, items: list, acd_server_id: int | None) -> list:
    """Store and commit in one worker-thread call: the SQLite write lock is then held only for the
    insert and the commit, not across the event-loop turns between the endpoint and the request's
    own commit (which finds nothing left to do)."""
    changes = service.ingest(db, items, acd_server_id)
    if db.in_transaction():
        db.commit()
    return changes


@router.post("/api/rest/scheduling/realTime/activity/detail", response_model=list[AgentStatesRead],
             summary="Real-time agent states", openapi_extra=json_or_form_body(AgentStatesQuery))
def real_time_agent_states(body: Annotated[AgentStatesQuery, Depends(json_or_form(AgentStatesQuery))],
                           principal: Requires("Administer WFM"), db: DbSession):
    """States of the visible agents with real-time data from fromTime (inclusive, the state in force then
    included) to toTime (exclusive), at most 31 days."""
    return JSON(service.agent_states(db, principal, body.from_time, body.to_time, body.agent_ids))
