"""Tenant queries. The tenants table is not tenant-scoped: every query names the tenant itself."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import Tenant


def get(db: Session, tenant_id: int) -> Tenant | None:
    return db.get(Tenant, tenant_id)


def name_taken(db: Session, name: str, except_id: int | None = None) -> bool:
    """Whether another tenant already has this name (ignoring case)."""
    q = select(Tenant.id).where(func.lower(Tenant.name) == name.lower())
    if except_id is not None:
        q = q.where(Tenant.id != except_id)
    return db.scalar(q.limit(1)) is not None
