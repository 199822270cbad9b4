"""Creating a tenant with its defaults, and its administrators (used by the CLI, the demo and tests)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth import permissions as perms
from ..auth.passwords import hash_password
from ..db import bind_tenant
from ..kit.clock import now_ms
from ..models import Group, Person, PersonView, Role, Team, Tenant, View

DEFAULT_GROUP = "Default Group"
DEFAULT_TEAM = "Default Team"
DEFAULT_VIEW = "EnterpriseView"
ROOT_GROUP = "Root"


def create_tenant(db: Session, name: str, time_zone: str = "America/Chicago") -> Tenant:
    """A tenant with its root group, default group, default team, default view and default roles."""
    now = now_ms()
    tenant = Tenant(name=name, activated=now, created_ms=now, time_zone=time_zone)
    db.add(tenant)
    db.flush()
    bind_tenant(db, tenant.id)
    root = Group(tenant_id=tenant.id, name=ROOT_GROUP, is_root=True, activated_date=now)
    db.add(root)
    db.flush()
    group = Group(tenant_id=tenant.id, name=DEFAULT_GROUP, parent_id=root.id, is_default=True, activated_date=now)
    db.add(group)
    db.flush()
    db.add(Team(tenant_id=tenant.id, name=DEFAULT_TEAM, group_id=group.id, is_default=True, activated_date=now))
    db.add(View(tenant_id=tenant.id, name=DEFAULT_VIEW, is_default=True))
    db.add_all([
        Role(tenant_id=tenant.id, name=perms.SYSTEM_ADMINISTRATOR, builtin="system_administrator",
             permission_ids=sorted(perms.ALL_IDS)),
        Role(tenant_id=tenant.id, name=perms.SUPERVISOR, builtin="supervisor",
             permission_ids=sorted(perms.SUPERVISOR_PERMISSIONS)),
        Role(tenant_id=tenant.id, name=perms.AGENT, builtin="agent", is_default_agent=True,
             permission_ids=sorted(perms.AGENT_PERMISSIONS)),
    ])
    db.flush()
    return tenant


def get_or_create_tenant(db: Session, name: str) -> Tenant:
    """The tenant of this name (ignoring case, as tenant names are unique), created if new."""
    tenant = db.scalar(select(Tenant).where(func.lower(Tenant.name) == name.strip().lower()))
    if tenant is None:
        return create_tenant(db, name)
    bind_tenant(db, tenant.id)
    return tenant


def default_team(db: Session) -> Team:
    return db.scalars(select(Team).where(Team.is_default.is_(True))).first()


def default_view(db: Session) -> View:
    return db.scalars(select(View).where(View.is_default.is_(True))).first()


def builtin_role(db: Session, builtin: str) -> Role:
    return db.scalars(select(Role).where(Role.builtin == builtin)).first()


def upsert_administrator(db: Session, tenant: Tenant, email: str, password: str,
                         first_name: str = "System", last_name: str = "Administrator") -> Person:
    """A System Administrator with tenant-wide scope and every permission. Re-running it for an existing
    person (email ignoring case) is the operator's way back into a tenant: it resets the password,
    reactivates them, gives back the System Administrator role (with every permission) and tenant-wide scope."""
    bind_tenant(db, tenant.id)
    person = db.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))
    if person is None:
        person = Person(
            tenant_id=tenant.id, email=email, first_name=first_name, last_name=last_name,
            team_id=default_team(db).id, time_zone=tenant.time_zone, activated_date=now_ms(), scope_all=True,
        )
        db.add(person)
        person.views = [PersonView(view=default_view(db), main=True)]
    person.password_hash = hash_password(password)
    person.scope_all = True
    person.deactivated, person.deactivated_date = False, None
    admin_role = builtin_role(db, "system_administrator")
    if admin_role is None:
        admin_role = Role(tenant_id=tenant.id, name=perms.SYSTEM_ADMINISTRATOR, builtin="system_administrator")
        db.add(admin_role)
    admin_role.permission_ids = sorted(set(admin_role.permission_ids or ()) | perms.ALL_IDS)
    if admin_role not in person.roles:
        person.roles.append(admin_role)
    db.flush()
    return person
