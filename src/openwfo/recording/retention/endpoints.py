"""Legal hold, GDPR erasure and the purge audit (extensions: the reference has no retention API)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from pydantic import StrictBool

from ...auth.deps import DbSession, Requires
from ...kit.wire import Body, PathId
from ..deps import get_storage
from . import service

router = APIRouter(tags=["recording", "extension"])
AdministerQM = Requires("Administer QM")
SearchContacts = Requires("Search Contacts")
BASE = "/api/rest/recording/contact"


class LegalHold(Body):
    legal_hold: StrictBool


class LegalHoldRead(Body):
    contact_id: int
    legal_hold: bool


class ErasureRead(Body):
    contact_id: int
    erased: bool
    media_deleted: int
    exports_deleted: int


class AuditRead(Body):
    id: int
    action: str
    contact_id: int
    call_id: str | None = None
    agent_id: int | None = None
    start_time: int | None = None
    workflow_id: int | None = None
    retention_days: int | None = None
    media_deleted: int
    exports_deleted: int
    requested_by: int | None = None
    job_id: int | None = None
    purged_time: int


@router.get(BASE + "/{contact_id}/legalhold", response_model=LegalHoldRead, summary="Read a contact's legal hold")
def read_legal_hold(contact_id: PathId, principal: SearchContacts, db: DbSession) -> dict:
    """Whether the contact is on legal hold (kept whatever its retention says, and not erasable)."""
    return service.legal_hold(db, principal, contact_id)


@router.put(BASE + "/{contact_id}/legalhold", response_model=LegalHoldRead, summary="Set or clear a legal hold")
def write_legal_hold(contact_id: PathId, body: LegalHold, principal: AdministerQM, db: DbSession) -> dict:
    """`{"legalHold": true}` keeps the contact past its retention; false lets retention apply again."""
    return service.set_legal_hold(db, principal, contact_id, body.legal_hold)


@router.delete(BASE + "/{contact_id}", response_model=ErasureRead, summary="Erase a contact (GDPR)")
def erase_contact(contact_id: PathId, request: Request, principal: AdministerQM, db: DbSession) -> dict:
    """Deletes the contact with its metadata, events, recordings and exports (files included) and
    audits the erasure; 409 while the contact is on legal hold."""
    return service.erase_contact(db, principal, contact_id, get_storage(request))


@router.get("/api/rest/recording/retention/audit", response_model=list[AuditRead],
            summary="Contacts purged by retention, erasure or segment-and-delete")
def list_retention_audit(principal: AdministerQM, db: DbSession,
                         action: str | None = Query(None, pattern="^(retention|erasure|segment_delete)$",
                                                    description="retention, erasure or segment_delete (a recording "
                                                                "control's segment with delete)"),
                         contactId: int | None = Query(None, ge=1, le=2**63 - 1, description="one contact"),  # noqa: N803
                         limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)) -> list:
    """The tenant's purge audit, newest first: what was removed, when, why and by whom."""
    return service.list_audit(db, limit, offset, action, contactId)
