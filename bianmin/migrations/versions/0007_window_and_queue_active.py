"""window and queue active (retired by a manager in the browser)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('window', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
    with op.batch_alter_table('window_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('window_group', schema=None) as batch_op:
        batch_op.drop_column('active')
    with op.batch_alter_table('window', schema=None) as batch_op:
        batch_op.drop_column('active')
