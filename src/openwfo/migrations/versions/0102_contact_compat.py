"""recording: contact medium, transcription flag, approval and evaluation time; media energy envelopes

Revision ID: 0102_contact_compat
Revises: 0101_recording_numbers
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0102_contact_compat"
down_revision = "0101_recording_numbers"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("qm_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approved", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("evaluated_ms", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("medium", sa.String(length=20), server_default="call", nullable=False))
        batch_op.add_column(sa.Column("has_transcription", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index("ix_qm_contact_tenant_evaluated", ["tenant_id", "evaluated_ms"], unique=False)

    op.create_table(
        "qm_media_energy",
        sa.Column("media_id", _ID, nullable=False),
        sa.Column("channels", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(["media_id"], ["qm_contact_media.id"],
                                name=op.f("fk_qm_media_energy_media_id_qm_contact_media"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_qm_media_energy_tenant_id_tenant"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("media_id", name=op.f("pk_qm_media_energy")),
    )
    with op.batch_alter_table("qm_media_energy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_qm_media_energy_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("qm_media_energy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_qm_media_energy_tenant_id"))
    op.drop_table("qm_media_energy")
    with op.batch_alter_table("qm_contact", schema=None) as batch_op:
        batch_op.drop_index("ix_qm_contact_tenant_evaluated")
        batch_op.drop_column("has_transcription")
        batch_op.drop_column("medium")
        batch_op.drop_column("evaluated_ms")
        batch_op.drop_column("approved")
