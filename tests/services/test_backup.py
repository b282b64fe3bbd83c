"""`python -m etl backup` / `restore`: SQLite's online backup API, taken while the app writes (decision 80)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from db.migrate import head_revision
from db.models import AuditEntry, User
from db.session import get_engine, read_session, session_scope
from db.users import add_user
from tests.cli import run_cli
from tests.conftest import snapshot, sqlite_url

pytestmark = pytest.mark.sqlite_only


def _writer(url: str, stop: threading.Event, written: list[str]) -> None:
    """Users added one transaction at a time, each with its audit row, as the user page does (the password hash
    is left out: scrypt would only slow the writer down)."""
    number = 0
    while not stop.is_set():
        number += 1
        name = f"skriver{number:04d}"
        with session_scope(url) as session:
            session.add(User(username=name, role="leser", password_hash="-"))
            session.add(AuditEntry(actor="test", action="opprettet", entity="Bruker", entity_key=name))
        written.append(name)
        stop.wait(0.005)


def _writers_in(url: str) -> tuple[list[str], int]:
    with read_session(url) as session:
        names = sorted(n for n in session.scalars(select(User.username)) if n.startswith("skriver"))
        audited = [e for e in session.scalars(select(AuditEntry.entity_key)) if e and e.startswith("skriver")]
    return names, len(audited)


def test_a_backup_taken_while_the_app_writes_restores_to_the_same_rows(loaded_db, tmp_path):
    stop, written = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(loaded_db, stop, written))
    writer.start()
    try:
        while len(written) < 3:
            threading.Event().wait(0.05)
        backups = []
        for index in range(3):  # several backups, each in the middle of the writes
            target = tmp_path / f"kopi-{index}.sqlite"
            done = run_cli("backup", str(target), "--db", loaded_db)
            assert done.returncode == 0, done.stderr
            assert (
                f"Sikkerhetskopi skrevet til {target}" in done.stdout
                and f"skjemaversjon {head_revision()}" in done.stdout
            )
            backups.append(target)
    finally:
        stop.set()
        writer.join(timeout=60)

    for backup in backups:
        assert backup.stat().st_mode & 0o777 == 0o600
        with sqlite3.connect(backup) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        # one moment: the users written so far, without a gap, each with its audit row
        names, audited = _writers_in(sqlite_url(backup))
        assert names == [f"skriver{n:04d}" for n in range(1, len(names) + 1)] and audited == len(names) >= 3

    newest = backups[-1]
    restored = tmp_path / "gjenopprettet.sqlite"
    done = run_cli("restore", str(newest), "--db", sqlite_url(restored))
    assert done.returncode == 0, done.stderr
    assert "er gjenopprettet fra" in done.stdout
    assert snapshot(sqlite_url(restored)) == snapshot(sqlite_url(newest))
    get_engine(sqlite_url(restored)).dispose()

    # the live database holds what the backup holds, and more (written after it)
    live, backed_up = snapshot(loaded_db), snapshot(sqlite_url(newest))
    assert set(live) == set(backed_up)
    assert all(set(backed_up[name]) <= set(live[name]) for name in live if name != "app_user")


def test_restore_refuses_what_is_not_a_backup_and_a_database_with_data(loaded_db, tmp_path):
    not_a_database = tmp_path / "notat.sqlite"
    not_a_database.write_text("ikke en database")
    refused = run_cli("restore", str(not_a_database), "--db", sqlite_url(tmp_path / "ny.sqlite"))
    assert refused.returncode == 1 and "er ikke en SQLite-database" in refused.stderr

    backup = tmp_path / "kopi.sqlite"
    assert run_cli("sikkerhetskopi", str(backup), "--db", loaded_db).returncode == 0
    refused = run_cli("restore", str(backup), "--db", loaded_db)
    assert refused.returncode == 1 and "har allerede data. Bruk --replace" in refused.stderr

    with session_scope(loaded_db) as session:
        add_user(session, username="etter.kopien", role="leser", password="et-langt-passord")
    replaced = run_cli("gjenopprett", str(backup), "--replace", "--db", loaded_db)
    assert replaced.returncode == 0, replaced.stderr
    assert snapshot(loaded_db) == snapshot(sqlite_url(backup))  # the user added after the backup is gone

    same = run_cli("backup", Path(loaded_db.removeprefix("sqlite:///")).as_posix(), "--db", loaded_db)
    assert same.returncode == 1 and "kan ikke skrives over selve databasen" in same.stderr


def test_backup_of_postgresql_points_to_pg_dump(tmp_path):
    refused = run_cli("backup", str(tmp_path / "x.sqlite"), "--db", "postgresql+psycopg://gevinst@db.invalid/gevinst")
    assert refused.returncode == 1 and "pg_dump" in refused.stderr and "pg_restore" in refused.stderr
