"""org: names and logins unique ignoring case in the store (unique indexes on lower(...))

Tenant names; per tenant: group, team, role and view names, person emails and adLogins. The
application always compared them ignoring case; two concurrent requests could still store
"Bob@x" and "bob@x". Rows that already differ only in case are listed (table, column, tenant,
ids and values) and the upgrade stops before changing anything: rename or merge them, then
migrate again.

Revision ID: 0003_org_unique_ci
Revises: 0002_org
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_org_unique_ci"
down_revision = "0002_org"
branch_labels = None
depends_on = None

# (index, table, column, per tenant)
INDEXES = (
    ("uq_tenant_name_ci", "tenant", "name", False),
    ("uq_org_group_name_ci", "org_group", "name", True),
    ("uq_org_team_name_ci", "org_team", "name", True),
    ("uq_org_role_name_ci", "org_role", "name", True),
    ("uq_wfm_view_name_ci", "wfm_view", "name", True),
    ("uq_org_person_email_ci", "org_person", "email", True),
    ("uq_org_person_ad_login_ci", "org_person", "ad_login", True),
)


class CaseConflicts(RuntimeError):
    """Rows that differ only in letter case where the store is about to require them to differ."""


def conflicts(conn) -> list[str]:
    """One line per set of rows whose value is the same ignoring case: where, and each row's id and value."""
    lines = []
    for _index, table, column, per_tenant in INDEXES:
        keys = f"tenant_id, lower({column})" if per_tenant else f"lower({column})"
        dupes = conn.execute(sa.text(
            f"SELECT {keys} FROM {table} WHERE {column} IS NOT NULL "
            f"GROUP BY {keys} HAVING count(*) > 1 ORDER BY {keys}")).all()
        for *tenant, key in dupes:
            tenant_id = tenant[0] if tenant else None
            where = "tenant_id = :t AND " if per_tenant else ""
            rows = conn.execute(sa.text(f"SELECT id, {column} FROM {table} WHERE {where}lower({column}) = :k "
                                        "ORDER BY id"), {"t": tenant_id, "k": key}).all()
            listed = ", ".join(f"id {i} {v!r}" for i, v in rows)
            lines.append(f"{table}.{column}" + (f", tenant {tenant_id}" if per_tenant else "") + f": {listed}")
    return lines


def upgrade() -> None:
    found = conflicts(op.get_bind())
    if found:
        raise CaseConflicts(
            "Migration 0003_org_unique_ci makes names and logins unique ignoring case, but these rows differ "
            "only in case; rename or merge them (keep one of each), then migrate again:\n  " + "\n  ".join(found))
    for index, table, column, per_tenant in INDEXES:
        columns = (["tenant_id"] if per_tenant else []) + [sa.text(f"lower({column})")]
        op.create_index(index, table, columns, unique=True)


def downgrade() -> None:
    for index, table, _column, _per_tenant in reversed(INDEXES):
        op.drop_index(index, table_name=table)
