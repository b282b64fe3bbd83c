"""score scales from the vocabulary; the words printed beside money figures, parsed once

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

* ``score_scale`` holds (dimension, maximum) pairs; ``score.maximum`` is the scale a score was given on,
  checked against ``score_scale`` by a foreign key and the value by ``value BETWEEN 0 AND maximum``.
  The enumerated CHECK constraints on ``score.dimension`` go, so a new dimension in
  ``domain.vocabulary`` needs no migration (``db.migrate.upgrade`` adds its scale).
* ``finance_report.*_note``: the words printed beside each money figure ("+ (hospitant fra UNN …)"),
  parsed from the stored cell text once here and on every later import.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

SCALES = [(f"criterion_{n}", 3) for n in range(1, 9)] + [("progress", 3), ("delivers", 10), ("continues", 10)]
MONEY = ("granted_per_year", "spent_total", "remaining", "future_use", "carry_over", "next_year_total")


def upgrade() -> None:
    from domain.amounts import AmountError, parse_amount

    scale = op.create_table(
        'score_scale',
        sa.Column('dimension', sa.String(length=30), nullable=False),
        sa.Column('maximum', sa.Integer(), nullable=False),
        sa.CheckConstraint('maximum BETWEEN 1 AND 100', name=op.f('ck_score_scale_maximum_range')),
        sa.PrimaryKeyConstraint('dimension', 'maximum', name=op.f('pk_score_scale')),
    )
    op.bulk_insert(scale, [{"dimension": d, "maximum": m} for d, m in SCALES])
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('maximum', sa.Integer(), nullable=True))
    op.execute("UPDATE score SET maximum = CASE WHEN dimension IN ('delivers', 'continues') THEN 10 ELSE 3 END")
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_score_value_range'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_score_dimension_known'), type_='check')
        batch_op.alter_column('maximum', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('dimension', existing_type=sa.String(length=20), type_=sa.String(length=30),
                              existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_score_value_on_scale'), 'value BETWEEN 0 AND maximum')
        batch_op.create_foreign_key('fk_score_dimension_score_scale', 'score_scale', ['dimension', 'maximum'],
                                    ['dimension', 'maximum'])

    with op.batch_alter_table('finance_report', schema=None) as batch_op:
        for column in MONEY:
            batch_op.add_column(sa.Column(f'{column}_note', sa.Text(), nullable=True))
    connection = op.get_bind()
    texts = ", ".join(f"{c}_text" for c in MONEY)
    for row in connection.execute(sa.text(f"SELECT id, {texts} FROM finance_report")).mappings():
        notes = {}
        for column in MONEY:
            raw = row[f"{column}_text"]
            try:
                notes[f"{column}_note"] = parse_amount(raw, allow_text=True).note if raw else None
            except AmountError:
                notes[f"{column}_note"] = raw
        if any(notes.values()):
            assignments = ", ".join(f"{key} = :{key}" for key in notes)
            connection.execute(sa.text(f"UPDATE finance_report SET {assignments} WHERE id = :id"),
                               {**notes, "id": row["id"]})


def downgrade() -> None:
    with op.batch_alter_table('finance_report', schema=None) as batch_op:
        for column in MONEY:
            batch_op.drop_column(f'{column}_note')
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_constraint('fk_score_dimension_score_scale', type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('ck_score_value_on_scale'), type_='check')
        batch_op.drop_column('maximum')
    op.drop_table('score_scale')
