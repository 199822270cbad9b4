"""Tenant rules: a caller sees their own tenant only. POST with the caller's tenant id changes it
(name, activation); POST without an id creates a new tenant with its defaults (root group,
default group, team, view and roles) and needs Administer Tenant as well as UpdateOrg. A tenant
cannot deactivate itself through the API (everyone in it would be locked out)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...db import bind_tenant
from ...errors import BadRequest, Conflict, Forbidden, NotFound
from ...kit.clock import now_ms
from ...models import Tenant
from ..provision import create_tenant, upsert_administrator
from ..wire import clean_name, deactivated_in, deactivated_out, time_zone_in

_ADMINISTER_TENANT = perms.BY_NAME["Administer Tenant"].id
TENANT_NAME_MAX = 200
PASSWORD_MIN = 8


def tenant_read(t: Tenant) -> dict:
    return {"id": t.id, "name": t.name, "activated": t.activated, "deactivated": deactivated_out(t.deactivated)}


def list_tenants(db: Session, principal: Principal) -> list[Tenant]:
    return [db.get(Tenant, principal.tenant_id)]


def _unique(db: Session, name: str, except_id: int | None = None) -> None:
    q = select(Tenant.id).where(func.lower(Tenant.name) == name.lower())
    if except_id is not None:
        q = q.where(Tenant.id != except_id)
    if db.scalar(q.limit(1)) is not None:
        raise Conflict(f"A tenant named '{name}' already exists", errors=[{"field": "name", "reason": "already exists"}])


def save_tenant(db: Session, principal: Principal, body: dict) -> Tenant:
    if body.get("id"):
        if body["id"] != principal.tenant_id:
            raise NotFound(f"Tenant {body['id']} does not exist")
        return _update_own(db, principal, body)
    return _create(db, principal, body)


def _update_own(db: Session, principal: Principal, body: dict) -> Tenant:
    t = db.get(Tenant, principal.tenant_id)
    now = now_ms()
    if body.get("name") is not None:
        name = clean_name(body["name"], max_len=TENANT_NAME_MAX)
        if name != t.name:
            _unique(db, name, t.id)
            t.name = name
    if body.get("activated") is not None:
        t.activated = body["activated"]
    if "deactivated" in body and deactivated_in(body["deactivated"], now) is not None:
        raise Conflict("A tenant cannot deactivate itself")
    if body.get("time_zone") is not None:
        t.time_zone = time_zone_in(body["time_zone"])
    db.flush()
    return t


def _create(db: Session, principal: Principal, body: dict) -> Tenant:
    if not principal.has(_ADMINISTER_TENANT):
        raise Forbidden("Permission required: Administer Tenant (to create a tenant)")
    name = clean_name(body.get("name"), max_len=TENANT_NAME_MAX)
    _unique(db, name)
    time_zone = time_zone_in(body["time_zone"]) if body.get("time_zone") is not None else \
        db.get(Tenant, principal.tenant_id).time_zone
    email, password = body.get("admin_email"), body.get("admin_password")
    if (email is None) != (password is None):
        raise BadRequest("adminEmail and adminPassword go together",
                         errors=[{"field": "adminEmail" if email is None else "adminPassword", "reason": "required"}])
    if email is not None and (not email.strip() or any(c.isspace() for c in email.strip())):
        raise BadRequest("adminEmail: required, without spaces", errors=[{"field": "adminEmail", "reason": "invalid"}])
    if password is not None and len(password) < PASSWORD_MIN:
        raise BadRequest(f"adminPassword: at least {PASSWORD_MIN} characters",
                         errors=[{"field": "adminPassword", "reason": "too short"}])
    db.flush()
    try:
        # The new tenant's rows are written in this same unit of work, bound to it for the moment.
        t = create_tenant(db, name, time_zone=time_zone)
        if body.get("activated") is not None:
            t.activated = body["activated"]
        t.deactivated = deactivated_in(body.get("deactivated"), now_ms())
        if email is not None:
            upsert_administrator(db, t, email.strip(), password)
        db.flush()
    finally:
        bind_tenant(db, principal.tenant_id)
    return t
