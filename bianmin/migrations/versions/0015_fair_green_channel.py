"""fair green channel: hall limits, the green-channel 专窗 flag, each window's green streak

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 11:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ALTER TABLE … ADD COLUMN with a constant default: a batch copy of ``window``
    # would drop the table that tickets and events point at, which SQLite refuses
    op.add_column('hall', sa.Column('green_streak_limit', sa.Integer(), server_default='2', nullable=False))
    op.add_column('hall', sa.Column('normal_wait_limit_minutes', sa.Integer(), server_default='45', nullable=False))
    op.add_column('window', sa.Column('green_channel', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('window_state', sa.Column('green_streak', sa.Integer(), server_default='0', nullable=False))
    op.add_column('window_state', sa.Column('green_streak_day', sa.Date(), nullable=True))


def downgrade() -> None:
    # plain ALTER TABLE … DROP COLUMN (SQLite 3.35+), for the same reason
    op.drop_column('window_state', 'green_streak_day')
    op.drop_column('window_state', 'green_streak')
    op.drop_column('window', 'green_channel')
    op.drop_column('hall', 'normal_wait_limit_minutes')
    op.drop_column('hall', 'green_streak_limit')
