"""partnerships as tenants: every user belongs to a partnership, or is a national reader

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-25

* ``app_user.partnership``: the partnership (as named on ``grant_scheme.partnership``) whose schemes,
  projects, rounds and users the user sees and, by role, administers. NULL means national: only a reader
  (role ``leser``) may be national (check ``national_reads_only``), and reads every partnership.
* Every existing user belonged to the one installation of the default data, so gets its partnership,
  Helsefellesskapet Troms og Ofoten (decision 96).
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

DEFAULT_PARTNERSHIP = 'Helsefellesskapet Troms og Ofoten'


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('partnership', sa.String(length=200), nullable=True))
    op.execute(
        sa.text('UPDATE app_user SET partnership = :name WHERE partnership IS NULL').bindparams(
            name=DEFAULT_PARTNERSHIP
        )
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_app_user_partnership'), ['partnership'], unique=False)
        batch_op.create_check_constraint(
            op.f('ck_app_user_national_reads_only'), "partnership IS NOT NULL OR role = 'leser'"
        )


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_app_user_national_reads_only'), type_='check')
        batch_op.drop_index(batch_op.f('ix_app_user_partnership'))
        batch_op.drop_column('partnership')
