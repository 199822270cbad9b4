"""planning: stored, versioned forecasts of service queues

Revision ID: 0500_planning
Revises: 0200_wfm
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0500_planning"
down_revision = "0200_wfm"
branch_labels = ("planning",)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('plan_forecast',
    sa.Column('id', _ID, autoincrement=True, nullable=False),
    sa.Column('service_queue_id', _ID, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('based_on_id', sa.BigInteger(), nullable=True),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('interval_minutes', sa.Integer(), nullable=False),
    sa.Column('history_days', sa.Integer(), nullable=False),
    sa.Column('holdout_days', sa.Integer(), nullable=False),
    sa.Column('special_days', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('method', sa.String(length=100), nullable=False),
    sa.Column('mape', sa.Float(), nullable=True),
    sa.Column('wape', sa.Float(), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('edited', sa.Boolean(), nullable=False),
    sa.Column('job_id', sa.BigInteger(), nullable=True),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', _ID, nullable=False),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_plan_forecast_service_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_plan_forecast_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_forecast')),
    sa.UniqueConstraint('service_queue_id', 'version', name='uq_plan_forecast_version')
    )
    with op.batch_alter_table('plan_forecast', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_forecast_service_queue_id'), ['service_queue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_forecast_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('plan_forecast_interval',
    sa.Column('forecast_id', _ID, nullable=False),
    sa.Column('start_ms', sa.BigInteger(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('period_minute', sa.Integer(), nullable=False),
    sa.Column('contacts', sa.Float(), nullable=False),
    sa.Column('aht_s', sa.Float(), nullable=False),
    sa.Column('tenant_id', _ID, nullable=False),
    sa.ForeignKeyConstraint(['forecast_id'], ['plan_forecast.id'], name=op.f('fk_plan_forecast_interval_forecast_id_plan_forecast'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_plan_forecast_interval_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('forecast_id', 'start_ms', name=op.f('pk_plan_forecast_interval'))
    )
    with op.batch_alter_table('plan_forecast_interval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_forecast_interval_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('plan_forecast_interval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_forecast_interval_tenant_id'))
    op.drop_table('plan_forecast_interval')
    with op.batch_alter_table('plan_forecast', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_forecast_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_plan_forecast_service_queue_id'))
    op.drop_table('plan_forecast')
