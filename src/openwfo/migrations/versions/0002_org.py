"""org: team productivity flag, person agent-active flag

Revision ID: 0002_org
Revises: 0001_foundation
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_org"
down_revision = "0001_foundation"
branch_labels = ("org",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("org_team", schema=None) as batch_op:
        batch_op.add_column(sa.Column("productivity_compilation", sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table("org_person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("agent_active", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("org_person", schema=None) as batch_op:
        batch_op.drop_column("agent_active")
    with op.batch_alter_table("org_team", schema=None) as batch_op:
        batch_op.drop_column("productivity_compilation")
