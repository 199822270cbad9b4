"""recording: legal hold on contacts; the audit of contacts purged by retention or erasure

Revision ID: 0104_recording_retention
Revises: 0101_recording_numbers
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0104_recording_retention"
down_revision = "0101_recording_numbers"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("qm_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legal_hold", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "qm_retention_audit",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("contact_id", _ID, nullable=False),
        sa.Column("call_id", sa.String(length=128), nullable=True),
        sa.Column("person_id", _ID, nullable=True),
        sa.Column("start_ms", sa.BigInteger(), nullable=True),
        sa.Column("workflow_id", _ID, nullable=True),
        sa.Column("retention_days", sa.Integer(), nullable=True),
        sa.Column("media_count", sa.Integer(), nullable=False),
        sa.Column("export_count", sa.Integer(), nullable=False),
        sa.Column("requested_by", _ID, nullable=True),
        sa.Column("job_id", _ID, nullable=True),
        sa.Column("purged_ms", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_qm_retention_audit_tenant_id_tenant"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qm_retention_audit")),
    )
    with op.batch_alter_table("qm_retention_audit", schema=None) as batch_op:
        batch_op.create_index("ix_qm_retention_audit_tenant_purged", ["tenant_id", "purged_ms"], unique=False)
        batch_op.create_index(batch_op.f("ix_qm_retention_audit_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("qm_retention_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qm_retention_audit_tenant_id"))
        batch_op.drop_index("ix_qm_retention_audit_tenant_purged")
    op.drop_table("qm_retention_audit")
    with op.batch_alter_table("qm_contact", schema=None) as batch_op:
        batch_op.drop_column("legal_hold")
