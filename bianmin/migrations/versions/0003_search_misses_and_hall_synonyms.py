"""search misses and hall synonyms

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 04:04:51
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_miss',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('query', sa.String(length=20), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('hall_id', 'business_day', 'query', name='uq_search_miss')
    )
    with op.batch_alter_table('search_miss', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_miss_hall_id'), ['hall_id'], unique=False)

    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_synonyms', sa.Text(), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('hall', schema=None) as batch_op:
        batch_op.drop_column('search_synonyms')

    with op.batch_alter_table('search_miss', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_miss_hall_id'))

    op.drop_table('search_miss')
