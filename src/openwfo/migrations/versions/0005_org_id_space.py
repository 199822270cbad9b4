"""org: one id space for groups and teams; devices associated with persons; administrator lock

Groups and teams draw their ids from one allocator (PostgreSQL: the sequence org_unit_id_seq, also
the id columns' default; SQLite: the counter row in org_id_counter). Teams whose id a group also
has are renumbered, with every foreign key that points at them (found in the schema as it is, so
other areas' tables are followed too); sessions are ended when anything was renumbered (their
cached scope names the old ids).

Revision ID: 0005_org_id_space
Revises: 0002_org
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_org_id_space"
down_revision = "0002_org"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_MAP = "org_team_renumber"


def _team_references(conn) -> list[tuple[str, str]]:
    """(table, column) of every foreign key column pointing at org_team.id."""
    insp = sa.inspect(conn)
    out = []
    for table in insp.get_table_names():
        for fk in insp.get_foreign_keys(table):
            if fk.get("referred_table") == "org_team" and fk.get("referred_columns") == ["id"]:
                out.append((table, fk["constrained_columns"][0]))
    return out


def _renumber_colliding_teams(conn) -> int:
    """Give every team whose id is also a group's a fresh id above both tables'. Answers the next free id."""
    top = conn.execute(sa.text(
        "SELECT max(m) FROM (SELECT max(id) AS m FROM org_group UNION ALL SELECT max(id) FROM org_team) AS x"
    )).scalar() or 0
    colliding = [row[0] for row in conn.execute(sa.text(
        "SELECT id FROM org_team WHERE id IN (SELECT id FROM org_group) ORDER BY id"))]
    if not colliding:
        return top + 1
    op.create_table(_MAP, sa.Column("old_id", _ID, primary_key=True), sa.Column("new_id", _ID, nullable=False),
                    sa.Column("name", sa.String(200), nullable=False))
    conn.execute(sa.text(f"INSERT INTO {_MAP} (old_id, new_id, name) SELECT id, id, name FROM org_team "
                         "WHERE id IN (SELECT id FROM org_group)"))
    mapping = [{"o": old, "n": top + i} for i, old in enumerate(colliding, start=1)]
    conn.execute(sa.text(f"UPDATE {_MAP} SET new_id = :n WHERE old_id = :o"), mapping)
    # The copies take the names; the old rows step aside first (names may be unique per tenant).
    conn.execute(sa.text(f"UPDATE org_team SET name = 'renumbering ' || CAST(id AS VARCHAR(30)) "
                         f"WHERE id IN (SELECT old_id FROM {_MAP})"))
    columns = [c["name"] for c in sa.inspect(conn).get_columns("org_team") if c["name"] not in ("id", "name")]
    cols = ", ".join(columns)
    picked = ", ".join(f"t.{c}" for c in columns)
    conn.execute(sa.text(f"INSERT INTO org_team (id, name, {cols}) SELECT m.new_id, m.name, {picked} "
                         f"FROM org_team t JOIN {_MAP} m ON m.old_id = t.id"))
    for table, column in _team_references(conn):
        conn.execute(sa.text(
            f"UPDATE {table} SET {column} = (SELECT m.new_id FROM {_MAP} m WHERE m.old_id = {table}.{column}) "
            f"WHERE {column} IN (SELECT old_id FROM {_MAP})"))
    conn.execute(sa.text(f"DELETE FROM org_team WHERE id IN (SELECT old_id FROM {_MAP})"))
    op.drop_table(_MAP)
    if sa.inspect(conn).has_table("auth_session"):
        conn.execute(sa.text("DELETE FROM auth_session"))
    return top + len(colliding) + 1


def upgrade() -> None:
    conn = op.get_bind()
    op.create_table(
        "org_id_counter",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("next_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_org_id_counter")),
    )
    next_id = _renumber_colliding_teams(conn)
    conn.execute(sa.text("INSERT INTO org_id_counter (name, next_id) VALUES ('org_unit', :n)"), {"n": next_id})
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(f"CREATE SEQUENCE org_unit_id_seq START WITH {int(next_id)}"))
        for table in ("org_group", "org_team"):
            conn.execute(sa.text(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('org_unit_id_seq')"))

    op.create_table(
        "org_device",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("device_type", sa.String(length=100), nullable=True),
        sa.Column("virtual_device_id", sa.String(length=200), nullable=True),
        sa.Column("virtual_device_name", sa.String(length=200), nullable=True),
        sa.Column("telephony_group", sa.String(length=200), nullable=True),
        sa.Column("monitor_server", sa.String(length=200), nullable=True),
        sa.Column("recording_cluster", sa.String(length=200), nullable=True),
        sa.Column("recording_type", sa.String(length=100), nullable=True),
        sa.Column("person_id", _ID, nullable=False),
        sa.Column("updated_ms", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["org_person.id"], name=op.f("fk_org_device_person_id_org_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_org_device_tenant_id_tenant"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_device")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_org_device_tenant_id_name")),
    )
    with op.batch_alter_table("org_device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_device_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_org_device_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "org_device_extension",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("device_id", _ID, nullable=False),
        sa.Column("extension", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["org_device.id"],
                                name=op.f("fk_org_device_extension_device_id_org_device"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_org_device_extension_tenant_id_tenant"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_device_extension")),
    )
    with op.batch_alter_table("org_device_extension", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_device_extension_device_id"), ["device_id"], unique=False)
        batch_op.create_index("ix_org_device_extension_tenant_extension", ["tenant_id", "extension"], unique=True)
        batch_op.create_index(batch_op.f("ix_org_device_extension_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "org_person_lock",
        sa.Column("person_id", _ID, nullable=False),
        sa.Column("locked_ms", sa.BigInteger(), nullable=False),
        sa.Column("locked_by", _ID, nullable=True),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["org_person.id"], name=op.f("fk_org_person_lock_person_id_org_person"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_org_person_lock_tenant_id_tenant"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_org_person_lock")),
    )
    with op.batch_alter_table("org_person_lock", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_person_lock_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("org_person_lock", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_person_lock_tenant_id"))
    op.drop_table("org_person_lock")
    with op.batch_alter_table("org_device_extension", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_device_extension_tenant_id"))
        batch_op.drop_index("ix_org_device_extension_tenant_extension")
        batch_op.drop_index(batch_op.f("ix_org_device_extension_device_id"))
    op.drop_table("org_device_extension")
    with op.batch_alter_table("org_device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_device_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_org_device_person_id"))
    op.drop_table("org_device")
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        # Each table's own sequence takes over again, past every id handed out meanwhile.
        for table in ("org_group", "org_team"):
            conn.execute(sa.text(f"SELECT setval('{table}_id_seq', (SELECT coalesce(max(id), 0) + 1 FROM {table}), "
                                 "false)"))
            conn.execute(sa.text(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{table}_id_seq')"))
        conn.execute(sa.text("DROP SEQUENCE org_unit_id_seq"))
    op.drop_table("org_id_counter")
