"""guide desk: ticket source, 咨询 counts, special queues and built-in scenarios, 无差别 windows

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('window', schema=None) as batch_op:
        batch_op.add_column(sa.Column('universal', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('window_group', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('normal', 'complaint', 'pickup', name='queuekind',
                                                      native_enum=False, length=20),
                                      server_default='normal', nullable=False))
    with op.batch_alter_table('scenario', schema=None) as batch_op:
        batch_op.add_column(sa.Column('builtin', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.Enum('kiosk', 'guide', name='ticketsource',
                                                        native_enum=False, length=20),
                                      server_default='kiosk', nullable=False))
    op.create_table('guide_consult',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hall_id', sa.Integer(), nullable=False),
    sa.Column('business_day', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('scenario_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['hall_id'], ['hall.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_guide_consult_hall_day', 'guide_consult', ['hall_id', 'business_day'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_guide_consult_hall_day', table_name='guide_consult')
    op.drop_table('guide_consult')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('source')
    with op.batch_alter_table('scenario', schema=None) as batch_op:
        batch_op.drop_column('builtin')
    with op.batch_alter_table('window_group', schema=None) as batch_op:
        batch_op.drop_column('kind')
    with op.batch_alter_table('window', schema=None) as batch_op:
        batch_op.drop_column('universal')
