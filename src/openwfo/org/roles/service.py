"""Role rules: names unique in the tenant (ignoring case), permissions from the catalogue (given
by id, name or {id, name}), the System Administrator role fixed, a role in use never deleted;
nobody creates, edits or deletes a role holding a permission they do not hold, and no edit leaves
the tenant without an administrator (org/guard.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...errors import BadRequest, Conflict, NotFound
from ...kit.violations import Violations
from ...models import Role
from ..changes import mark_persons
from ..guard import ensure_administrator_remains, forbid_beyond
from ..wire import clean_name, ref_key
from . import repository as repo

ROLE_NAME_MAX = 200
SUBJECT = "role"


def role_summary(r: Role) -> dict:
    return {"id": r.id, "name": r.name}


def role_read(r: Role) -> dict:
    ids = sorted({int(p) for p in r.permission_ids or ()} & perms.ALL_IDS)
    return {"id": r.id, "name": r.name, "tenant_id": r.tenant_id,
            "permissions": [{"id": i, "name": perms.BY_ID[i].name} for i in ids]}


def list_roles(db: Session) -> list[Role]:
    return repo.list_roles(db)


def get_role(db: Session, role_id: int) -> Role:
    r = repo.get(db, role_id)
    if r is None:
        raise NotFound(f"Role {role_id} does not exist")
    return r


def resolve_permissions(items, v: Violations | None = None) -> list[int]:
    """Permission ids from ids, names or {id, name}; each unknown one a 400 (recorded in `v`, else the first raised)."""
    out: set[int] = set()
    for i, item in enumerate(items or ()):
        key = ref_key(item)
        found = perms.lookup(key) if key is not None else None
        if found is None:
            error = BadRequest(f"permissions[{i}] is not a known permission",
                               errors=[{"field": f"permissions[{i}]", "reason": "unknown permission"}])
            if v is None:
                raise error
            v.collect(error)
            continue
        out.add(found.id)
    return sorted(out)


def resolve_roles(db: Session, items, field: str = "roles", v: Violations | None = None) -> list[Role]:
    """Roles given as ids, names or {id, name} objects; each unknown one a 400 (recorded in `v`,
    else the first raised)."""
    out: list[Role] = []
    for i, item in enumerate(items or ()):
        key = ref_key(item)
        role = repo.get(db, key) if isinstance(key, int) else repo.by_name(db, key) if key else None
        if role is None:
            error = BadRequest(f"{field}[{i}] is not a role of this tenant",
                               errors=[{"field": f"{field}[{i}]", "reason": "unknown role"}])
            if v is None:
                raise error
            v.collect(error)
            continue
        if role not in out:
            out.append(role)
    return out


def _own_tenant(principal: Principal, tenant_id: int | None) -> None:
    if tenant_id not in (None, 0, principal.tenant_id):
        raise NotFound(f"Tenant {tenant_id} does not exist", errors=[{"field": "tenantId", "reason": "unknown tenant"}])


def _unique(db: Session, name: str, except_id: int | None = None) -> None:
    if repo.name_taken(db, name, except_id):
        raise Conflict(f"A role named '{name}' already exists", errors=[{"field": "name", "reason": "already exists"}])


def create_role(db: Session, principal: Principal, body: dict) -> Role:
    """POST on the collection: a new role, or (id not 0) an update of that role. Every violation of
    the body is collected; then nobody creates a role holding a permission they lack (403)."""
    if body.get("id"):
        return update_role(db, principal, body["id"], body)
    v = Violations(SUBJECT)
    v.attempt(_own_tenant, principal, body.get("tenant_id"))
    name = v.attempt(clean_name, body.get("name"), max_len=ROLE_NAME_MAX)
    if name is not None:
        v.attempt(_unique, db, name)
    permission_ids = resolve_permissions(body.get("permissions"), v)
    v.raise_if_any()
    forbid_beyond(principal, permission_ids, f"Role '{name}'")
    role = Role(name=name, permission_ids=permission_ids)
    db.add(role)
    db.flush()
    return role


def update_role(db: Session, principal: Principal, role_id: int, changes: dict) -> Role:
    role = get_role(db, role_id)
    v = Violations(SUBJECT)
    if changes.get("id") not in (None, 0, role_id):
        v.collect(BadRequest("The body's id is not the role in the path", errors=[{"field": "id", "reason": "mismatch"}]))
    v.attempt(_own_tenant, principal, changes.get("tenant_id"))
    if role.builtin == "system_administrator":
        v.collect(Conflict("The System Administrator role cannot be changed"))
    v.raise_if_any()
    forbid_beyond(principal, role.permission_ids, f"Role '{role.name}'")
    name = new = None
    if "name" in changes:
        name = v.attempt(clean_name, changes["name"], max_len=ROLE_NAME_MAX)
        if name is not None and name != role.name:
            v.attempt(_unique, db, name, role.id)
    if changes.get("permissions") is not None:
        new = resolve_permissions(changes["permissions"], v)
    v.raise_if_any()
    if name is not None:
        role.name = name
    if new is not None:
        forbid_beyond(principal, new, f"Role '{role.name}'")
        if new != sorted(role.permission_ids or ()):
            role.permission_ids = new
            db.flush()
            mark_persons(db, repo.holder_ids(db, role.id))
            ensure_administrator_remains(db, principal)
    db.flush()
    return role


def delete_role(db: Session, principal: Principal, role_id: int) -> dict:
    role = get_role(db, role_id)
    if role.builtin:
        raise Conflict(f"The built-in role '{role.name}' cannot be deleted")
    forbid_beyond(principal, role.permission_ids, f"Role '{role.name}'")
    holders = repo.holder_ids(db, role.id)
    if holders:
        raise Conflict(f"Role {role.id} is assigned to {len(holders)} person(s); take it from them first")
    out = role_read(role)
    db.delete(role)
    db.flush()
    return out
