"""written notices at the window (受理/补正/退办) and their print jobs

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notice_counter',
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hall_id', 'business_day')
    )
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=120), nullable=False),
    sa.Column('hall_name', sa.String(length=200), nullable=False),
    sa.Column('window_number', sa.Integer(), nullable=False),
    sa.Column('window_name', sa.String(length=100), nullable=False),
    sa.Column('window_phone', sa.String(length=100), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('staff_label', sa.String(length=160), nullable=False),
    sa.Column('ticket_number', sa.String(length=12), nullable=False),
    sa.Column('scenario', sa.String(length=300), nullable=False),
    sa.Column('matter', sa.String(length=300), nullable=False),
    sa.Column('missing', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('turn_to', sa.Text(), nullable=False),
    sa.Column('time_limit', sa.Text(), nullable=False),
    sa.Column('promised_days', sa.Integer(), nullable=True),
    sa.Column('promised_date', sa.Date(), nullable=True),
    sa.Column('complaint_phone', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hall_id', 'business_day', 'seq', name='uq_notice_number'),
    sa.UniqueConstraint('ticket_id')
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_hall_id'), ['hall_id'], unique=False)
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_print_job_notice_id'), ['notice_id'], unique=False)
        batch_op.create_foreign_key('fk_print_job_notice_id_notice', 'notice', ['notice_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade() -> None:
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_constraint('fk_print_job_notice_id_notice', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_print_job_notice_id'))
        batch_op.drop_column('notice_id')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_hall_id'))
    op.drop_table('notice')
    op.drop_table('notice_counter')
