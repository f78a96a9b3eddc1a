"""scenario service guide (八公开) fields, withdrawn matters and their 承接部门

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

GUIDE = ('basis', 'conditions', 'procedure', 'fees', 'place', 'hours', 'delivery', 'enquiry')


def upgrade() -> None:
    with op.batch_alter_table('scenario', schema=None) as batch_op:
        batch_op.alter_column('window_group_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('withdrawn', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('handed_to', sa.Text(), server_default='', nullable=False))
        for key in GUIDE:
            batch_op.add_column(sa.Column(f'guide_{key}', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    # a withdrawn matter without a queue cannot stay: the column is NOT NULL again
    op.execute("DELETE FROM material WHERE scenario_id IN "
               "(SELECT id FROM scenario WHERE window_group_id IS NULL)")
    op.execute("DELETE FROM scenario WHERE window_group_id IS NULL")
    with op.batch_alter_table('scenario', schema=None) as batch_op:
        for key in reversed(GUIDE):
            batch_op.drop_column(f'guide_{key}')
        batch_op.drop_column('handed_to')
        batch_op.drop_column('withdrawn')
        batch_op.alter_column('window_group_id', existing_type=sa.Integer(), nullable=False)
