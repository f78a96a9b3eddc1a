"""print job device and purpose, test prints

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:15:18.946171
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('purpose', sa.String(length=10), server_default='ticket', nullable=False))
        batch_op.alter_column('ticket_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index('ix_print_job_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_print_job_device_failed', ['device_id', 'id'], unique=False, sqlite_where=sa.text("status IN ('offline', 'timeout', 'paper_out', 'error')"), postgresql_where=sa.text("status IN ('offline', 'timeout', 'paper_out', 'error')"))
        batch_op.create_index('ix_print_job_device_id_id', ['device_id', 'id'], unique=False)
        batch_op.create_foreign_key('print_job_device_id_fkey', 'device', ['device_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_constraint('print_job_device_id_fkey', type_='foreignkey')
        batch_op.drop_index('ix_print_job_device_id_id')
        batch_op.drop_index('ix_print_job_device_failed', sqlite_where=sa.text("status IN ('offline', 'timeout', 'paper_out', 'error')"), postgresql_where=sa.text("status IN ('offline', 'timeout', 'paper_out', 'error')"))
        batch_op.drop_index('ix_print_job_created_at')
        batch_op.alter_column('ticket_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('purpose')
        batch_op.drop_column('device_id')

