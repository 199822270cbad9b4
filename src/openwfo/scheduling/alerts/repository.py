"""Every alert query."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ...db import TENANT_KEY
from ...models import AdherenceAlert, AlertSetting, Person, ScheduleActivity, Tenant
from ..schedules.repository import MAX_ACTIVITY_MS

A = AdherenceAlert


def tenant_ids(db: Session) -> list[int]:
    """Every tenant (an unbound session: the sweep's housekeeping read)."""
    return list(db.scalars(select(Tenant.id).order_by(Tenant.id)))


def setting(db: Session) -> AlertSetting | None:
    return db.scalar(select(AlertSetting))


def every_setting(db: Session) -> dict[int, tuple[bool, int]]:
    """(enabled, threshold seconds) of every tenant that set them (an unbound session: the sweep's read)."""
    q = select(AlertSetting.tenant_id, AlertSetting.enabled, AlertSetting.threshold_seconds)
    return {t: (bool(e), s) for t, e, s in db.execute(q).tuples()}


def every_open_alert(db: Session) -> dict[int, dict[int, tuple[int, int]]]:
    """{tenant: {person: (alert id, out_since)}} of the alerts not ended (an unbound session)."""
    out: dict[int, dict[int, tuple[int, int]]] = {}
    q = select(A.tenant_id, A.person_id, A.id, A.out_since_ms).where(A.ended_ms.is_(None))
    for tenant_id, person_id, alert_id, since in db.execute(q).tuples():
        out.setdefault(tenant_id, {})[person_id] = (alert_id, since)
    return out


def in_progress_person_ids(db: Session, now: int) -> set[int]:
    """Persons with a scheduled activity in progress at now (along the (tenant, start) index)."""
    S = ScheduleActivity
    q = select(S.person_id).where(S.start_ms > now - MAX_ACTIVITY_MS, S.start_ms <= now, S.end_ms > now).distinct()
    return set(db.scalars(q))


def insert_new(db: Session, rows: list[dict]) -> list[int]:
    """Insert the alerts not raised yet (unique person + out_since: another process or sweep may have);
    the ids of those inserted."""
    if not rows:
        return []
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    tenant_id = db.info[TENANT_KEY]
    ids = []
    for i in range(0, len(rows), 500):  # one multi-row statement per 500 alerts
        stmt = (insert(A).values([{"tenant_id": tenant_id, **row} for row in rows[i:i + 500]])
                .on_conflict_do_nothing(index_elements=["person_id", "out_since_ms"]).returning(A.id))
        ids.extend(db.scalars(stmt))
    return sorted(ids)


def end(db: Session, alert_id: int, ended_ms: int) -> None:
    db.execute(update(A).where(A.id == alert_id, A.tenant_id == db.info[TENANT_KEY], A.ended_ms.is_(None))
               .values(ended_ms=ended_ms))


def by_ids(db: Session, ids: list[int]) -> list[tuple[AdherenceAlert, str | None]]:
    q = (select(A, Person.employee_id).join(Person, Person.id == A.person_id).where(A.id.in_(ids))
         .order_by(A.id))
    return [tuple(r) for r in db.execute(q)]


def page(db: Session, clause, filters: list, size: int, number: int) -> list[tuple[AdherenceAlert, str | None]]:
    q = select(A, Person.employee_id).join(Person, Person.id == A.person_id).where(*filters)
    if clause is not None:
        q = q.where(clause)
    q = q.order_by(A.raised_ms.desc(), A.id.desc()).offset((number - 1) * size).limit(size)
    return [tuple(r) for r in db.execute(q)]
