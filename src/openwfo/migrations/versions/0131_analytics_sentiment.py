"""analytics: sentiment of text contacts and of analysed calls (contact search filter)

Revision ID: 0131_analytics_sentiment
Revises: 0130_analytics
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0131_analytics_sentiment"
down_revision = "0130_analytics"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cas_text_contact", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sentiment", sa.Float(), nullable=True))
    with op.batch_alter_table("cas_speech_analysis", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sentiment", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cas_speech_analysis", schema=None) as batch_op:
        batch_op.drop_column("sentiment")
    with op.batch_alter_table("cas_text_contact", schema=None) as batch_op:
        batch_op.drop_column("sentiment")
