"""Recording Controls API: POST /api/rest/recordingcontrols/{command} and
/api/rest/recordingcontrols/user/{personId}/{command}; the live state as an extension."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest
from ...kit.responses import JSON
from ...kit.wire import query_text
from ..deps import get_storage
from . import service
from .schemas import ControlIn, ControlResult

router = APIRouter(tags=["recording"])
BASE = "/api/rest/recordingcontrols"
Controls = Requires("Recording Controls")
_COMMAND = Path(max_length=40, description="login, logout, metadata, pause, resume, segment, start_screen, "
                                            "stop_screen or tag (any case)")
_PERSON_Q = Query(None, max_length=320, description="person id, domain\\user or email (in your scope); "
                                                    "default: the caller")
_ACTIVE = Query(None, max_length=5, alias="active_call_only",
                description="true: metadata and tag apply only to a call in progress (default false: "
                            "else to the previous call)")
_CCR = Query(None, ge=0, le=2**63 - 1, description="metadata only: the contact to set metadata on")


def _acd(acd_id: str | None, server: str | None, server_type: str | None) -> service.Acd:
    return service.Acd(query_text(acd_id, "acdId"), query_text(server, "acdServerId"),
                       query_text(server_type, "acdServerType"))


def _run(request: Request, principal, db, command: str, person: str | None, body: ControlIn | None,
         active_call_only: str | None, ccr_id: int | None, acd: service.Acd) -> JSON:
    active_only = service.flag(active_call_only, "active_call_only")
    return JSON(service.run_command(db, principal, get_storage(request), command, query_text(person, "personId"),
                                    acd, active_only, body, ccr_id))


@router.post(BASE + "/user/{personId}/{command}", response_model=ControlResult,
             summary="Issue a recording control command for a person")
def control_for_person(request: Request, principal: Controls, db: DbSession,
                       personId: str = Path(max_length=320, description="person id, domain\\user or email"),  # noqa: N803
                       command: str = _COMMAND, body: ControlIn | None = None,
                       active_call_only: str | None = _ACTIVE, ccrId: int | None = _CCR):  # noqa: N803
    """The command for the person named in the path (in your scope); see the caller's form."""
    return _run(request, principal, db, command, personId, body, active_call_only, ccrId, service.Acd())


_ACD_PARAMS = [{"name": n, "in": "query", "required": False, "schema": {"type": "string", "maxLength": 200},
                "description": d} for n, d in (
                    ("acdId", "the agent's ACD id (also accepted in a `metadata` object of the body)"),
                    ("acdServerId", "with acdId: a stored ACD server id, or the peripheral / CMS ACD id"),
                    ("acdServerType", "UCCE or AVAYA, when acdServerId is not a stored ACD server id"))]


def _acd_query(request: Request) -> service.Acd:
    """acdId / acdServerId / acdServerType from the query (read here rather than declared: every
    declared parameter costs each command its validation)."""
    q = request.query_params
    values = []
    for name in ("acdId", "acdServerId", "acdServerType"):
        value = q.get(name)
        if value is not None and len(value) > 200:
            raise BadRequest(f"{name} has at most 200 characters", errors=[{"field": name, "reason": "too long"}])
        values.append(value)
    return _acd(*values)


@router.post(BASE + "/{command}", response_model=ControlResult, summary="Issue a recording control command",
             openapi_extra={"parameters": _ACD_PARAMS})
def control(request: Request, principal: Controls, db: DbSession, command: str = _COMMAND,
            body: ControlIn | None = None, personId: str | None = _PERSON_Q,  # noqa: N803
            active_call_only: str | None = _ACTIVE, ccrId: int | None = _CCR):  # noqa: N803
    """Pause, resume, tag, metadata, segment (`{"delete": true}` deletes the previous segment),
    start_screen, stop_screen, login / logout (`{"extension": "1234"}`) for the caller, `personId`,
    or the person acdId + acdServerId (+ acdServerType) name (in a `metadata` object of the body).
    Answers 200 with `status` APPLIED or IGNORED (nothing to act on, already paused, ...); an
    unknown command is 400. `metadata?ccrId={contactId}` sets metadata on that contact."""
    return _run(request, principal, db, command, personId, body, active_call_only, ccrId, _acd_query(request))


@router.get(BASE + "/state", response_model=dict, summary="A person's live recording-control state",
            tags=["recording", "extension"])
def control_state(principal: Controls, db: DbSession, personId: str | None = _PERSON_Q):  # noqa: N803
    """Paused or not (since when, on which contact), the active call, the screen-only recording in
    progress and the phone extension the person is logged in to."""
    return JSON(service.state_of(db, principal, query_text(personId, "personId"), service.Acd()))
