"""user sessions that end honestly: a session epoch per user, and one-time passwords

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

* ``app_user.session_epoch``: a number written into every session cookie at login and compared on every
  request. Logging out, a password change or reset and disabling a user raise it, so every cookie made
  before no longer works.
* ``app_user.must_change_password``: set when the secretariat gives a user a one-time password; the user
  must choose their own before using the portal.
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(
            sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('session_epoch')
