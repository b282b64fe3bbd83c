"""indexes on round_id for the tables pages and reports read by round (national scale)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

INDEXED = ("finance_report", "narrative", "ssu_decision", "ssu_recommendation")


def upgrade() -> None:
    for table in INDEXED:
        op.create_index(op.f(f"ix_{table}_round_id"), table, ["round_id"], unique=False)


def downgrade() -> None:
    for table in INDEXED:
        op.drop_index(op.f(f"ix_{table}_round_id"), table_name=table)
