"""recording: QM evaluation forms, evaluations, answers, section scores, comments and history

Revision ID: 0110_evaluations
Revises: 0101_recording_numbers
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0110_evaluations"
down_revision = "0101_recording_numbers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('qm_eval_form',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('created_tz', sa.String(length=64), nullable=False),
    sa.Column('updater_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('updated_ms', sa.BigInteger(), nullable=False),
    sa.Column('updated_tz', sa.String(length=64), nullable=False),
    sa.Column('manual_weighting', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('default_form', sa.Boolean(), nullable=False),
    sa.Column('approval_required', sa.Boolean(), nullable=False),
    sa.Column('score_type', sa.Integer(), nullable=False),
    sa.Column('bands', sa.Text(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_eval_form_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_eval_form'))
    )
    with op.batch_alter_table('qm_eval_form', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_eval_form_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_eval_section',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('form_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('start_color', sa.String(length=20), nullable=True),
    sa.Column('end_color', sa.String(length=20), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['qm_eval_form.id'], name=op.f('fk_qm_eval_section_form_id_qm_eval_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_eval_section_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_eval_section'))
    )
    with op.batch_alter_table('qm_eval_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_eval_section_form_id'), ['form_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_eval_section_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_eval_question',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('form_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('section_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['qm_eval_form.id'], name=op.f('fk_qm_eval_question_form_id_qm_eval_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['qm_eval_section.id'], name=op.f('fk_qm_eval_question_section_id_qm_eval_section'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_eval_question_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_eval_question'))
    )
    with op.batch_alter_table('qm_eval_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_eval_question_form_id'), ['form_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_eval_question_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_eval_option',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('form_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('question_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('kpi_priority', sa.Integer(), nullable=False),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['form_id'], ['qm_eval_form.id'], name=op.f('fk_qm_eval_option_form_id_qm_eval_form'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['qm_eval_question.id'], name=op.f('fk_qm_eval_option_question_id_qm_eval_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_eval_option_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_eval_option'))
    )
    with op.batch_alter_table('qm_eval_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_eval_option_form_id'), ['form_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_eval_option_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_evaluation',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('contact_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('form_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('evaluator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('state', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('band', sa.Integer(), nullable=True),
    sa.Column('kpi_failed', sa.Boolean(), nullable=False),
    sa.Column('hr', sa.Boolean(), nullable=False),
    sa.Column('training', sa.Boolean(), nullable=False),
    sa.Column('calibration', sa.Boolean(), nullable=False),
    sa.Column('tz', sa.String(length=64), nullable=False),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('updated_ms', sa.BigInteger(), nullable=False),
    sa.Column('evaluated_ms', sa.BigInteger(), nullable=True),
    sa.Column('approver_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('approved_ms', sa.BigInteger(), nullable=True),
    sa.Column('acknowledged_ms', sa.BigInteger(), nullable=True),
    sa.Column('dispute', sa.String(length=20), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['qm_contact.id'], name=op.f('fk_qm_evaluation_contact_id_qm_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evaluator_id'], ['org_person.id'], name=op.f('fk_qm_evaluation_evaluator_id_org_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['form_id'], ['qm_eval_form.id'], name=op.f('fk_qm_evaluation_form_id_qm_eval_form'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_evaluation_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_evaluation'))
    )
    with op.batch_alter_table('qm_evaluation', schema=None) as batch_op:
        batch_op.create_index('ix_qm_evaluation_contact', ['contact_id', 'id'], unique=False)
        batch_op.create_index('ix_qm_evaluation_tenant_evaluator', ['tenant_id', 'evaluator_id', 'evaluated_ms'], unique=False)
        batch_op.create_index('ix_qm_evaluation_tenant_form', ['tenant_id', 'form_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_evaluation_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_eval_answer',
    sa.Column('evaluation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('question_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('option_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['qm_evaluation.id'], name=op.f('fk_qm_eval_answer_evaluation_id_qm_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['qm_eval_option.id'], name=op.f('fk_qm_eval_answer_option_id_qm_eval_option'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['qm_eval_question.id'], name=op.f('fk_qm_eval_answer_question_id_qm_eval_question'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_eval_answer_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('evaluation_id', 'question_id', name=op.f('pk_qm_eval_answer'))
    )
    with op.batch_alter_table('qm_eval_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_eval_answer_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_eval_comment',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('evaluation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('author_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['qm_evaluation.id'], name=op.f('fk_qm_eval_comment_evaluation_id_qm_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_eval_comment_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_eval_comment'))
    )
    with op.batch_alter_table('qm_eval_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_eval_comment_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_eval_comment_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_eval_history',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('evaluation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('at_ms', sa.BigInteger(), nullable=False),
    sa.Column('state', sa.Integer(), nullable=True),
    sa.Column('score_before', sa.Float(), nullable=True),
    sa.Column('score_after', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['qm_evaluation.id'], name=op.f('fk_qm_eval_history_evaluation_id_qm_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_eval_history_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qm_eval_history'))
    )
    with op.batch_alter_table('qm_eval_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qm_eval_history_evaluation_id'), ['evaluation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_eval_history_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('qm_eval_section_score',
    sa.Column('evaluation_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('section_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('form_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('person_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('team_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('evaluated_ms', sa.BigInteger(), nullable=True),
    sa.Column('counted', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('tenant_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['qm_evaluation.id'], name=op.f('fk_qm_eval_section_score_evaluation_id_qm_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['qm_eval_section.id'], name=op.f('fk_qm_eval_section_score_section_id_qm_eval_section'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_qm_eval_section_score_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('evaluation_id', 'section_id', name=op.f('pk_qm_eval_section_score'))
    )
    with op.batch_alter_table('qm_eval_section_score', schema=None) as batch_op:
        batch_op.create_index('ix_qm_eval_section_score_avg', ['tenant_id', 'counted', 'form_id', 'evaluated_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_qm_eval_section_score_tenant_id'), ['tenant_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('qm_eval_section_score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_eval_section_score_tenant_id'))
        batch_op.drop_index('ix_qm_eval_section_score_avg')

    op.drop_table('qm_eval_section_score')
    with op.batch_alter_table('qm_eval_history', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_eval_history_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_qm_eval_history_evaluation_id'))

    op.drop_table('qm_eval_history')
    with op.batch_alter_table('qm_eval_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_eval_comment_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_qm_eval_comment_evaluation_id'))

    op.drop_table('qm_eval_comment')
    with op.batch_alter_table('qm_eval_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_eval_answer_tenant_id'))

    op.drop_table('qm_eval_answer')
    with op.batch_alter_table('qm_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_evaluation_tenant_id'))
        batch_op.drop_index('ix_qm_evaluation_tenant_form')
        batch_op.drop_index('ix_qm_evaluation_tenant_evaluator')
        batch_op.drop_index('ix_qm_evaluation_contact')

    op.drop_table('qm_evaluation')
    with op.batch_alter_table('qm_eval_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_eval_option_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_qm_eval_option_form_id'))

    op.drop_table('qm_eval_option')
    with op.batch_alter_table('qm_eval_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_eval_question_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_qm_eval_question_form_id'))

    op.drop_table('qm_eval_question')
    with op.batch_alter_table('qm_eval_section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_eval_section_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_qm_eval_section_form_id'))

    op.drop_table('qm_eval_section')
    with op.batch_alter_table('qm_eval_form', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qm_eval_form_tenant_id'))

    op.drop_table('qm_eval_form')
