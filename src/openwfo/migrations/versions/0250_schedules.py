"""schedules: schedule activities per agent and shift date, exception requests

Revision ID: 0250_schedules
Revises: 0001_foundation
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0250_schedules"
down_revision = "0001_foundation"
branch_labels = ("schedules",)
# The tables reference WFM configuration (queues, groups, exceptions, rules).
depends_on = "0200_wfm"


def upgrade() -> None:
    op.create_table('sched_exception_request',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('exception_type_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('exception_type_name', sa.String(length=100), nullable=False),
    sa.Column('exception_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('requested_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('shift_date', sa.Date(), nullable=False),
    sa.Column('start_ms', sa.BigInteger(), nullable=False),
    sa.Column('end_ms', sa.BigInteger(), nullable=False),
    sa.Column('entire_day', sa.Boolean(), nullable=False),
    sa.Column('comment', sa.String(length=2000), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rule_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('rule_name', sa.String(length=100), nullable=True),
    sa.Column('decided_by_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('decision_comment', sa.String(length=2000), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('decided_ms', sa.BigInteger(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['org_person.id'], name=op.f('fk_sched_exception_request_decided_by_id_org_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['exception_id'], ['wfm_exception.id'], name=op.f('fk_sched_exception_request_exception_id_wfm_exception'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['exception_type_id'], ['wfm_exception_type.id'], name=op.f('fk_sched_exception_request_exception_type_id_wfm_exception_type'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_sched_exception_request_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['org_person.id'], name=op.f('fk_sched_exception_request_requested_by_id_org_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rule_id'], ['wfm_workflow_rule.id'], name=op.f('fk_sched_exception_request_rule_id_wfm_workflow_rule'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_sched_exception_request_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sched_exception_request'))
    )
    with op.batch_alter_table('sched_exception_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sched_exception_request_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_exception_request_exception_id'), ['exception_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_exception_request_exception_type_id'), ['exception_type_id'], unique=False)
        batch_op.create_index('ix_sched_exception_request_person_date', ['person_id', 'shift_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_exception_request_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_exception_request_rule_id'), ['rule_id'], unique=False)
        batch_op.create_index('ix_sched_exception_request_status', ['tenant_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_exception_request_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('sched_activity',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('shift_date', sa.Date(), nullable=False),
    sa.Column('activity_type', sa.String(length=30), nullable=False),
    sa.Column('detail_name', sa.String(length=100), nullable=True),
    sa.Column('start_ms', sa.BigInteger(), nullable=False),
    sa.Column('end_ms', sa.BigInteger(), nullable=False),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.Column('color', sa.String(length=50), nullable=True),
    sa.Column('service_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('multi_skill_group_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('exception_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('request_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('activity_metadata', sa.String(length=500), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['exception_id'], ['wfm_exception.id'], name=op.f('fk_sched_activity_exception_id_wfm_exception'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['multi_skill_group_id'], ['wfm_multi_skill_group.id'], name=op.f('fk_sched_activity_multi_skill_group_id_wfm_multi_skill_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_sched_activity_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['sched_exception_request.id'], name=op.f('fk_sched_activity_request_id_sched_exception_request'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_sched_activity_service_queue_id_wfm_service_queue'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_sched_activity_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sched_activity'))
    )
    with op.batch_alter_table('sched_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sched_activity_exception_id'), ['exception_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_activity_multi_skill_group_id'), ['multi_skill_group_id'], unique=False)
        batch_op.create_index('ix_sched_activity_person_date', ['person_id', 'shift_date'], unique=False)
        batch_op.create_index('ix_sched_activity_person_start', ['person_id', 'start_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_activity_request_id'), ['request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_activity_service_queue_id'), ['service_queue_id'], unique=False)
        batch_op.create_index('ix_sched_activity_start', ['tenant_id', 'start_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_sched_activity_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sched_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sched_activity_tenant_id'))
        batch_op.drop_index('ix_sched_activity_start')
        batch_op.drop_index(batch_op.f('ix_sched_activity_service_queue_id'))
        batch_op.drop_index(batch_op.f('ix_sched_activity_request_id'))
        batch_op.drop_index('ix_sched_activity_person_start')
        batch_op.drop_index('ix_sched_activity_person_date')
        batch_op.drop_index(batch_op.f('ix_sched_activity_multi_skill_group_id'))
        batch_op.drop_index(batch_op.f('ix_sched_activity_exception_id'))

    op.drop_table('sched_activity')
    with op.batch_alter_table('sched_exception_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sched_exception_request_tenant_id'))
        batch_op.drop_index('ix_sched_exception_request_status')
        batch_op.drop_index(batch_op.f('ix_sched_exception_request_rule_id'))
        batch_op.drop_index(batch_op.f('ix_sched_exception_request_requested_by_id'))
        batch_op.drop_index('ix_sched_exception_request_person_date')
        batch_op.drop_index(batch_op.f('ix_sched_exception_request_exception_type_id'))
        batch_op.drop_index(batch_op.f('ix_sched_exception_request_exception_id'))
        batch_op.drop_index(batch_op.f('ix_sched_exception_request_decided_by_id'))

    op.drop_table('sched_exception_request')
