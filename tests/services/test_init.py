"""The init step (`python -m etl init`): migrate, first user, default data only when asked; safe when several
processes run it at once (decision 76). Runs on SQLite and, in the second pass, on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import inspect, text

from db.migrate import head_revision
from db.session import get_engine
from services.setup import database_ready, initialise
from settings import load_config
from tests.cli import run_cli
from tests.conftest import ROOT

SECRET = "3f9a61c0d2b84e7f95a1c6d0b2e87f43a9d15c2e6b7f08a4"


def _counts(url: str) -> tuple[int, int, int, str]:
    with get_engine(url).connect() as connection:
        return (
            connection.execute(text("SELECT count(*) FROM app_user")).scalar(),
            connection.execute(text("SELECT count(*) FROM project")).scalar(),
            connection.execute(text("SELECT count(*) FROM import_record")).scalar(),
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar(),
        )


def test_init_migrates_makes_one_user_and_loads_example_data_only_when_asked(db_url, tmp_path):
    config = load_config({"DATABASE_URL": db_url})
    assert not database_ready(config)
    secret = tmp_path / "passord.txt"
    first = run_cli("init", "--db", db_url, "--username", "kari.nordmann", "--name", "Kari", "--password-file", secret)
    assert first.returncode == 0, first.stderr
    assert "Databasen er oppgradert" in first.stdout and "«kari.nordmann»" in first.stdout
    assert f"passordet i {secret}" in first.stdout and secret.stat().st_mode & 0o777 == 0o600
    assert secret.read_text(encoding="utf-8").startswith("Brukernavn: kari.nordmann\nPassord: ")
    assert "ingen eksempeldata er lastet inn" in first.stdout
    assert _counts(db_url) == (1, 0, 0, head_revision())
    assert database_ready(config)

    again = run_cli("init", "--db", db_url, "--eksempeldata")
    assert again.returncode == 0, again.stderr
    assert "Databasen var allerede oppdatert" in again.stdout and "ingen ny bruker" in again.stdout
    assert "Eksempeldataene er lastet inn fra rapport_host_2025.xlsx (9 prosjekter)" in again.stdout
    assert _counts(db_url) == (1, 9, 1, head_revision())

    third = initialise(config, example_data=True).value
    assert (third.migrated, third.first_user, third.loaded, third.projects) == (False, None, None, 9)
    assert _counts(db_url) == (1, 9, 1, head_revision())


def test_init_refuses_a_bad_first_user_before_writing_anything(db_url):
    refused = run_cli("init", "--db", db_url, "--username", "kari nordmann", "--email", "kari")
    assert refused.returncode == 1
    assert "Brukernavn: Brukernavnet kan bare ha" in refused.stderr and "«kari» ser ikke ut som" in refused.stderr
    assert inspect(get_engine(db_url)).get_table_names() == []


def test_production_defaults_never_load_demo_data_nor_init_on_start():
    production = load_config({"GEVINST_ENV": "production", "GEVINST_SECRET_KEY": SECRET, "DATABASE_URL": "sqlite://"})
    development = load_config({"GEVINST_ENV": "development"})
    assert (production.auto_init, production.load_default_data) == (False, False)
    assert (development.auto_init, development.load_default_data) == (True, True)
    asked = load_config(
        {
            "GEVINST_ENV": "production",
            "GEVINST_SECRET_KEY": SECRET,
            "GEVINST_AUTO_INIT": "1",
            "DATABASE_URL": "sqlite://",
        }
    )
    assert asked.auto_init and not asked.load_default_data


def test_several_processes_initialising_at_once_migrate_once_and_insert_once(db_url, tmp_path):
    """Four commands started together on an empty database: one migrates, one makes the first user, one imports
    the default data; the others wait on the database-level guard and find the work done. No error."""
    env = {**os.environ, "GEVINST_ENV": "development"}
    command = [sys.executable, "-m", "etl", "init", "--eksempeldata", "--db", db_url]
    command += ["--password-file", str(tmp_path / "passord.txt")]
    runs = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    results = [(run.wait(timeout=240), *run.communicate()) for run in runs]
    assert [code for code, _, _ in results] == [0] * 4, [err for _, _, err in results]
    outputs = [out for _, out, _ in results]
    assert sum("Databasen er oppgradert" in out for out in outputs) == 1
    assert sum("Første bruker er opprettet" in out for out in outputs) == 1
    assert sum("Eksempeldataene er lastet inn" in out for out in outputs) == 1
    assert _counts(db_url) == (1, 9, 1, head_revision())


def test_an_unknown_environment_or_a_production_without_a_database_refuses_to_start():
    """Trial 26b: GEVINST_ENV=prod ran development mode against the production database and loaded the illustrative
    data; without DATABASE_URL production fell back to an SQLite file in instance/."""
    import pytest

    from settings import ConfigError

    with pytest.raises(ConfigError, match="GEVINST_ENV må være «production» eller «development», ikke «prod»"):
        load_config({"GEVINST_ENV": "prod", "GEVINST_SECRET_KEY": SECRET})
    with pytest.raises(ConfigError, match="DATABASE_URL må settes i produksjon"):
        load_config({"GEVINST_ENV": "production", "GEVINST_SECRET_KEY": SECRET, "DATABASE_URL": ""})
    saved = os.environ.pop("DATABASE_URL", None)
    try:  # unset in the environment (trial 26c: it fell back to the development file in instance/)
        with pytest.raises(ConfigError, match="DATABASE_URL må settes i produksjon"):
            load_config({"GEVINST_ENV": "production", "GEVINST_SECRET_KEY": SECRET})
    finally:
        if saved is not None:
            os.environ["DATABASE_URL"] = saved
    assert load_config({"GEVINST_ENV": " Production ", "GEVINST_SECRET_KEY": SECRET, "DATABASE_URL": "sqlite://"})
