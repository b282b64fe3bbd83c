"""money in 64 bits, and login throttling that holds under parallel guessing

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26

* Every money column becomes BIGINT, so an amount above 2 147 483 647 kr is refused by the app's own checks
  (with a Norwegian message) and never by an integer overflow at approval on PostgreSQL.
* ``app_user.lockouts``: how many times in a row the account was locked; each lock lasts longer, up to a cap.
* ``login_throttle``: failed logins per client address and user name, counted atomically (decision 68).
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

MONEY = {
    'grant_scheme': ('yearly_envelope',),
    'application': ('amount_applied',),
    'budget_line': ('amount',),
    'allocation': ('amount',),
    'finance_report': (
        'granted_per_year', 'spent_total', 'remaining', 'future_use', 'carry_over', 'next_year_total',
    ),
    'ssu_decision': ('amount_next_year',),
    'ssu_recommendation': ('amount_next_year',),
}
NOT_NULL = {('grant_scheme', 'yearly_envelope'), ('budget_line', 'amount'), ('allocation', 'amount')}


def _retype(old, new) -> None:
    """PostgreSQL only: SQLite's INTEGER already holds 64 bits, and rebuilding its tables would drop tables that
    others refer to."""
    if op.get_bind().dialect.name == 'sqlite':
        return
    for table, columns in MONEY.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(
                    column, existing_type=old, type_=new, existing_nullable=(table, column) not in NOT_NULL
                )


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lockouts', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'login_throttle',
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('lockouts', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle')),
    )
    op.create_index(op.f('ix_login_throttle_updated_at'), 'login_throttle', ['updated_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_login_throttle_updated_at'), table_name='login_throttle')
    op.drop_table('login_throttle')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('lockouts')
    _retype(sa.BigInteger(), sa.Integer())
