"""Who may hand out what, and the tenant's way back in (every writer of roles, persons and imports asks here).

- Nobody grants a permission they do not hold: a role a caller creates or edits holds only
  permissions the caller holds (before and after the edit: a role with more is not theirs to
  change or delete), a role they give a person likewise (roles the person keeps are fine), and a
  password is set only on a person whose permissions the caller holds (else it opens their account).
- Nobody widens their own scope: tenant-wide scope is given only by a caller who has it, groups and
  teams only from the caller's scope (checked where scope is written, with `org.scope`).
- The tenant always keeps at least one active person who holds Administer Tenant with tenant-wide
  scope: a change that would leave none is refused (409) after it is flushed and before it commits.
- An administrator does not take that away from themselves (their roles, a role they hold, their
  scope, their deactivation): another administrator does it, so nobody locks themselves out by a
  slip (409).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth import permissions as perms
from ..auth.principal import Principal
from ..errors import Conflict, Forbidden
from ..models import Person, PersonRole, Role, Tenant

ADMINISTER_TENANT = perms.BY_NAME["Administer Tenant"].id
LOCKOUT = ("This change would leave the tenant without an active person who holds Administer Tenant "
           "with tenant-wide scope; give that to someone else first")
SELF_LOCKOUT = ("This change would take Administer Tenant with tenant-wide scope from you; "
                "another administrator can make it")


def not_held(principal: Principal, permission_ids: Iterable[int]) -> list[int]:
    """The permissions among these that the caller does not hold, in id order."""
    return sorted({int(p) for p in permission_ids or ()} - principal.permission_ids)


def names(permission_ids: Iterable[int]) -> str:
    return ", ".join(perms.BY_ID[p].name for p in permission_ids if p in perms.BY_ID)


def forbid_beyond(principal: Principal, permission_ids: Iterable[int], what: str) -> None:
    """403 when `what` (a role, a person) carries a permission the caller does not hold."""
    missing = not_held(principal, permission_ids)
    if missing:
        raise Forbidden(f"{what} has permissions you do not hold: {names(missing)}")


def check_grantable(principal: Principal, roles: list[Role], already: Iterable[Role] = ()) -> None:
    """A caller may give a role only when they hold every permission in it (roles kept are fine)."""
    kept = {r.id for r in already}
    for role in roles:
        if role.id not in kept:
            forbid_beyond(principal, role.permission_ids, f"Role '{role.name}'")


def permissions_of(roles: Iterable[Role]) -> set[int]:
    return {int(p) for r in roles for p in r.permission_ids or ()}


def administrator_ids(db: Session) -> list[int]:
    """Active persons of the session's tenant holding Administer Tenant with tenant-wide scope."""
    role_ids = [r.id for r in db.scalars(select(Role)) if ADMINISTER_TENANT in {int(p) for p in r.permission_ids or ()}]
    if not role_ids:
        return []
    q = (select(Person.id).join(PersonRole, PersonRole.person_id == Person.id)
         .where(PersonRole.role_id.in_(role_ids), Person.scope_all.is_(True), Person.deactivated.is_(False))
         .distinct())
    return list(db.scalars(q))


def ensure_administrator_remains(db: Session, principal: Principal | None = None) -> None:
    """409 when the unit of work, as flushed so far, leaves the tenant without an administrator, or
    leaves the caller (an administrator) without what makes them one.

    The tenant row is locked first (PostgreSQL), so two requests that each remove one of the last
    two administrators are decided one after the other; SQLite serializes writers anyway."""
    db.flush()
    tenant_id = db.info.get("tenant_id")
    if tenant_id is not None:
        db.execute(select(Tenant.id).where(Tenant.id == tenant_id).with_for_update())
    remaining = administrator_ids(db)
    if not remaining:
        raise Conflict(LOCKOUT)
    if (principal is not None and principal.scope_all and ADMINISTER_TENANT in principal.permission_ids
            and principal.person_id not in remaining):
        raise Conflict(SELF_LOCKOUT)
