"""keeping the visitor's place: ticket hold / line position / re-queue, hall limits

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('line_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('requeued_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hold_minutes', sa.Integer(), server_default='30', nullable=False))
        batch_op.add_column(sa.Column('requeue_ahead', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('requeue_minutes', sa.Integer(), server_default='30', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.drop_column('requeue_minutes')
        batch_op.drop_column('requeue_ahead')
        batch_op.drop_column('hold_minutes')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('requeued_at')
        batch_op.drop_column('line_at')
        batch_op.drop_column('held_at')
