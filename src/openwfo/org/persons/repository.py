"""Person queries (the request session is tenant-bound: every query sees one tenant)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Person, PersonLock, Role, Tenant, View


def get(db: Session, person_id: int) -> Person | None:
    return db.get(Person, person_id)


def _other(q, except_id: int | None):
    return q.where(Person.id != except_id) if except_id is not None else q


def email_taken(db: Session, email: str, except_id: int | None = None) -> bool:
    q = select(Person.id).where(func.lower(Person.email) == email.lower())
    return db.scalar(_other(q, except_id).limit(1)) is not None


def ad_login_taken(db: Session, ad_login: str, except_id: int | None = None) -> bool:
    q = select(Person.id).where(func.lower(Person.ad_login) == ad_login.lower())
    return db.scalar(_other(q, except_id).limit(1)) is not None


def acd_id_taken(db: Session, acd_id: str, acd_server_id: int | None, except_id: int | None = None) -> bool:
    q = select(Person.id).where(Person.acd_id == acd_id)
    q = q.where(Person.acd_server_id.is_(None) if acd_server_id is None else Person.acd_server_id == acd_server_id)
    return db.scalar(_other(q, except_id).limit(1)) is not None


def get_view(db: Session, view_id: int) -> View | None:
    return db.get(View, view_id)


def view_by_name(db: Session, name: str) -> View | None:
    return db.scalars(select(View).where(func.lower(View.name) == name.strip().lower())).first()


def by_ids(db: Session, model, ids) -> dict[int, object]:
    """Rows of `model` (a group or team table) by id."""
    ids = list(ids)
    if not ids:
        return {}
    return {x.id: x for x in db.scalars(select(model).where(model.id.in_(ids)))}


def default_agent_role(db: Session) -> Role | None:
    return db.scalars(select(Role).where(Role.is_default_agent.is_(True)).order_by(Role.id)).first()


def tenant_time_zone(db: Session, tenant_id: int) -> str:
    return db.get(Tenant, tenant_id).time_zone


def lock_of(db: Session, person_id: int) -> PersonLock | None:
    """The administrator's lock on the person's login, if any."""
    return db.get(PersonLock, person_id)
