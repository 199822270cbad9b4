"""Small factories that build test data through the real store (no mocks)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select

from openwfo.auth.passwords import hash_password
from openwfo.kit.clock import now_ms
from openwfo.models import Group, Person, PersonView, Role, Team
from openwfo.org.provision import (
    builtin_role,
    create_tenant,
    default_team,
    default_view,
    upsert_administrator,
)

_HASHES: dict[str, str] = {}


def _hash(password: str) -> str:
    # argon2 is deliberately slow; tests reuse one hash per password.
    if password not in _HASHES:
        _HASHES[password] = hash_password(password)
    return _HASHES[password]


@dataclass
class TenantInfo:
    id: int
    name: str
    admin_email: str
    admin_id: int


class Factory:
    PASSWORD = "Secret-pass-1"

    def __init__(self, database):
        self.database = database

    def unique(self, prefix: str = "x") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:10]}"

    def tenant(self, name: str | None = None, admin_email: str | None = None) -> TenantInfo:
        name = name or self.unique("tenant")
        admin_email = admin_email or f"{self.unique('admin')}@example.test"
        with self.database.session() as db:
            t = create_tenant(db, name)
            admin = upsert_administrator(db, t, admin_email, self.PASSWORD)
            return TenantInfo(t.id, t.name, admin_email, admin.id)

    def group(self, tenant_id: int, name: str | None = None, parent_id: int | None = None) -> int:
        with self.database.session(tenant_id) as db:
            if parent_id is None:
                parent_id = db.scalar(select(Group.id).where(Group.is_root.is_(True)))
            g = Group(name=name or self.unique("group"), parent_id=parent_id, activated_date=now_ms())
            db.add(g)
            db.flush()
            return g.id

    def team(self, tenant_id: int, group_id: int, name: str | None = None) -> int:
        with self.database.session(tenant_id) as db:
            t = Team(name=name or self.unique("team"), group_id=group_id, activated_date=now_ms())
            db.add(t)
            db.flush()
            return t.id

    def role(self, tenant_id: int, permission_ids, name: str | None = None) -> int:
        with self.database.session(tenant_id) as db:
            r = Role(name=name or self.unique("role"), permission_ids=sorted(permission_ids))
            db.add(r)
            db.flush()
            return r.id

    def person(self, tenant_id: int, *, email: str | None = None, password: str | None = PASSWORD,
               role: str | int = "agent", team_id: int | None = None, scope_all: bool = False,
               scope_groups=(), scope_teams=(), deactivated: bool = False, **fields) -> Person:
        email = email or f"{self.unique('person')}@example.test"
        with self.database.session(tenant_id) as db:
            p = Person(email=email, first_name=fields.pop("first_name", "Pat"),
                       last_name=fields.pop("last_name", "Tester"),
                       team_id=team_id or default_team(db).id, activated_date=now_ms(), scope_all=scope_all,
                       deactivated=deactivated, password_hash=_hash(password) if password else None, **fields)
            p.roles = [db.get(Role, role) if isinstance(role, int) else builtin_role(db, role)]
            p.scope_groups = [db.get(Group, g) for g in scope_groups]
            p.scope_teams = [db.get(Team, t) for t in scope_teams]
            p.views = [PersonView(view=default_view(db), main=True)]
            db.add(p)
            db.flush()
            db.refresh(p)
            return p

    def admin(self, tenant_id: int, email: str, password: str = PASSWORD) -> Person:
        with self.database.session(tenant_id) as db:
            from openwfo.models import Tenant

            return upsert_administrator(db, db.get(Tenant, tenant_id), email, password)

    def login(self, client, email: str, password: str = PASSWORD, tenant_id: int | None = None) -> dict:
        body = {"userId": email, "password": password}
        if tenant_id is not None:
            body["tenantId"] = str(tenant_id)
        r = client.post("/api/rest/authorize", json=body)
        assert r.status_code == 200, r.text
        return r.json()
