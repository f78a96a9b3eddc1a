"""ticket fact sums: one row of sums per rolled-up (hall, business day)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:05:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_OUTCOMES = ('done', 'accepted', 'forwarded', 'supplement', 'refused', 'consulted')
_BINS_MIN = (0, 5, 10, 15, 20, 30, 45, 60)


def upgrade() -> None:
    op.create_table('ticket_fact_sum',
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.Column('called', sa.Integer(), nullable=False),
    sa.Column('served', sa.Integer(), nullable=False),
    *(sa.Column(f'outcome_{code}', sa.Integer(), nullable=False) for code in _OUTCOMES),
    sa.Column('no_shows', sa.Integer(), nullable=False),
    sa.Column('transfers', sa.Integer(), nullable=False),
    sa.Column('cancellations', sa.Integer(), nullable=False),
    sa.Column('recalls', sa.Integer(), nullable=False),
    sa.Column('wait_n', sa.Integer(), nullable=False),
    sa.Column('wait_sum', sa.Float(), nullable=True),
    sa.Column('wait_max', sa.Float(), nullable=True),
    sa.Column('walk_n', sa.Integer(), nullable=False),
    sa.Column('walk_sum', sa.Float(), nullable=True),
    sa.Column('service_n', sa.Integer(), nullable=False),
    sa.Column('service_sum', sa.Float(), nullable=True),
    *(sa.Column(f'bin_{i}', sa.Integer(), nullable=False) for i in range(len(_BINS_MIN))),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hall_id', 'business_day')
    )
    with op.batch_alter_table('ticket_fact', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_fact_waits', ['hall_id', 'business_day', 'wait_s'],
                              unique=False)
        batch_op.create_index('ix_ticket_fact_unserved', ['hall_id', 'business_day', 'ticket_id'],
                              unique=False,
                              postgresql_where=sa.text("\"end\" IS DISTINCT FROM 'finished'"),
                              sqlite_where=sa.text("\"end\" IS NOT 'finished'"))
    # the days rolled up before this revision: their sums from their fact rows (frozen SQL)
    def count_if(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    bins = []
    for i, low in enumerate(_BINS_MIN):
        inside = ["wait_s IS NOT NULL"]
        if i > 0:
            inside.append(f"wait_s >= {low * 60}")
        if i + 1 < len(_BINS_MIN):
            inside.append(f"wait_s < {_BINS_MIN[i + 1] * 60}")
        bins.append(count_if(" AND ".join(inside)))
    columns = (["hall_id", "business_day", "issued", "called", "served"]
               + [f"outcome_{code}" for code in _OUTCOMES]
               + ["no_shows", "transfers", "cancellations", "recalls", "wait_n", "wait_sum",
                  "wait_max", "walk_n", "walk_sum", "service_n", "service_sum"]
               + [f"bin_{i}" for i in range(len(_BINS_MIN))])
    values = (["hall_id", "business_day", "COUNT(*)", "COUNT(first_called_at)",
               count_if("\"end\" = 'finished'")]
              + [count_if(f"\"end\" = 'finished' AND outcome = '{code}'") for code in _OUTCOMES]
              + [count_if("\"end\" = 'no_show'"), count_if("\"end\" = 'transferred'"),
                 count_if("\"end\" = 'cancelled'"), "SUM(recalls)",
                 "COUNT(wait_s)", "SUM(wait_s)", "MAX(wait_s)", "COUNT(walk_s)", "SUM(walk_s)",
                 "COUNT(service_s)", "SUM(service_s)"]
              + bins)
    op.execute(f"INSERT INTO ticket_fact_sum ({', '.join(columns)}) "
               f"SELECT {', '.join(values)} FROM ticket_fact GROUP BY hall_id, business_day")


def downgrade() -> None:
    with op.batch_alter_table('ticket_fact', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_fact_unserved')
        batch_op.drop_index('ix_ticket_fact_waits')
    op.drop_table('ticket_fact_sum')
