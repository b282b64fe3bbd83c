"""round texts with versions: the secretariat writes the round report's chapters

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24

* ``round_text.version``: the version number of the text the documents print (1 for texts already loaded).
* ``round_text_version``: every saved version of a chapter, from the secretariat's page or an import, with who
  and when; a unique version number per chapter lets only one of two saves based on the same version win.
  The texts already in ``round_text`` become version 1, saved by whoever imported them.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

KINDS = ('foreword', 'introduction', 'challenges', 'experiences', 'done_differently', 'summary')


def upgrade() -> None:
    with op.batch_alter_table('round_text', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.create_table(
        'round_text_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('saved_by', sa.String(length=100), nullable=False),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in KINDS) + ")",
                           name=op.f('ck_round_text_version_kind_known')),
        sa.CheckConstraint("source IN ('form', 'import')", name=op.f('ck_round_text_version_source_known')),
        sa.CheckConstraint('version >= 1', name=op.f('ck_round_text_version_version_positive')),
        sa.ForeignKeyConstraint(['round_id'], ['reporting_round.id'],
                                name=op.f('fk_round_text_version_round_id_reporting_round'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_round_text_version')),
        sa.UniqueConstraint('round_id', 'kind', 'version', name=op.f('uq_round_text_version_round_id')),
    )
    op.execute(
        "INSERT INTO round_text_version (round_id, kind, version, text, saved_by, saved_at, source) "
        "SELECT rt.round_id, rt.kind, 1, rt.text, COALESCE(ir.imported_by, 'import'), "
        "COALESCE(ir.imported_at, CURRENT_TIMESTAMP), 'import' "
        "FROM round_text rt LEFT JOIN import_record ir ON ir.id = rt.source_import_id"
    )


def downgrade() -> None:
    op.drop_table('round_text_version')
    with op.batch_alter_table('round_text', schema=None) as batch_op:
        batch_op.drop_column('version')
