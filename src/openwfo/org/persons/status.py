"""A person's login status (extension, as Calabrio ONE has it): GET/PUT
/api/rest/org/common/person/{id}/status with {"status": "locked" | "unlocked"}.

A login is locked by too many failed logins (auth/throttle.py, for the lockout time) or by an
administrator (`org_person_lock`, until unlocked; login then answers 429 as for a lockout).
Unlocking clears both: the administrator's lock and the login's failure count. Locking ends the
person's live sessions.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import Field
from sqlalchemy.orm import Session

from ...auth.deps import DbSession, Requires
from ...auth.principal import Principal
from ...db import after_release
from ...errors import BadRequest, Conflict
from ...kit.clock import now_ms
from ...kit.schemas import WireModel
from ...models import Person, PersonLock
from ..wire import OrgInput, PathId
from . import repository as repo
from .service import visible_person

router = APIRouter(tags=["org", "extension"])

LOCKED, UNLOCKED = "locked", "unlocked"


class PersonStatus(WireModel):
    status: str


class PersonStatusWrite(OrgInput):
    status: str = Field(max_length=20)


def admin_locked(db: Session, person_id: int) -> bool:
    return repo.lock_of(db, person_id) is not None


def status_of(db: Session, throttle, person: Person) -> str:
    if admin_locked(db, person.id) or throttle.locked_for_ms(person.email, None) > 0:
        return LOCKED
    return UNLOCKED


def set_status(db: Session, principal: Principal, auth, person_id: int, wanted: str) -> str:
    wanted = wanted.strip().lower()
    if wanted not in (LOCKED, UNLOCKED):
        raise BadRequest("status must be locked or unlocked", errors=[{"field": "status", "reason": "locked or unlocked"}])
    person = visible_person(db, principal, person_id)
    current = status_of(db, auth.throttle, person)
    if wanted == UNLOCKED:
        if current == UNLOCKED:
            raise BadRequest("User's account is already unlocked",
                             errors=[{"field": "status", "reason": "already unlocked"}])
        after_release(db, auth.throttle.record_success, person.email)
        lock = repo.lock_of(db, person.id)
        if lock is not None:
            db.delete(lock)
            db.flush()
        return UNLOCKED
    if admin_locked(db, person.id):
        raise BadRequest("User's account is already locked", errors=[{"field": "status", "reason": "already locked"}])
    if person.id == principal.person_id:
        raise Conflict("You cannot lock your own account")
    after_release(db, auth.store.update_person, person.tenant_id, person.id, None)  # ends the sessions
    db.add(PersonLock(person_id=person.id, locked_ms=now_ms(), locked_by=principal.person_id))
    db.flush()
    return LOCKED


@router.get("/api/rest/org/common/person/{person_id}/status", response_model=PersonStatus,
            summary="Read whether a person's login is locked")
def read_person_status(person_id: PathId, principal: Requires("ViewOrg"), db: DbSession, request: Request):
    """{"status": "locked"} after too many failed logins or an administrator's lock, else "unlocked"."""
    person = visible_person(db, principal, person_id)
    return {"status": status_of(db, request.app.state.auth.throttle, person)}


@router.put("/api/rest/org/common/person/{person_id}/status", response_model=PersonStatus,
            summary="Lock or unlock a person's login")
def update_person_status(person_id: PathId, body: PersonStatusWrite, principal: Requires("UpdateOrg"),
                         db: DbSession, request: Request):
    """{"status": "unlocked"} clears a lockout or an administrator's lock (400 when not locked);
    {"status": "locked"} locks the login until unlocked and ends the person's sessions."""
    return {"status": set_status(db, principal, request.app.state.auth, person_id, body.status)}
