"""Bulk ORM inserts are stamped with the session's tenant by the same hook that filters reads, so a
bulk writer can neither forget the tenant nor write another tenant's rows."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from openwfo.db import TenantViolation
from openwfo.kit.clock import now_ms
from openwfo.models import Group


def _root(db):
    return db.scalar(select(Group.id).where(Group.is_root.is_(True)))


def test_bulk_insert_rows_get_the_sessions_tenant(app, factory):
    t = factory.tenant()
    other = factory.tenant()
    with app.state.database.session(t.id) as db:
        root = _root(db)
        db.execute(insert(Group), [
            {"name": factory.unique("bulk"), "parent_id": root, "activated_date": now_ms()},
            {"name": factory.unique("bulk"), "parent_id": root, "activated_date": now_ms()},
        ])
    with app.state.database.session() as db:
        tenants = set(db.scalars(select(Group.tenant_id).where(Group.name.like("bulk-%"), Group.parent_id == root)))
    assert tenants == {t.id}
    with app.state.database.session(other.id) as db:
        assert db.scalars(select(Group.id).where(Group.parent_id == root)).all() == []


def test_bulk_insert_of_another_tenants_row_is_refused(app, factory):
    t = factory.tenant()
    other = factory.tenant()
    with pytest.raises(TenantViolation), app.state.database.session(t.id) as db:
        db.execute(insert(Group), [{"name": factory.unique("bulk"), "parent_id": _root(db),
                                    "activated_date": now_ms(), "tenant_id": other.id}])
