"""Every query of the imports and exports: whole-tenant loads (one query per table, no per-row round
trips) and batched writes (executemany inserts and updates)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import and_, bindparam, delete, insert, select, text
from sqlalchemy.orm import Session

from ..db import TENANT_KEY
from ..models import (
    Group,
    Person,
    PersonRole,
    PersonScopeGroup,
    PersonScopeTeam,
    PersonView,
    Role,
    Team,
    Tenant,
    View,
)

CHUNK = 900  # ids per IN (...) list: under every driver's parameter limit
ANALYZE_AFTER = 1000  # rows inserted into a table before PostgreSQL's statistics are refreshed

PERSON_COLUMNS = (
    "id", "email", "first_name", "last_name", "team_id", "time_zone", "lang", "country", "ad_login", "acd_id",
    "acd_server_id", "activated_date", "deactivated", "deactivated_date", "enabled_for_scheduling",
    "company_start_date", "termination_date", "department_start_date", "employee_id", "rank", "qm_views",
    "is_reconcile_only", "scope_all",
)


def tenant_time_zone(db: Session) -> str:
    tenant = db.get(Tenant, db.info[TENANT_KEY])
    return tenant.time_zone if tenant else "UTC"


def load_groups(db: Session):
    return db.execute(select(Group.id, Group.name, Group.parent_id, Group.is_root, Group.is_default,
                             Group.activated_date, Group.deactivated_date).order_by(Group.id)).all()


def load_teams(db: Session):
    return db.execute(select(Team.id, Team.name, Team.group_id, Team.is_default, Team.activated_date,
                             Team.deactivated_date, Team.productivity_compilation).order_by(Team.id)).all()


def load_roles(db: Session):
    return db.execute(select(Role.id, Role.name, Role.permission_ids, Role.is_default_agent, Role.builtin)
                      .order_by(Role.id)).all()


def load_views(db: Session):
    return db.execute(select(View.id, View.name, View.is_default).order_by(View.id)).all()


def load_persons(db: Session, where=None):
    stmt = select(*(getattr(Person, c) for c in PERSON_COLUMNS)).order_by(Person.id)
    if where is not None:
        stmt = stmt.where(where)
    return db.execute(stmt).all()


def _links(db: Session, model, column, where=None) -> dict[int, list[int]]:
    # Join Person so the session's tenant criteria apply to these tenant-less link tables.
    stmt = select(model.person_id, column).join(Person, Person.id == model.person_id)
    if where is not None:
        stmt = stmt.where(where)
    out: dict[int, list[int]] = defaultdict(list)
    for pid, other in db.execute(stmt.order_by(model.person_id, column)):
        out[pid].append(other)
    return out


def load_person_links(db: Session, where=None) -> dict[str, dict[int, list[int]]]:
    """Per person id: role ids, scope group ids, scope team ids, view ids (the main view first)."""
    views: dict[int, list[int]] = defaultdict(list)
    stmt = (select(PersonView.person_id, PersonView.view_id, PersonView.main)
            .join(Person, Person.id == PersonView.person_id)
            .order_by(PersonView.person_id, PersonView.main.desc(), PersonView.view_id))
    if where is not None:
        stmt = stmt.where(where)
    main: dict[int, int] = {}
    for pid, vid, is_main in db.execute(stmt):
        views[pid].append(vid)
        if is_main:
            main[pid] = vid
    return {
        "roles": _links(db, PersonRole, PersonRole.role_id, where),
        "scope_groups": _links(db, PersonScopeGroup, PersonScopeGroup.group_id, where),
        "scope_teams": _links(db, PersonScopeTeam, PersonScopeTeam.team_id, where),
        "views": views,
        "main_view": main,
    }


def insert_rows(db: Session, model, rows: list[dict]) -> list[int]:
    """Insert tenant-owned rows in batches; their new ids, in order (the session stamps the tenant)."""
    if not rows:
        return []
    ids = list(db.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))
    analyze_if_large(db, model, len(rows))
    return ids


def insert_persons(db: Session, rows: list[dict]) -> list[int]:
    """Insert persons in batches; their new ids, in order. A plain executemany and one read of the ids
    by email (unique per tenant): multi-row INSERT .. RETURNING costs drivers more on big batches."""
    if not rows:
        return []
    db.execute(insert(Person), rows)
    analyze_if_large(db, Person, len(rows))
    ids = {email: pid for email, pid in db.execute(select(Person.email, Person.id))}
    return [ids[r["email"]] for r in rows]


def analyze_if_large(db: Session, model, inserted: int) -> None:
    """Refresh PostgreSQL's statistics after a bulk load (its own advice): with stale ones the planner
    prefers the tenant index to the primary key and every later by-id UPDATE scans the tenant."""
    if inserted >= ANALYZE_AFTER and db.get_bind().dialect.name == "postgresql":
        db.execute(text(f"ANALYZE {model.__table__.name}"))


def update_rows(db: Session, model, rows: list[dict]) -> None:
    """Update rows by id in batches (rows with the same changed columns share one executemany).
    Written in Core with the tenant condition spelled out: an ORM bulk UPDATE by primary key does
    not apply the session's tenant criteria."""
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for r in rows:
        cols = tuple(sorted(k for k in r if k != "id"))
        if cols:
            groups[cols].append({"_id": r["id"], **{c: r[c] for c in cols}})
    table = model.__table__
    tenant_id = db.info[TENANT_KEY]
    for cols, batch in groups.items():
        stmt = (table.update()
                .where(and_(table.c.id == bindparam("_id"), table.c.tenant_id == tenant_id))
                .values({c: bindparam(c) for c in cols}))
        db.connection().execute(stmt, batch)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def replace_links(db: Session, model, person_ids: list[int], rows: list[dict]) -> None:
    """Replace the link rows (roles, scope, views) of the persons given. Their ids come from this
    tenant's own person rows."""
    for chunk in _chunks(sorted(set(person_ids))):
        db.execute(delete(model).where(model.person_id.in_(chunk)))
    if rows:
        db.execute(insert(model), rows)
        analyze_if_large(db, model, len(rows))
