"""imports: import preferences

Revision ID: 0300_imports
Revises: 0001_foundation
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0300_imports"
down_revision = "0001_foundation"
branch_labels = ("imports",)
depends_on = None


def upgrade() -> None:
    op.create_table('import_preference',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('mappings', sa.JSON(), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('updated_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_import_preference_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_preference')),
    sa.UniqueConstraint('tenant_id', 'type', 'name', name=op.f('uq_import_preference_tenant_id_type_name'))
    )
    with op.batch_alter_table('import_preference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_preference_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('import_preference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_preference_tenant_id'))
    op.drop_table('import_preference')
