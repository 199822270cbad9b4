"""historical: service queue interval history (GIS / WHIT imports)

Revision ID: 0270_historical
Revises: 0250_schedules
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0270_historical"
down_revision = "0250_schedules"
branch_labels = ("historical",)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('hist_service_interval',
    sa.Column('service_queue_id', _ID, nullable=False),
    sa.Column('start_ms', sa.BigInteger(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('period_minute', sa.Integer(), nullable=False),
    sa.Column('service_name', sa.String(length=100), nullable=False),
    sa.Column('received_calls', sa.Integer(), nullable=False),
    sa.Column('handled_calls', sa.Integer(), nullable=False),
    sa.Column('abandoned_calls', sa.Integer(), nullable=False),
    sa.Column('transferred_calls', sa.Integer(), nullable=False),
    sa.Column('avg_talk_s', sa.Float(), nullable=False),
    sa.Column('avg_acw_s', sa.Float(), nullable=False),
    sa.Column('asa_s', sa.Float(), nullable=True),
    sa.Column('contacts_in_queue', sa.Integer(), nullable=True),
    sa.Column('occupancy_ratio', sa.Float(), nullable=True),
    sa.Column('service_level', sa.Float(), nullable=True),
    sa.Column('qty_of_agents', sa.Float(), nullable=True),
    sa.Column('imported_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', _ID, nullable=False),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_hist_service_interval_service_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_hist_service_interval_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_queue_id', 'start_ms', name=op.f('pk_hist_service_interval'))
    )
    with op.batch_alter_table('hist_service_interval', schema=None) as batch_op:
        batch_op.create_index('ix_hist_service_interval_start', ['tenant_id', 'start_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_hist_service_interval_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hist_service_interval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hist_service_interval_tenant_id'))
        batch_op.drop_index('ix_hist_service_interval_start')
    op.drop_table('hist_service_interval')
