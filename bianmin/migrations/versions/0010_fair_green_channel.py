"""fair green channel: hall limits, the green-channel 专窗 flag, each window's green streak

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 11:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('green_streak_limit', sa.Integer(), server_default='2', nullable=False))
        batch_op.add_column(sa.Column('normal_wait_limit_minutes', sa.Integer(), server_default='45', nullable=False))
    with op.batch_alter_table('window', schema=None) as batch_op:
        batch_op.add_column(sa.Column('green_channel', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('window_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('green_streak', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('green_streak_day', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('window_state', schema=None) as batch_op:
        batch_op.drop_column('green_streak_day')
        batch_op.drop_column('green_streak')
    with op.batch_alter_table('window', schema=None) as batch_op:
        batch_op.drop_column('green_channel')
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.drop_column('normal_wait_limit_minutes')
        batch_op.drop_column('green_streak_limit')
