"""recording: surveys (questions, answers, results) and the live recording-control state

Revision ID: 0111_surveys_controls
Revises: 0110_evaluations
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0111_surveys_controls"
down_revision = "0110_evaluations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('qm_survey',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('provider_survey_id', sa.String(length=200), nullable=True),
    sa.Column('provider_connection_id', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('metadata_key', sa.String(length=100), nullable=True),
    sa.Column('properties', sa.Text(), nullable=False),
    sa.Column('last_modified_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_survey_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_survey'))
    )
    with op.batch_alter_table('qm_survey', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_survey_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_survey_question',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('survey_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('label', sa.String(length=2000), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('provider_question_id', sa.String(length=200), nullable=True),
    sa.Column('type', sa.String(length=50), nullable=True),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('is_kpi', sa.Boolean(), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('last_modified_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['survey_id'], ['qm_survey.id'], name=op.f('fk_qm_survey_question_survey_id_qm_survey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_survey_question_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_survey_question'))
    )
    with op.batch_alter_table('qm_survey_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_survey_question_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_survey_question_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_survey_answer',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('survey_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('question_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('label', sa.String(length=2000), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('provider_answer_id', sa.String(length=200), nullable=True),
    sa.Column('type', sa.String(length=50), nullable=True),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=True),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('last_modified_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['qm_survey_question.id'], name=op.f('fk_qm_survey_answer_question_id_qm_survey_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['qm_survey.id'], name=op.f('fk_qm_survey_answer_survey_id_qm_survey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_survey_answer_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_survey_answer'))
    )
    with op.batch_alter_table('qm_survey_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_survey_answer_survey_id'), ['survey_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_survey_answer_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_recording_control',
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('pause_contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('pause_event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('paused_ms', sa.BigInteger(), nullable=True),
    sa.Column('screen_contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('extension', sa.String(length=64), nullable=True),
    sa.Column('updated_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['org_person.id'], name=op.f('fk_qm_recording_control_person_id_org_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_recording_control_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', name=op.f('pk_qm_recording_control'))
    )
    with op.batch_alter_table('qm_recording_control', schema=None) as batch_op:
        batch_op.create_index('ix_qm_recording_control_extension', ['tenant_id', 'extension'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_recording_control_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_survey_result',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('survey_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('received_ms', sa.BigInteger(), nullable=False),
    sa.Column('respondent', sa.String(length=200), nullable=True),
    sa.Column('points', sa.Float(), nullable=True),
    sa.Column('total_points', sa.Float(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('kpi_score', sa.Float(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['qm_contact.id'], name=op.f('fk_qm_survey_result_contact_id_qm_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['survey_id'], ['qm_survey.id'], name=op.f('fk_qm_survey_result_survey_id_qm_survey'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_survey_result_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_survey_result'))
    )
    with op.batch_alter_table('qm_survey_result', schema=None) as batch_op:
        batch_op.create_index('ix_qm_survey_result_contact', ['contact_id', 'id'], unique=False)
        batch_op.create_index('ix_qm_survey_result_survey', ['survey_id', 'received_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_survey_result_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_survey_result_answer',
    sa.Column('result_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('question_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('answer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('value', sa.String(length=2000), nullable=True),
    sa.Column('points', sa.Float(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['qm_survey_answer.id'], name=op.f('fk_qm_survey_result_answer_answer_id_qm_survey_answer'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['question_id'], ['qm_survey_question.id'], name=op.f('fk_qm_survey_result_answer_question_id_qm_survey_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['result_id'], ['qm_survey_result.id'], name=op.f('fk_qm_survey_result_answer_result_id_qm_survey_result'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_survey_result_answer_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('result_id', 'question_id', name=op.f('pk_qm_survey_result_answer'))
    )
    with op.batch_alter_table('qm_survey_result_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_survey_result_answer_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('qm_survey_result_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_survey_result_answer_tenant_id'))

    op.drop_table('qm_survey_result_answer')
    with op.batch_alter_table('qm_survey_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_survey_result_tenant_id'))
        batch_op.drop_index('ix_qm_survey_result_survey')
        batch_op.drop_index('ix_qm_survey_result_contact')

    op.drop_table('qm_survey_result')
    with op.batch_alter_table('qm_recording_control', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_recording_control_tenant_id'))
        batch_op.drop_index('ix_qm_recording_control_extension')

    op.drop_table('qm_recording_control')
    with op.batch_alter_table('qm_survey_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_survey_answer_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_qm_survey_answer_survey_id'))

    op.drop_table('qm_survey_answer')
    with op.batch_alter_table('qm_survey_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_survey_question_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_qm_survey_question_survey_id'))

    op.drop_table('qm_survey_question')
    with op.batch_alter_table('qm_survey', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_survey_tenant_id'))

    op.drop_table('qm_survey')
