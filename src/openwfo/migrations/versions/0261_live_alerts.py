"""live view: per-tenant out-of-adherence alert threshold and the alerts raised

Revision ID: 0261_live_alerts
Revises: 0260_realtime
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0261_live_alerts"
down_revision = "0260_realtime"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('rt_alert_setting',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('threshold_seconds', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_rt_alert_setting_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rt_alert_setting')),
    sa.UniqueConstraint('tenant_id', name='uq_rt_alert_setting_tenant')
    )
    with op.batch_alter_table('rt_alert_setting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rt_alert_setting_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('rt_adherence_alert',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('person_id', ID, nullable=False),
    sa.Column('out_since_ms', sa.BigInteger(), nullable=False),
    sa.Column('raised_ms', sa.BigInteger(), nullable=False),
    sa.Column('threshold_seconds', sa.Integer(), nullable=False),
    sa.Column('activity_type', sa.String(length=30), nullable=False),
    sa.Column('activity_start_ms', sa.BigInteger(), nullable=False),
    sa.Column('activity_end_ms', sa.BigInteger(), nullable=False),
    sa.Column('agent_state', sa.String(length=30), nullable=False),
    sa.Column('reason_code', sa.String(length=100), nullable=True),
    sa.Column('ended_ms', sa.BigInteger(), nullable=True),
    sa.Column('acknowledged_ms', sa.BigInteger(), nullable=True),
    sa.Column('acknowledged_by', ID, nullable=True),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_rt_adherence_alert_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['acknowledged_by'], ['org_person.id'], name=op.f('fk_rt_adherence_alert_acknowledged_by_org_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_rt_adherence_alert_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rt_adherence_alert')),
    sa.UniqueConstraint('person_id', 'out_since_ms', name='uq_rt_adherence_alert_person_since')
    )
    with op.batch_alter_table('rt_adherence_alert', schema=None) as batch_op:
        batch_op.create_index('ix_rt_adherence_alert_tenant_raised', ['tenant_id', 'raised_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_rt_adherence_alert_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rt_adherence_alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rt_adherence_alert_tenant_id'))
        batch_op.drop_index('ix_rt_adherence_alert_tenant_raised')
    op.drop_table('rt_adherence_alert')
    with op.batch_alter_table('rt_alert_setting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rt_alert_setting_tenant_id'))
    op.drop_table('rt_alert_setting')
