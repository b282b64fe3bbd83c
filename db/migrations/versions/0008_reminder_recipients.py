"""reminder recipients: contact addresses per project, and who each reminder reached per project

The single ``project.contact_email`` (never settable anywhere) becomes ``project_contact`` rows, several per
project; its values, if any, are moved there (split on commas, semicolons and spaces, lower case).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""
import re

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('project_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('added_by', sa.String(length=100), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_contact_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_contact')),
    sa.UniqueConstraint('project_id', 'email', name=op.f('uq_project_contact_project_id'))
    )
    op.create_table('reminder_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reminder_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_reminder_project_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reminder_id'], ['reminder.id'], name=op.f('fk_reminder_project_reminder_id_reminder'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_project'))
    )
    with op.batch_alter_table('reminder_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_project_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_project_reminder_id'), ['reminder_id'], unique=False)

    conn = op.get_bind()
    contact = sa.table(
        'project_contact',
        sa.column('project_id', sa.Integer()),
        sa.column('email', sa.String()),
        sa.column('added_by', sa.String()),
        sa.column('added_at', sa.DateTime()),
    )
    rows = []
    for project_id, text in conn.execute(sa.text("SELECT id, contact_email FROM project WHERE contact_email IS NOT NULL")):
        for address in dict.fromkeys(a.lower() for a in re.split(r"[\s,;]+", text or "") if "@" in a):
            rows.append({"project_id": project_id, "email": address[:200], "added_by": "migrering 0008",
                         "added_at": sa.func.now()})
    for row in rows:
        conn.execute(contact.insert().values(**row))
    # Not batch_alter_table: on SQLite that recreates ``project``, and dropping the old table with foreign keys
    # on would cascade to every project's rows. SQLite (3.35 and later) and PostgreSQL drop a column in place.
    op.execute("ALTER TABLE project DROP COLUMN contact_email")


def downgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_email', sa.String(length=200), nullable=True))
    op.execute(
        "UPDATE project SET contact_email = (SELECT MIN(email) FROM project_contact "
        "WHERE project_contact.project_id = project.id)"
    )
    with op.batch_alter_table('reminder_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_project_reminder_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_project_project_id'))
    op.drop_table('reminder_project')
    op.drop_table('project_contact')
