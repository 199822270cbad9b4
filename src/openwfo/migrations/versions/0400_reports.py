"""reports: saved Data Explorer report definitions and Bulk Report Data Export requests

Revision ID: 0400_reports
Revises: 0001_foundation
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0400_reports"
down_revision = "0001_foundation"
branch_labels = ("reports",)
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('report_definition',
    sa.Column('id', _ID, autoincrement=True, nullable=False),
    sa.Column('base_report_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('suffix', sa.String(length=40), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('defaults', sa.JSON(), nullable=False),
    sa.Column('created_by', _ID, nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('updated_ms', sa.BigInteger(), nullable=False),
    sa.Column('tenant_id', _ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_report_definition_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_definition')),
    sa.UniqueConstraint('tenant_id', 'suffix', name=op.f('uq_report_definition_tenant_id_suffix'))
    )
    with op.batch_alter_table('report_definition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_definition_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('report_export',
    sa.Column('id', _ID, autoincrement=True, nullable=False),
    sa.Column('request_id', sa.String(length=40), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('qname', sa.String(length=100), nullable=False),
    sa.Column('person_id', _ID, nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('synchronous', sa.Boolean(), nullable=False),
    sa.Column('spec', sa.JSON(), nullable=False),
    sa.Column('storage_key', sa.String(length=300), nullable=True),
    sa.Column('total_rows', sa.Integer(), nullable=True),
    sa.Column('total_columns', sa.Integer(), nullable=True),
    sa.Column('rows_written', sa.Integer(), nullable=True),
    sa.Column('truncated', sa.Boolean(), nullable=False),
    sa.Column('job_id', _ID, nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_ms', sa.BigInteger(), nullable=False),
    sa.Column('started_ms', sa.BigInteger(), nullable=True),
    sa.Column('finished_ms', sa.BigInteger(), nullable=True),
    sa.Column('blacklisted_until_ms', sa.BigInteger(), nullable=True),
    sa.Column('tenant_id', _ID, nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_report_export_tenant_id_tenant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_export')),
    sa.UniqueConstraint('request_id', name=op.f('uq_report_export_request_id'))
    )
    with op.batch_alter_table('report_export', schema=None) as batch_op:
        batch_op.create_index('ix_report_export_person_created', ['tenant_id', 'person_id', 'created_ms'], unique=False)
        batch_op.create_index('ix_report_export_status_finished', ['status', 'finished_ms'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_export_tenant_id'), ['tenant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report_export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_export_tenant_id'))
        batch_op.drop_index('ix_report_export_status_finished')
        batch_op.drop_index('ix_report_export_person_created')
    op.drop_table('report_export')
    with op.batch_alter_table('report_definition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_definition_tenant_id'))
    op.drop_table('report_definition')
