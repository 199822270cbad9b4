"""jobs: a lease on running jobs (re-claimed when it expires); the shared maintenance schedule

Revision ID: 0010_jobs_lease
Revises: 0001_foundation
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_jobs_lease"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lease_until_ms", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_job_status_lease", ["status", "lease_until_ms"], unique=False)
    op.create_table(
        "system_schedule",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("next_run_ms", sa.BigInteger(), nullable=False),
        sa.Column("last_run_ms", sa.BigInteger(), nullable=True),
        sa.Column("last_job_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_system_schedule")),
    )


def downgrade() -> None:
    op.drop_table("system_schedule")
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index("ix_job_status_lease")
        batch_op.drop_column("lease_until_ms")
