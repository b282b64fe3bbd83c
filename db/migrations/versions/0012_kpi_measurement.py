"""each indicator keeps its own measurement method and frequency

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-24

* ``kpi.measurement_method`` and ``kpi.measurement_frequency``: the report's «Måles slik» and «Hyppighet» are
  per indicator row; stored on the benefit, a second indicator of one benefit showed the first one's (trial 23b:
  DHO's «Uttrekk fra Dignio, Kvartalsvis» was lost). Existing indicators get their benefit's values; the next
  import of the report gives each its own. The benefit's columns stay as the fallback for an indicator without.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measurement_method', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('measurement_frequency', sa.String(length=100), nullable=True))
    op.execute(
        'UPDATE kpi SET measurement_method = (SELECT b.measurement_method FROM benefit b WHERE b.id = kpi.benefit_id), '
        'measurement_frequency = (SELECT b.measurement_frequency FROM benefit b WHERE b.id = kpi.benefit_id)'
    )


def downgrade() -> None:
    with op.batch_alter_table('kpi', schema=None) as batch_op:
        batch_op.drop_column('measurement_frequency')
        batch_op.drop_column('measurement_method')
