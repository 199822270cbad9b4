"""analytics: automated QA rules (evaluation questions answered from analytics) and the drafts they made

Revision ID: 0132_analytics_qa
Revises: 0131_analytics_sentiment
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0132_analytics_qa"
down_revision = "0131_analytics_sentiment"
branch_labels = None
depends_on = ("0110_evaluations",)

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "cas_qa_rule",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("question_id", ID, nullable=False),
        sa.Column("form_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("category_id", ID, nullable=True),
        sa.Column("channel", sa.Integer(), nullable=True),
        sa.Column("limit_ms", sa.BigInteger(), nullable=True),
        sa.Column("option_met_id", ID, nullable=False),
        sa.Column("option_not_met_id", ID, nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["qm_eval_question.id"],
                                name=op.f("fk_cas_qa_rule_question_id_qm_eval_question"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["form_id"], ["qm_eval_form.id"],
                                name=op.f("fk_cas_qa_rule_form_id_qm_eval_form"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["category_id"], ["cas_category.id"],
                                name=op.f("fk_cas_qa_rule_category_id_cas_category"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["option_met_id"], ["qm_eval_option.id"],
                                name=op.f("fk_cas_qa_rule_option_met_id_qm_eval_option"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["option_not_met_id"], ["qm_eval_option.id"],
                                name=op.f("fk_cas_qa_rule_option_not_met_id_qm_eval_option"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_cas_qa_rule_tenant_id_tenant"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cas_qa_rule")),
        sa.UniqueConstraint("tenant_id", "question_id", name=op.f("uq_cas_qa_rule_tenant_id_question_id")),
    )
    with op.batch_alter_table("cas_qa_rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cas_qa_rule_tenant_id"), ["tenant_id"], unique=False)
    op.create_table(
        "cas_auto_evaluation",
        sa.Column("evaluation_id", ID, nullable=False),
        sa.Column("contact_id", ID, nullable=False),
        sa.Column("created_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_ms", sa.BigInteger(), nullable=False),
        sa.Column("tenant_id", ID, nullable=False),
        sa.ForeignKeyConstraint(["evaluation_id"], ["qm_evaluation.id"],
                                name=op.f("fk_cas_auto_evaluation_evaluation_id_qm_evaluation"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["contact_id"], ["qm_contact.id"],
                                name=op.f("fk_cas_auto_evaluation_contact_id_qm_contact"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_cas_auto_evaluation_tenant_id_tenant"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("evaluation_id", name=op.f("pk_cas_auto_evaluation")),
    )
    with op.batch_alter_table("cas_auto_evaluation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cas_auto_evaluation_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cas_auto_evaluation_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    op.drop_table("cas_auto_evaluation")
    op.drop_table("cas_qa_rule")
