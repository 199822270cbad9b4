"""POST Third-Party Exception Requests API, and (extension) listing requests and deciding pending ones."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import ValidationError

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest
from ...kit.body import read_json_or_form
from ..wire import IdPath
from . import service
from .schemas import DecisionBody, ExceptionRequestCreate, ExceptionRequestRead

router = APIRouter(tags=["scheduling"])

PATH = "/api/rest/scheduling/changeRequest/exception"
CREATE_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ExceptionRequestCreate.model_json_schema(by_alias=True)},
        "multipart/form-data": {"schema": ExceptionRequestCreate.model_json_schema(by_alias=True)},
    },
}


async def request_body(request: Request) -> ExceptionRequestCreate:
    """The request fields, sent as JSON or as form fields (an IVR's multipart/form-data)."""
    data = await read_json_or_form(request)
    try:
        return ExceptionRequestCreate.model_validate(data)
    except ValidationError as exc:
        errors = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "reason": e["msg"]} for e in exc.errors()]
        first = errors[0]
        raise BadRequest(f"Invalid exception request: {first['field']} {first['reason']}", errors=errors) from None


@router.post(PATH, response_model=ExceptionRequestRead, summary="Request an exception on behalf of an agent",
             openapi_extra={"requestBody": CREATE_BODY})
def create_exception_request(body: Annotated[ExceptionRequestCreate, Depends(request_body)],
                             principal: Requires("Administer WFM"), db: DbSession):
    """Submit an exception request (JSON or form fields); the agent request workflow decides it."""
    return service.create_request(db, principal, body)


@router.get(PATH, response_model=list[ExceptionRequestRead], summary="List exception requests",
            tags=["scheduling", "extension"])
def list_exception_requests(principal: Requires("Administer WFM", "Edit Schedules"), db: DbSession,
                            status: str | None = Query(None, max_length=20, description="pending, approved, denied"),
                            agentId: int | None = Query(None, ge=0, le=2**63 - 1),  # noqa: N803
                            fromDate: str | None = Query(None, max_length=30),  # noqa: N803
                            toDate: str | None = Query(None, max_length=30)):  # noqa: N803
    """The requests of the agents the caller sees, by date (filters: status, agent, shift dates)."""
    return service.list_requests(db, principal, status, agentId, fromDate, toDate)


@router.get(PATH + "/{request_id}", response_model=ExceptionRequestRead, summary="Get an exception request",
            tags=["scheduling", "extension"])
def get_exception_request(request_id: IdPath, principal: Requires("Administer WFM", "Edit Schedules"),
                          db: DbSession):
    """One request, with its status and who or which workflow rule decided it."""
    return service.get_request(db, principal, request_id)


@router.post(PATH + "/{request_id}/approve", response_model=ExceptionRequestRead,
             summary="Approve a pending exception request", tags=["scheduling", "extension"])
def approve_exception_request(request_id: IdPath, principal: Requires("Administer WFM", "Edit Schedules"),
                              db: DbSession, body: DecisionBody | None = None):
    """Approve a pending request: its exception is placed on the agent's schedule at once."""
    return service.decide_request(db, principal, request_id, True, body.comment if body else None)


@router.post(PATH + "/{request_id}/deny", response_model=ExceptionRequestRead,
             summary="Deny a pending exception request", tags=["scheduling", "extension"])
def deny_exception_request(request_id: IdPath, principal: Requires("Administer WFM", "Edit Schedules"),
                           db: DbSession, body: DecisionBody | None = None):
    """Deny a pending request; the schedule is left as it is."""
    return service.decide_request(db, principal, request_id, False, body.comment if body else None)
