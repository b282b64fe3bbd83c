"""Migrations upgrade an existing database without losing data."""

from alembic import command
from sqlalchemy import inspect, text

from db.migrate import alembic_config, upgrade
from db.session import get_engine


def test_upgrade_from_the_first_schema_keeps_data(db_url):
    command.upgrade(alembic_config(db_url), "0001")
    engine = get_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO grant_scheme (name, partnership, yearly_envelope, first_year) "
                "VALUES ('S', 'P', 18000000, 2024)"
            )
        )
        conn.execute(
            text("INSERT INTO project (scheme_id, number, name, status) VALUES (1, '15266', 'Eldreløftet', 'active')")
        )
    upgrade(db_url)
    columns = {c["name"] for c in inspect(engine).get_columns("project")}
    assert "contact_email" not in columns and "project_contact" in inspect(engine).get_table_names()
    assert "submission" in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM project WHERE number = '15266'")).scalar() == "Eldreløftet"


def test_migrations_match_the_models(db_url):
    """Autogenerate finds nothing to add: every model change has its migration (indexes included)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from db.models import Base

    upgrade(db_url)
    with get_engine(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert "ix_finance_report_round_id" in {
        i["name"] for i in inspect(get_engine(db_url)).get_indexes("finance_report")
    }


def test_several_processes_can_migrate_a_new_database_at_once(db_url):
    """gunicorn workers start together and each migrates on start: one migrates, the others wait."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = "import sys; from db.migrate import upgrade; upgrade(sys.argv[1])"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, db_url], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    assert "submission" in inspect(get_engine(db_url)).get_table_names()


def test_the_single_contact_address_becomes_contact_rows(db_url):
    """Migration 0008 moves ``project.contact_email`` (one text) into ``project_contact`` (several rows)."""
    command.upgrade(alembic_config(db_url), "0006")
    engine = get_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO grant_scheme (name, partnership, yearly_envelope, first_year) "
                "VALUES ('S', 'P', 18000000, 2024)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO project (scheme_id, number, name, status, contact_email) "
                "VALUES (1, '15266', 'Eldreløftet', 'active', 'Ola@Kommune.no; kari@unn.no, ola@kommune.no')"
            )
        )
        conn.execute(text("INSERT INTO allocation (project_id, year, amount) VALUES (1, 2025, 8650000)"))
    upgrade(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT email FROM project_contact ORDER BY id")).scalars().all()
        allocations = conn.execute(text("SELECT amount FROM allocation")).scalars().all()
    assert rows == ["ola@kommune.no", "kari@unn.no"]
    assert allocations == [8650000], "dropping the column must not touch the project's other rows"
    assert "contact_email" not in {c["name"] for c in inspect(engine).get_columns("project")}


def test_a_new_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    """It holds password hashes and e-mail addresses (the issue-15 trial found it -rw-r--r--)."""
    path = tmp_path / "ny.sqlite"
    upgrade(f"sqlite:///{path}")
    assert path.stat().st_mode & 0o077 == 0
