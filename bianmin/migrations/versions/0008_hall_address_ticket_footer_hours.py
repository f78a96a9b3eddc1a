"""hall address, ticket footer and structured opening hours

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ticket_footer', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('hours', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.drop_column('hours')
        batch_op.drop_column('ticket_footer')
        batch_op.drop_column('address')
