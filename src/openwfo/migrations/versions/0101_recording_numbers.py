"""recording: number indexes carry the start time (ani/dnis/line wildcard searches in a date range)

Revision ID: 0101_recording_numbers
Revises: 0100_recording
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0101_recording_numbers"
down_revision = "0100_recording"
branch_labels = None
depends_on = None

_COLUMNS = ("ani", "dnis", "line")


def upgrade() -> None:
    with op.batch_alter_table("qm_contact", schema=None) as batch_op:
        for column in _COLUMNS:
            batch_op.drop_index(f"ix_qm_contact_tenant_{column}")
            batch_op.create_index(f"ix_qm_contact_tenant_{column}", ["tenant_id", column, "start_ms"], unique=False,
                                  postgresql_ops={column: "varchar_pattern_ops"})


def downgrade() -> None:
    with op.batch_alter_table("qm_contact", schema=None) as batch_op:
        for column in _COLUMNS:
            batch_op.drop_index(f"ix_qm_contact_tenant_{column}")
            batch_op.create_index(f"ix_qm_contact_tenant_{column}", ["tenant_id", column], unique=False,
                                  postgresql_ops={column: "varchar_pattern_ops"})
