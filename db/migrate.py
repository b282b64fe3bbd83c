"""Run Alembic migrations from code, so the app and the CLI can migrate on start."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from db.session import get_engine
from domain.vocabulary import SCORE_DIMENSIONS

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration in db/migrations (read once per process)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def is_current(url: str) -> bool:
    """True when the database stands at the newest migration and knows every score scale (two cheap queries)."""
    try:
        with get_engine(url).connect() as connection:
            if connection.execute(text("SELECT version_num FROM alembic_version")).scalar() != head_revision():
                return False
            known = {tuple(row) for row in connection.execute(text("SELECT dimension, maximum FROM score_scale"))}
    except DBAPIError:
        return False
    return known >= wanted_scales()


def wanted_scales() -> set[tuple[str, int]]:
    return {(d.key, d.maximum) for d in SCORE_DIMENSIONS}


def sync_scales(connection) -> None:
    """Add the scale of every score dimension in the vocabulary that the database does not know yet.
    Nothing is removed: older scores keep the scale they were given on."""
    known = {tuple(row) for row in connection.execute(text("SELECT dimension, maximum FROM score_scale"))}
    for dimension, maximum in sorted(wanted_scales() - known):
        connection.execute(
            text("INSERT INTO score_scale (dimension, maximum) VALUES (:d, :m)"), {"d": dimension, "m": maximum}
        )


@contextmanager
def _migration_lock(url: str, connection):
    """One migrator at a time on PostgreSQL: a transaction-level advisory lock (SQLite: ``_file_lock``)."""
    if make_url(url).get_backend_name() == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(4242007)"))
    yield


@contextmanager
def _file_lock(url: str):
    """One migrator at a time on a SQLite file: an exclusive lock file next to it, taken before the migrating
    transaction begins, so the one that waited reads the schema the first one committed (a make test run saw a
    waiting process create «alembic_version» a second time)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        with open(f"{parsed.database}.migrate.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    else:
        yield


INIT_LOCK_KEY = 4242008


@contextmanager
def init_lock(url: str):
    """One initialiser (migrate, first user, default data) at a time, however many processes or hosts start at
    once. On PostgreSQL a session-level advisory lock held by its own connection for the whole block (the
    database itself is the guard, so workers on several hosts queue too); on a SQLite file an exclusive lock
    on ``<file>.init.lock`` (SQLite files live on one host). Every step inside must still be idempotent: the
    one that waited finds the work done."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        with get_engine(url).connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": INIT_LOCK_KEY})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": INIT_LOCK_KEY})
    elif parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        with open(f"{parsed.database}.init.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    else:
        yield


def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (creating it when empty) and add the scales of
    new score dimensions. Safe to call from several processes at once: the lock serialises them, and
    Alembic reads the version inside it."""
    if is_current(url):
        return
    with _file_lock(url):
        if not is_current(url):  # another process may have done it while this one waited
            with get_engine(url).begin() as connection, _migration_lock(url, connection):
                config = alembic_config(url)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                sync_scales(connection)
    _owner_only(url)


def _owner_only(url: str) -> None:
    """A new SQLite file holds password hashes, e-mail addresses and the audit trail: readable by its owner
    only, like the first password and the backups (the issue-15 trial found it world-readable)."""
    if not url.startswith("sqlite:///") or ":memory:" in url:
        return
    path = Path(url[len("sqlite:///") :].split("?", 1)[0])
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_uid == os.getuid():
            file.chmod(0o600)


def current_tables(url: str) -> list[str]:
    return sorted(inspect(get_engine(url)).get_table_names())
