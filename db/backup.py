"""Backup and restore of a SQLite database through SQLite's online backup API.

The backup is one step of ``sqlite3.Connection.backup``: it reads the whole database inside one read
transaction, so the copy is the database as it stood at one moment, while the app goes on reading and writing
(WAL: writers are not blocked). The copy is written to a temporary file beside the target, checked with
``PRAGMA integrity_check``, switched to an ordinary rollback journal (one self-contained file) and only then
renamed into place, so a failed backup never leaves a half-written file under the target's name.

PostgreSQL is backed up with its own tools (``pg_dump``/``pg_restore``, see the README).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from domain.problems import Problem, Refused

DATABASE_FIELD = ("db", "Database")
FILE_FIELD = ("fil", "Fil")


@dataclass(frozen=True)
class Snapshot:
    """A database file and what it holds: rows per table and the schema's migration."""

    path: Path
    rows: dict[str, int]
    revision: str | None

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def _refuse(where: tuple[str, str], message: str) -> Refused:
    return Refused(message, problems=[Problem.in_field(where[0], where[1], message)])


def sqlite_file(url: str) -> Path:
    """The file of a SQLite URL; refused (naming pg_dump) for any other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise _refuse(
            DATABASE_FIELD,
            f"Databasen er {parsed.get_backend_name()}, ikke en SQLite-fil: ta sikkerhetskopi med pg_dump og "
            "gjenopprett med pg_restore (se README, «Sikkerhetskopi»).",
        )
    return Path(parsed.database)


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    return sqlite3.connect(path, timeout=30)


def snapshot(connection: sqlite3.Connection, path: Path) -> Snapshot:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    rows = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    revision = None
    if "alembic_version" in rows:
        found = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = found[0] if found else None
    return Snapshot(path, rows, revision)


def _check(connection: sqlite3.Connection, path: Path) -> Snapshot:
    """Refuse a file that is not a whole Gevinstportalen database (damaged, or another kind of file)."""
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        found = snapshot(connection, path)
    except sqlite3.DatabaseError as exc:
        raise _refuse(FILE_FIELD, f"{path} er ikke en SQLite-database ({exc}).") from exc
    if verdict != "ok":
        raise _refuse(FILE_FIELD, f"{path} er skadet (SQLite fant feil: {verdict}).")
    if found.revision is None:
        raise _refuse(FILE_FIELD, f"{path} er ikke en sikkerhetskopi av Gevinstportalen (ingen skjemaversjon).")
    return found


def backup(url: str, target: Path) -> Snapshot:
    """Copy the SQLite database at ``url`` to ``target`` (replaced if it exists) while the app runs."""
    source_path = sqlite_file(url)
    if not source_path.is_file():
        raise _refuse(DATABASE_FIELD, f"Fant ingen database i {source_path}.")
    target = Path(target)
    if target.resolve() == source_path.resolve():
        raise _refuse(FILE_FIELD, "Sikkerhetskopien kan ikke skrives over selve databasen. Velg en annen fil.")
    if not target.parent.is_dir():
        raise _refuse(FILE_FIELD, f"Mappen {target.parent} finnes ikke.")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with closing(_connect(source_path)) as source, closing(_connect(temporary)) as copy:
            source.backup(copy)  # one step: one read transaction, one consistent moment
            copy.execute("PRAGMA journal_mode=DELETE")
            copied = _check(copy, target)
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return copied


def restore(source: Path, url: str, *, replace: bool = False) -> Snapshot:
    """Copy the backup ``source`` into the SQLite database at ``url``. A database that holds tables is only
    replaced with ``replace``; the copy is written through the backup API, in one transaction on the target."""
    target_path = sqlite_file(url)
    source = Path(source)
    if not source.is_file():
        raise _refuse(FILE_FIELD, f"Fant ikke filen {source}.")
    if target_path.exists() and target_path.resolve() == source.resolve():
        raise _refuse(FILE_FIELD, "Filen er selve databasen. Velg en sikkerhetskopi.")
    with closing(_connect(source, read_only=True)) as backup_file:
        wanted = _check(backup_file, source)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        with closing(_connect(target_path)) as target:
            if not replace and snapshot(target, target_path).rows:
                raise _refuse(
                    DATABASE_FIELD,
                    f"{target_path} har allerede data. Bruk --replace for å erstatte den med sikkerhetskopien "
                    "(stopp Gevinstportalen først).",
                )
            backup_file.backup(target)
            restored = snapshot(target, target_path)
    if restored.rows != wanted.rows:
        raise _refuse(DATABASE_FIELD, "Gjenopprettingen ga ikke de samme radene som sikkerhetskopien.")
    return restored
