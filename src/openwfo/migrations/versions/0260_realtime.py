"""realtime: agent state changes from the ACD, per-tenant adherence rules

Revision ID: 0260_realtime
Revises: 0250_schedules
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0260_realtime"
down_revision = "0250_schedules"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('rt_agent_state',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('person_id', ID, nullable=False),
    sa.Column('ts_ms', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.SmallInteger(), nullable=False),
    sa.Column('reason_code', sa.String(length=100), nullable=True),
    sa.Column('received_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_rt_agent_state_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_rt_agent_state_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rt_agent_state')),
    sa.UniqueConstraint('person_id', 'ts_ms', 'state', name='uq_rt_agent_state_person_ts_state')
    )
    with op.batch_alter_table('rt_agent_state', schema=None) as batch_op:
        batch_op.create_index('ix_rt_agent_state_tenant_ts', ['tenant_id', 'ts_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_rt_agent_state_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('rt_adherence_rule',
    sa.Column('id', ID, autoincrement=True, nullable=False),
    sa.Column('activity_type', sa.String(length=30), nullable=False),
    sa.Column('states', sa.String(length=200), nullable=False),
    sa.Column('tenant_id', ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_rt_adherence_rule_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rt_adherence_rule')),
    sa.UniqueConstraint('tenant_id', 'activity_type', name='uq_rt_adherence_rule_tenant_type')
    )
    with op.batch_alter_table('rt_adherence_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rt_adherence_rule_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rt_adherence_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rt_adherence_rule_tenant_id'))
    op.drop_table('rt_adherence_rule')
    with op.batch_alter_table('rt_agent_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rt_agent_state_tenant_id'))
        batch_op.drop_index('ix_rt_agent_state_tenant_ts')
    op.drop_table('rt_agent_state')
