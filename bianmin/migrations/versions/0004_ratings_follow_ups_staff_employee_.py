"""ratings, follow-ups, staff employee number and photo

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 04:27:22.659435
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('remark', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('window_id', sa.Integer(), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('queue_id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['queue_id'], ['window_group.id'], ),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenario.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['window_id'], ['window.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ticket_id')
    )
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index('ix_rating_hall_day', ['hall_id', 'business_day'], unique=False)
        batch_op.create_index('ix_rating_window_day', ['window_id', 'business_day'], unique=False)

    op.create_table('rating_follow_up',
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rating_id'], ['rating.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rating_id')
    )
    with op.batch_alter_table('rating_follow_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_follow_up_hall_id'), ['hall_id'], unique=False)

    op.create_table('rating_follow_up_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['rating_id'], ['rating_follow_up.rating_id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rating_follow_up_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_follow_up_note_rating_id'), ['rating_id'], unique=False)

    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('employee_no', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('photo', sa.String(length=100), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('photo')
        batch_op.drop_column('employee_no')

    with op.batch_alter_table('rating_follow_up_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_follow_up_note_rating_id'))

    op.drop_table('rating_follow_up_note')
    with op.batch_alter_table('rating_follow_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_follow_up_hall_id'))

    op.drop_table('rating_follow_up')
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index('ix_rating_window_day')
        batch_op.drop_index('ix_rating_hall_day')

    op.drop_table('rating')
