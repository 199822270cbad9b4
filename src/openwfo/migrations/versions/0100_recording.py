"""recording: QM contacts, media, events, metadata, workflows, inclusion/exclusion lists, exports

Revision ID: 0100_recording
Revises: 0001_foundation
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0100_recording"
down_revision = "0001_foundation"
branch_labels = ("recording",)
depends_on = None


def upgrade() -> None:
    op.create_table('qm_inclusion_exclusion',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('list_type', sa.Integer(), nullable=False),
    sa.Column('pattern_type', sa.Integer(), nullable=True),
    sa.Column('pattern', sa.String(length=64), nullable=True),
    sa.Column('direction', sa.Integer(), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('updated_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_inclusion_exclusion_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_inclusion_exclusion'))
    )
    with op.batch_alter_table('qm_inclusion_exclusion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_inclusion_exclusion_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_metadata_field',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=39), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_metadata_field_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_metadata_field')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_qm_metadata_field_tenant_id_name'))
    )
    with op.batch_alter_table('qm_metadata_field', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_metadata_field_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_workflow',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_workflow_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_workflow')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_qm_workflow_tenant_id_name'))
    )
    with op.batch_alter_table('qm_workflow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_workflow_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_contact',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('start_ms', sa.BigInteger(), nullable=False),
    sa.Column('tz', sa.String(length=64), nullable=False),
    sa.Column('duration_ms', sa.BigInteger(), nullable=False),
    sa.Column('ani', sa.String(length=64), nullable=True),
    sa.Column('dnis', sa.String(length=64), nullable=True),
    sa.Column('line', sa.String(length=64), nullable=True),
    sa.Column('call_id', sa.String(length=128), nullable=True),
    sa.Column('icm_call_id', sa.String(length=128), nullable=True),
    sa.Column('assoc_call_id', sa.String(length=52), nullable=True),
    sa.Column('direction', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('group_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('contact_type', sa.String(length=20), nullable=False),
    sa.Column('quality_reason_id', sa.Integer(), nullable=True),
    sa.Column('quality_workflow_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('archive_workflow_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('eval_state', sa.Integer(), nullable=True),
    sa.Column('eval_score', sa.Float(), nullable=True),
    sa.Column('eval_form_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('evaluator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('evaluation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('hr', sa.Boolean(), nullable=False),
    sa.Column('training', sa.Boolean(), nullable=False),
    sa.Column('scored', sa.Boolean(), nullable=False),
    sa.Column('needs_approval', sa.Boolean(), nullable=False),
    sa.Column('eval_in_progress', sa.Boolean(), nullable=False),
    sa.Column('tagged', sa.Boolean(), nullable=False),
    sa.Column('audio_uploaded', sa.Boolean(), nullable=False),
    sa.Column('screen_uploaded', sa.Boolean(), nullable=False),
    sa.Column('has_recording', sa.Boolean(), nullable=False),
    sa.Column('is_complete', sa.Boolean(), nullable=False),
    sa.Column('is_root', sa.Boolean(), nullable=False),
    sa.Column('reconciled', sa.Boolean(), nullable=False),
    sa.Column('exclusion_reason', sa.String(length=200), nullable=True),
    sa.Column('silence_events', sa.Integer(), nullable=False),
    sa.Column('silence_max_ms', sa.BigInteger(), nullable=False),
    sa.Column('talkover_events', sa.Integer(), nullable=False),
    sa.Column('talkover_max_ms', sa.BigInteger(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('updated_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['archive_workflow_id'], ['qm_workflow.id'], name=op.f('fk_qm_contact_archive_workflow_id_qm_workflow'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['org_group.id'], name=op.f('fk_qm_contact_group_id_org_group'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_qm_contact_person_id_org_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['quality_workflow_id'], ['qm_workflow.id'], name=op.f('fk_qm_contact_quality_workflow_id_qm_workflow'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['org_team.id'], name=op.f('fk_qm_contact_team_id_org_team'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_contact_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_contact'))
    )
    with op.batch_alter_table('qm_contact', schema=None) as batch_op:
        batch_op.create_index('ix_qm_contact_tenant_ani', ['tenant_id', 'ani'], unique=False, postgresql_ops={'ani': 'varchar_pattern_ops'})
        batch_op.create_index('ix_qm_contact_tenant_assoc', ['tenant_id', 'assoc_call_id'], unique=False)
        batch_op.create_index('ix_qm_contact_tenant_call_id', ['tenant_id', 'call_id'], unique=False)
        batch_op.create_index('ix_qm_contact_tenant_created', ['tenant_id', 'created_ms'], unique=False)
        batch_op.create_index('ix_qm_contact_tenant_dnis', ['tenant_id', 'dnis'], unique=False, postgresql_ops={'dnis': 'varchar_pattern_ops'})
        batch_op.create_index('ix_qm_contact_tenant_group_start', ['tenant_id', 'group_id', 'start_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_contact_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_qm_contact_tenant_line', ['tenant_id', 'line'], unique=False, postgresql_ops={'line': 'varchar_pattern_ops'})
        batch_op.create_index('ix_qm_contact_tenant_person_start', ['tenant_id', 'person_id', 'start_ms'], unique=False)
        batch_op.create_index('ix_qm_contact_tenant_start', ['tenant_id', 'start_ms'], unique=False)
        batch_op.create_index('ix_qm_contact_tenant_team_start', ['tenant_id', 'team_id', 'start_ms'], unique=False)

    op.create_table('qm_contact_event',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start_offset_ms', sa.BigInteger(), nullable=False),
    sa.Column('duration_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['qm_contact.id'], name=op.f('fk_qm_contact_event_contact_id_qm_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_contact_event_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_contact_event'))
    )
    with op.batch_alter_table('qm_contact_event', schema=None) as batch_op:
        batch_op.create_index('ix_qm_contact_event_contact_kind', ['contact_id', 'kind', 'duration_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_contact_event_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_contact_export',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('format', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('storage_key', sa.String(length=300), nullable=True),
    sa.Column('size_bytes', sa.BigInteger(), nullable=True),
    sa.Column('job_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('requested_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('finished_ms', sa.BigInteger(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['qm_contact.id'], name=op.f('fk_qm_contact_export_contact_id_qm_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_contact_export_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_contact_export')),
    sa.UniqueConstraint('contact_id', 'format', name=op.f('uq_qm_contact_export_contact_id_format'))
    )
    with op.batch_alter_table('qm_contact_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_contact_export_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_contact_media',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('storage_key', sa.String(length=300), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('start_ms', sa.BigInteger(), nullable=False),
    sa.Column('offset_ms', sa.BigInteger(), nullable=False),
    sa.Column('duration_ms', sa.BigInteger(), nullable=True),
    sa.Column('channels', sa.Integer(), nullable=True),
    sa.Column('original_name', sa.String(length=128), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['qm_contact.id'], name=op.f('fk_qm_contact_media_contact_id_qm_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_contact_media_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_contact_media'))
    )
    with op.batch_alter_table('qm_contact_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_contact_media_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_contact_media_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_contact_metadata',
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('field_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('value', sa.String(length=2056), nullable=False),
    sa.Column('value_prefix', sa.String(length=200), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['qm_contact.id'], name=op.f('fk_qm_contact_metadata_contact_id_qm_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['field_id'], ['qm_metadata_field.id'], name=op.f('fk_qm_contact_metadata_field_id_qm_metadata_field'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_contact_metadata_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contact_id', 'field_id', name=op.f('pk_qm_contact_metadata'))
    )
    with op.batch_alter_table('qm_contact_metadata', schema=None) as batch_op:
        batch_op.create_index('ix_qm_contact_metadata_field_value', ['field_id', 'value_prefix', 'contact_id'], unique=False, postgresql_ops={'value_prefix': 'varchar_pattern_ops'})
        batch_op.create_index(batch_op.f('ix_qm_contact_metadata_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    op.drop_table('qm_contact_metadata')
    op.drop_table('qm_contact_media')
    op.drop_table('qm_contact_export')
    op.drop_table('qm_contact_event')
    op.drop_table('qm_contact')
    op.drop_table('qm_workflow')
    op.drop_table('qm_metadata_field')
    op.drop_table('qm_inclusion_exclusion')
