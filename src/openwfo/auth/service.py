"""Login, logout and keeping live sessions in step with the people they belong to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..db import bind_tenant
from ..errors import BadRequest, TooManyRequests, Unauthorized
from ..models import Person, PersonLock, Tenant
from . import csrf
from .passwords import burn_time, verify_password
from .session_json import build_session_payload, public_view, split_locale
from .sessions import SessionStore
from .throttle import LoginThrottle

INVALID_LOGIN = "Invalid user ID or password"


@dataclass
class LoginRequest:
    user_id: str
    password: str
    language: str | None = None
    locale: str | None = None
    tenant_id: str | None = None
    # A console login: writes of the session must carry this token (auth/csrf.py).
    csrf_token: str | None = None


class AuthService:
    def __init__(self, database, store: SessionStore, throttle: LoginThrottle, timeout_minutes: int):
        self.database = database
        self.store = store
        self.throttle = throttle
        self.timeout_minutes = timeout_minutes

    def login(self, req: LoginRequest, address: str | None) -> dict:
        wait_ms = self.throttle.locked_for_ms(req.user_id, address)
        if wait_ms:
            seconds = max(1, wait_ms // 1000)
            raise TooManyRequests(
                f"Too many failed logins; try again in {seconds} seconds", headers={"Retry-After": str(seconds)}
            )
        # Reads only (the failure count is written by the throttle in its own unit of work).
        with self.database.session(write=False) as db:
            q = select(Person).where(func.lower(Person.email) == req.user_id.strip().lower())
            if req.tenant_id not in (None, ""):
                tid = str(req.tenant_id).strip()
                tenant_match = Tenant.id == int(tid) if tid.isdecimal() else func.lower(Tenant.name) == tid.lower()
                q = q.join(Tenant, Tenant.id == Person.tenant_id).where(tenant_match)
            candidates = list(db.scalars(q))
            if not candidates:
                burn_time(req.password)
            matches = [p for p in candidates if verify_password(p.password_hash, req.password)]
            if not matches:
                self.throttle.record_failure(req.user_id, address)
                raise Unauthorized(INVALID_LOGIN)
            if len(candidates) > 1:
                raise BadRequest(
                    "This user ID exists in more than one tenant: a tenantId is needed to log in",
                    errors=[{"field": "tenantId", "reason": "required for this user ID"}],
                )
            person = matches[0]
            tenant = db.get(Tenant, person.tenant_id)
            if person.deactivated or (tenant and tenant.deactivated):
                raise Unauthorized("This user is deactivated and cannot log in")
            if db.get(PersonLock, person.id) is not None:
                raise TooManyRequests("This account is locked; an administrator must unlock it")
            bind_tenant(db, person.tenant_id)
            lang, country = split_locale(req.language, req.locale, person)
            payload = build_session_payload(db, person, self.timeout_minutes, lang, country)
            if req.csrf_token:
                payload[csrf.PAYLOAD_KEY] = req.csrf_token
            tenant_id, person_id = person.tenant_id, person.id
        self.throttle.record_success(req.user_id)
        record = self.store.create(tenant_id, person_id, payload)
        return public_view(payload, record.id)

    def current(self, session_id: str, payload: dict) -> dict:
        return public_view(payload, session_id)

    def logout(self, session_id: str) -> None:
        self.store.delete(session_id)

    def refresh_person_sessions(self, changed: dict[int, int | None]) -> None:
        """Recompute the session JSON of each changed person; end the sessions of those gone or deactivated."""
        by_tenant: dict[int | None, list[int]] = {}
        for person_id, tenant_id in changed.items():
            by_tenant.setdefault(tenant_id, []).append(person_id)
        # Only persons with a live session need the work (a bulk import may change thousands).
        live = {pid for tenant_id, pids in by_tenant.items()
                for pid in self.store.persons_with_sessions(tenant_id or 0, pids)}
        for person_id, tenant_id in changed.items():
            if person_id not in live:
                continue
            # Reads only: the sessions are written by the store in its own unit of work.
            with self.database.session(tenant_id, write=False) as db:
                person = db.get(Person, person_id)
                if person is None or person.deactivated:
                    self.store.update_person(tenant_id or 0, person_id, None)
                    continue
                payload = build_session_payload(db, person, self.timeout_minutes)
                # lang and country came from each login's request; keep them.
                payload.pop("lang", None)
                payload.pop("country", None)
                self.store.update_person(person.tenant_id, person_id, payload)
