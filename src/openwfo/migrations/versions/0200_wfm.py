"""wfm: ACD servers, service queue types, service queues (hours, DNs, virtual sources, order criteria),
skill mappings, multi-skill groups, DNs, view membership, exceptions, exception types, work shifts,
workflow rules

Revision ID: 0200_wfm
Revises: 0001_foundation
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0200_wfm"
down_revision = "0001_foundation"
branch_labels = ("wfm",)
depends_on = None


def upgrade() -> None:
    op.create_table('wfm_acd_server',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('acd_type', sa.String(length=100), nullable=False),
    sa.Column('peripheral_id', sa.String(length=100), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_acd_server_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_acd_server')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_acd_server_tenant_id_name'))
    )
    with op.batch_alter_table('wfm_acd_server', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_acd_server_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_dn',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_dn_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_dn')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_wfm_dn_tenant_id_number'))
    )
    with op.batch_alter_table('wfm_dn', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_dn_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_exception',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('paid', sa.Boolean(), nullable=False),
    sa.Column('color', sa.String(length=50), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_exception_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_exception')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_exception_tenant_id_name'))
    )
    with op.batch_alter_table('wfm_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_exception_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_multi_skill_group',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_multi_skill_group_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_multi_skill_group')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_multi_skill_group_tenant_id_name'))
    )
    with op.batch_alter_table('wfm_multi_skill_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_multi_skill_group_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_queue_type',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('code', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('contact_type', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_queue_type_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_queue_type')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_wfm_queue_type_tenant_id_code')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_queue_type_tenant_id_name'))
    )
    with op.batch_alter_table('wfm_queue_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_queue_type_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_skill_mapping',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_skill_mapping_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_skill_mapping')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_skill_mapping_tenant_id_name'))
    )
    with op.batch_alter_table('wfm_skill_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_skill_mapping_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_work_shift',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_work_shift_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_work_shift')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_work_shift_tenant_id_name'))
    )
    with op.batch_alter_table('wfm_work_shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_work_shift_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_exception_type',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('exception_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['exception_id'], ['wfm_exception.id'], name=op.f('fk_wfm_exception_type_exception_id_wfm_exception')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_exception_type_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_exception_type')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_exception_type_tenant_id_name'))
    )
    with op.batch_alter_table('wfm_exception_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_exception_type_exception_id'), ['exception_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_exception_type_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_service_queue',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('number', sa.BigInteger(), nullable=False),
    sa.Column('acd_service_id', sa.String(length=50), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('acd_server_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('virtual', sa.Boolean(), nullable=False),
    sa.Column('color', sa.String(length=50), nullable=False),
    sa.Column('not_allow_forecast', sa.Boolean(), nullable=False),
    sa.Column('msaq', sa.Boolean(), nullable=False),
    sa.Column('type_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('closed_hours_redistribution_type', sa.Integer(), nullable=False),
    sa.Column('handling_threshold', sa.Integer(), nullable=False),
    sa.Column('talk_time', sa.Integer(), nullable=False),
    sa.Column('work_time', sa.Integer(), nullable=False),
    sa.Column('slo_percent', sa.Integer(), nullable=False),
    sa.Column('slo_seconds', sa.Integer(), nullable=True),
    sa.Column('productivity_percent', sa.Float(), nullable=False),
    sa.Column('fte_hours_per_week', sa.Float(), nullable=False),
    sa.Column('break_hours_per_week', sa.Float(), nullable=False),
    sa.Column('forecast_precision_level', sa.Integer(), nullable=False),
    sa.Column('staffing_adjustment_factor', sa.Float(), nullable=False),
    sa.Column('shrinkage_scenario_id', sa.BigInteger(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['acd_server_id'], ['wfm_acd_server.id'], name=op.f('fk_wfm_service_queue_acd_server_id_wfm_acd_server')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_service_queue_tenant_id_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['type_id'], ['wfm_queue_type.id'], name=op.f('fk_wfm_service_queue_type_id_wfm_queue_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_service_queue')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_service_queue_tenant_id_name')),
    sa.UniqueConstraint('tenant_id', 'number', name=op.f('uq_wfm_service_queue_tenant_id_number')),
    sa.UniqueConstraint('tenant_id', 'priority', name=op.f('uq_wfm_service_queue_tenant_id_priority'))
    )
    with op.batch_alter_table('wfm_service_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_service_queue_acd_server_id'), ['acd_server_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_service_queue_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_service_queue_type_id'), ['type_id'], unique=False)

    op.create_table('wfm_view_skill_mapping',
    sa.Column('view_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('skill_mapping_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['skill_mapping_id'], ['wfm_skill_mapping.id'], name=op.f('fk_wfm_view_skill_mapping_skill_mapping_id_wfm_skill_mapping'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_view_skill_mapping_tenant_id_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['view_id'], ['wfm_view.id'], name=op.f('fk_wfm_view_skill_mapping_view_id_wfm_view'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('view_id', 'skill_mapping_id', name=op.f('pk_wfm_view_skill_mapping'))
    )
    with op.batch_alter_table('wfm_view_skill_mapping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_view_skill_mapping_skill_mapping_id'), ['skill_mapping_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_view_skill_mapping_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_msg_queue',
    sa.Column('group_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('service_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['wfm_multi_skill_group.id'], name=op.f('fk_wfm_msg_queue_group_id_wfm_multi_skill_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_msg_queue_service_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_msg_queue_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('group_id', 'service_queue_id', name=op.f('pk_wfm_msg_queue'))
    )
    with op.batch_alter_table('wfm_msg_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_msg_queue_service_queue_id'), ['service_queue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_msg_queue_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_queue_dn',
    sa.Column('service_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('dn_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('start_minute', sa.Integer(), nullable=False),
    sa.Column('end_minute', sa.Integer(), nullable=False),
    sa.Column('weekdays', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['dn_id'], ['wfm_dn.id'], name=op.f('fk_wfm_queue_dn_dn_id_wfm_dn'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_queue_dn_service_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_queue_dn_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_queue_id', 'dn_id', name=op.f('pk_wfm_queue_dn'))
    )
    with op.batch_alter_table('wfm_queue_dn', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_queue_dn_dn_id'), ['dn_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_queue_dn_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_queue_hours',
    sa.Column('service_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('open_minute', sa.Integer(), nullable=True),
    sa.Column('close_minute', sa.Integer(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_queue_hours_service_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_queue_hours_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_queue_id', 'weekday', name=op.f('pk_wfm_queue_hours'))
    )
    with op.batch_alter_table('wfm_queue_hours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_queue_hours_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_queue_order',
    sa.Column('service_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('criteria', sa.String(length=40), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('ascending', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_queue_order_service_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_queue_order_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_queue_id', 'kind', 'criteria', name=op.f('pk_wfm_queue_order'))
    )
    with op.batch_alter_table('wfm_queue_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_queue_order_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_skill_mapping_queue',
    sa.Column('skill_mapping_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('service_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_skill_mapping_queue_service_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_mapping_id'], ['wfm_skill_mapping.id'], name=op.f('fk_wfm_skill_mapping_queue_skill_mapping_id_wfm_skill_mapping'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_skill_mapping_queue_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('skill_mapping_id', 'service_queue_id', name=op.f('pk_wfm_skill_mapping_queue'))
    )
    with op.batch_alter_table('wfm_skill_mapping_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_skill_mapping_queue_service_queue_id'), ['service_queue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_skill_mapping_queue_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_view_queue',
    sa.Column('view_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('service_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_view_queue_service_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_view_queue_tenant_id_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['view_id'], ['wfm_view.id'], name=op.f('fk_wfm_view_queue_view_id_wfm_view'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('view_id', 'service_queue_id', name=op.f('pk_wfm_view_queue'))
    )
    with op.batch_alter_table('wfm_view_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_view_queue_service_queue_id'), ['service_queue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_view_queue_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_virtual_source',
    sa.Column('virtual_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('source_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('hour_gap', sa.Integer(), nullable=False),
    sa.Column('ratio', sa.Float(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['source_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_virtual_source_source_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_virtual_source_tenant_id_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['virtual_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_virtual_source_virtual_queue_id_wfm_service_queue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('virtual_queue_id', 'source_queue_id', name=op.f('pk_wfm_virtual_source'))
    )
    with op.batch_alter_table('wfm_virtual_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_virtual_source_source_queue_id'), ['source_queue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_virtual_source_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_workflow_rule',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('exception_type_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['exception_type_id'], ['wfm_exception_type.id'], name=op.f('fk_wfm_workflow_rule_exception_type_id_wfm_exception_type')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_workflow_rule_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_workflow_rule')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_wfm_workflow_rule_tenant_id_name'))
    )
    with op.batch_alter_table('wfm_workflow_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_workflow_rule_exception_type_id'), ['exception_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_workflow_rule_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_agent_exception',
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('exception_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['exception_id'], ['wfm_exception.id'], name=op.f('fk_wfm_agent_exception_exception_id_wfm_exception'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_wfm_agent_exception_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_agent_exception_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'exception_id', name=op.f('pk_wfm_agent_exception'))
    )
    with op.batch_alter_table('wfm_agent_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_agent_exception_exception_id'), ['exception_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_agent_exception_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_agent_work_shift',
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('work_shift_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('shift_week_start', sa.Date(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_wfm_agent_work_shift_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_agent_work_shift_tenant_id_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['work_shift_id'], ['wfm_work_shift.id'], name=op.f('fk_wfm_agent_work_shift_work_shift_id_wfm_work_shift'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'work_shift_id', name=op.f('pk_wfm_agent_work_shift'))
    )
    with op.batch_alter_table('wfm_agent_work_shift', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_agent_work_shift_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_agent_work_shift_work_shift_id'), ['work_shift_id'], unique=False)

    op.create_table('wfm_msg_agent',
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('group_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['wfm_multi_skill_group.id'], name=op.f('fk_wfm_msg_agent_group_id_wfm_multi_skill_group'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_wfm_msg_agent_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_msg_agent_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_wfm_msg_agent'))
    )
    with op.batch_alter_table('wfm_msg_agent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_msg_agent_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_msg_agent_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_skill_mapping_agent',
    sa.Column('skill_mapping_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_wfm_skill_mapping_agent_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_mapping_id'], ['wfm_skill_mapping.id'], name=op.f('fk_wfm_skill_mapping_agent_skill_mapping_id_wfm_skill_mapping'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_skill_mapping_agent_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('skill_mapping_id', 'person_id', name=op.f('pk_wfm_skill_mapping_agent'))
    )
    with op.batch_alter_table('wfm_skill_mapping_agent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_skill_mapping_agent_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_skill_mapping_agent_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_view_agent',
    sa.Column('view_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_wfm_view_agent_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_view_agent_tenant_id_tenant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['view_id'], ['wfm_view.id'], name=op.f('fk_wfm_view_agent_view_id_wfm_view'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('view_id', 'person_id', name=op.f('pk_wfm_view_agent'))
    )
    with op.batch_alter_table('wfm_view_agent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_view_agent_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_view_agent_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('wfm_workflow_condition',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('rule_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('condition_type', sa.String(length=40), nullable=False),
    sa.Column('operator', sa.String(length=4), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('service_queue_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['rule_id'], ['wfm_workflow_rule.id'], name=op.f('fk_wfm_workflow_condition_rule_id_wfm_workflow_rule'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_queue_id'], ['wfm_service_queue.id'], name=op.f('fk_wfm_workflow_condition_service_queue_id_wfm_service_queue')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_wfm_workflow_condition_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wfm_workflow_condition'))
    )
    with op.batch_alter_table('wfm_workflow_condition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wfm_workflow_condition_rule_id'), ['rule_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_workflow_condition_service_queue_id'), ['service_queue_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wfm_workflow_condition_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('wfm_workflow_condition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_workflow_condition_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_workflow_condition_service_queue_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_workflow_condition_rule_id'))

    op.drop_table('wfm_workflow_condition')
    with op.batch_alter_table('wfm_view_agent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_view_agent_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_view_agent_person_id'))

    op.drop_table('wfm_view_agent')
    with op.batch_alter_table('wfm_skill_mapping_agent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_skill_mapping_agent_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_skill_mapping_agent_person_id'))

    op.drop_table('wfm_skill_mapping_agent')
    with op.batch_alter_table('wfm_msg_agent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_msg_agent_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_msg_agent_group_id'))

    op.drop_table('wfm_msg_agent')
    with op.batch_alter_table('wfm_agent_work_shift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_agent_work_shift_work_shift_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_agent_work_shift_tenant_id'))

    op.drop_table('wfm_agent_work_shift')
    with op.batch_alter_table('wfm_agent_exception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_agent_exception_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_agent_exception_exception_id'))

    op.drop_table('wfm_agent_exception')
    with op.batch_alter_table('wfm_workflow_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_workflow_rule_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_workflow_rule_exception_type_id'))

    op.drop_table('wfm_workflow_rule')
    with op.batch_alter_table('wfm_virtual_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_virtual_source_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_virtual_source_source_queue_id'))

    op.drop_table('wfm_virtual_source')
    with op.batch_alter_table('wfm_view_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_view_queue_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_view_queue_service_queue_id'))

    op.drop_table('wfm_view_queue')
    with op.batch_alter_table('wfm_skill_mapping_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_skill_mapping_queue_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_skill_mapping_queue_service_queue_id'))

    op.drop_table('wfm_skill_mapping_queue')
    with op.batch_alter_table('wfm_queue_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_queue_order_tenant_id'))

    op.drop_table('wfm_queue_order')
    with op.batch_alter_table('wfm_queue_hours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_queue_hours_tenant_id'))

    op.drop_table('wfm_queue_hours')
    with op.batch_alter_table('wfm_queue_dn', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_queue_dn_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_queue_dn_dn_id'))

    op.drop_table('wfm_queue_dn')
    with op.batch_alter_table('wfm_msg_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_msg_queue_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_msg_queue_service_queue_id'))

    op.drop_table('wfm_msg_queue')
    with op.batch_alter_table('wfm_view_skill_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_view_skill_mapping_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_view_skill_mapping_skill_mapping_id'))

    op.drop_table('wfm_view_skill_mapping')
    with op.batch_alter_table('wfm_service_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_service_queue_type_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_service_queue_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_service_queue_acd_server_id'))

    op.drop_table('wfm_service_queue')
    with op.batch_alter_table('wfm_exception_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_exception_type_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_wfm_exception_type_exception_id'))

    op.drop_table('wfm_exception_type')
    with op.batch_alter_table('wfm_work_shift', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_work_shift_tenant_id'))

    op.drop_table('wfm_work_shift')
    with op.batch_alter_table('wfm_skill_mapping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_skill_mapping_tenant_id'))

    op.drop_table('wfm_skill_mapping')
    with op.batch_alter_table('wfm_queue_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_queue_type_tenant_id'))

    op.drop_table('wfm_queue_type')
    with op.batch_alter_table('wfm_multi_skill_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_multi_skill_group_tenant_id'))

    op.drop_table('wfm_multi_skill_group')
    with op.batch_alter_table('wfm_exception', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_exception_tenant_id'))

    op.drop_table('wfm_exception')
    with op.batch_alter_table('wfm_dn', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_dn_tenant_id'))

    op.drop_table('wfm_dn')
    with op.batch_alter_table('wfm_acd_server', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wfm_acd_server_tenant_id'))

    op.drop_table('wfm_acd_server')
