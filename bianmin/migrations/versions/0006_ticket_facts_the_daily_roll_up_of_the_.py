"""ticket facts: the daily roll-up of the statistics

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:38:15.542952
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ticket_fact_day',
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('tickets', sa.Integer(), nullable=False),
    sa.Column('rolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hall_id', 'business_day')
    )
    op.create_table('ticket_fact',
    sa.Column('ticket_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('hour', sa.SmallInteger(), nullable=False),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('queue', sa.String(length=12), nullable=False),
    sa.Column('queue_name', sa.String(length=100), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('scenario_name', sa.String(length=300), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('kiosk', sa.String(length=100), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('window_number', sa.Integer(), nullable=True),
    sa.Column('window_name', sa.String(length=100), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('staff_name', sa.String(length=100), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('first_called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('wait_s', sa.Float(), nullable=True),
    sa.Column('walk_s', sa.Float(), nullable=True),
    sa.Column('service_s', sa.Float(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('end', sa.String(length=20), nullable=True),
    sa.Column('recalls', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('ticket_id')
    )
    with op.batch_alter_table('ticket_fact', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_fact_hall_day', ['hall_id', 'business_day'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('ticket_fact', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_fact_hall_day')

    op.drop_table('ticket_fact')
    op.drop_table('ticket_fact_day')
