"""Tenant rules: a caller sees their own tenant only. POST with the caller's tenant id changes it
(name, activation, time zone). Creating a tenant is the operator's act (`openwfo admin create`):
POST without an id is 403 for every caller, before the body is looked at, so it tells nothing
about other tenants (not even whether a name is taken). A tenant cannot deactivate itself through
the API (everyone in it would be locked out)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import Conflict, Forbidden, NotFound
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import Tenant
from ..wire import clean_name, deactivated_in, deactivated_out, time_zone_in
from . import repository as repo

TENANT_NAME_MAX = 200
SUBJECT = "tenant"
CREATE_FORBIDDEN = "Tenants are created by the operator of this server (openwfo admin create), not through the API"


def tenant_read(t: Tenant) -> dict:
    return {"id": t.id, "name": t.name, "activated": t.activated, "deactivated": deactivated_out(t.deactivated),
            "timeZone": t.time_zone}


def list_tenants(db: Session, principal: Principal) -> list[Tenant]:
    return [repo.get(db, principal.tenant_id)]


def _unique(db: Session, name: str, except_id: int | None = None) -> None:
    if repo.name_taken(db, name, except_id):
        raise Conflict(f"A tenant named '{name}' already exists", errors=[{"field": "name", "reason": "already exists"}])


def save_tenant(db: Session, principal: Principal, body: dict) -> Tenant:
    if body.get("id"):
        if body["id"] != principal.tenant_id:
            raise NotFound(f"Tenant {body['id']} does not exist")
        return _update_own(db, principal, body)
    raise Forbidden(CREATE_FORBIDDEN)


def _update_own(db: Session, principal: Principal, body: dict) -> Tenant:
    """Every violation of the body is collected before anything changes."""
    t = repo.get(db, principal.tenant_id)
    now = now_ms()
    v = Violations(SUBJECT)
    name = time_zone = None
    if body.get("name") is not None:
        name = v.attempt(clean_name, body["name"], max_len=TENANT_NAME_MAX)
        if name is not None and name != t.name:
            v.attempt(_unique, db, name, t.id)
    if "deactivated" in body and deactivated_in(body["deactivated"], now) is not None:
        v.collect(Conflict("A tenant cannot deactivate itself", errors=[{"field": "deactivated", "reason": "own tenant"}]))
    if body.get("time_zone") is not None:
        time_zone = v.attempt(time_zone_in, body["time_zone"])
    v.raise_if_any()
    if name is not None:
        t.name = name
    if body.get("activated") is not None:
        t.activated = body["activated"]
    if time_zone is not None:
        t.time_zone = time_zone
    db.flush()
    return t
