"""hours and capacity: a hall's cut-off for long matters, a queue's daily cap (放号量),
and the end-of-day sum of tickets closed unserved

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('long_cutoff_minutes', sa.Integer(), server_default='30',
                                      nullable=False))
    with op.batch_alter_table('window_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('daily_cap', sa.Integer(), nullable=True))
    with op.batch_alter_table('ticket_fact_sum', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unserved', sa.Integer(), server_default='0', nullable=False))
    # days rolled up before: their sums count the unserved rows they hold (none before 0013,
    # but a database re-migrated from below 0009 backfills sums of later rows too)
    op.execute("UPDATE ticket_fact_sum SET unserved = (SELECT COUNT(*) FROM ticket_fact f "
               "WHERE f.hall_id = ticket_fact_sum.hall_id "
               "AND f.business_day = ticket_fact_sum.business_day AND f.\"end\" = 'unserved')")


def downgrade() -> None:
    with op.batch_alter_table('ticket_fact_sum', schema=None) as batch_op:
        batch_op.drop_column('unserved')
    with op.batch_alter_table('window_group', schema=None) as batch_op:
        batch_op.drop_column('daily_cap')
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.drop_column('long_cutoff_minutes')
