"""Engines and sessions. One engine per database URL per process; one session per unit of work.

``Database`` is the handle the rest of the code passes around: services open a read session or a
write transaction from it for each unit of work. The web layer keeps one per app (``web.context``),
the CLI makes one per command.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from domain.problems import Refused

BUSY_MESSAGE = "Databasen er opptatt, prøv igjen om litt."
BUSY_TIMEOUT_SECONDS = 10
"""How long one attempt waits for a lock (SQLite's busy timeout, PostgreSQL's lock_timeout) before it is tried
again; ``BUSY_ATTEMPTS`` attempts in all. An SQLite URL may give its own (``?timeout=2``)."""
BUSY_ATTEMPTS = 3
_BUSY = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")


class DatabaseBusy(Refused):
    """The database stayed locked by another writer through every attempt; nothing was written."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


def is_busy(exc: BaseException) -> bool:
    """A lock that was not granted in time (SQLite «database is locked», PostgreSQL lock_timeout)."""
    if not isinstance(exc, DBAPIError):
        return False
    text = str(exc.orig if exc.orig is not None else exc).lower()
    return any(word in text for word in _BUSY) or getattr(exc.orig, "sqlstate", None) == "55P03"


def _prepare_sqlite_path(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=16)
def get_engine(url: str) -> Engine:
    """The process-wide engine for a URL (SQLite gets foreign keys, WAL and a busy timeout)."""
    _prepare_sqlite_path(url)
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite:
        connect_args = {} if "timeout" in parsed.query else {"timeout": BUSY_TIMEOUT_SECONDS}
    elif parsed.get_backend_name() == "postgresql":
        connect_args = {"options": f"-c lock_timeout={BUSY_TIMEOUT_SECONDS * 1000}"}
    else:
        connect_args = {}
    engine = create_engine(url, future=True, connect_args=connect_args)
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            dbapi_connection.isolation_level = None  # the driver's own lazy BEGIN off: ours is below
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # pragma: no cover - trivial
            # A transaction is one snapshot from its first read, and a writing one holds SQLite's write lock from
            # the start, so what it reads (the latest version, the next number) is still true when it writes:
            # the row locks PostgreSQL takes with FOR UPDATE.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITING) else "BEGIN")

    return engine


WRITING = "gevinst_writing"
"""Execution option of a writing session's connection (SQLite then begins with ``BEGIN IMMEDIATE``)."""


@lru_cache(maxsize=16)
def _factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


def _begin_writing(url: str) -> Session:
    """A session holding the write lock (SQLite ``BEGIN IMMEDIATE``); a busy database is tried again
    ``BUSY_ATTEMPTS`` times, then ``DatabaseBusy``. Nothing of the caller's work has run yet, so trying again
    is always safe."""
    for attempt in range(BUSY_ATTEMPTS):
        session = _factory(url)()
        try:
            session.connection(execution_options={WRITING: True})
            return session
        except OperationalError as exc:
            session.close()
            if not is_busy(exc):
                raise
            if attempt == BUSY_ATTEMPTS - 1:
                raise DatabaseBusy() from exc
            time.sleep(0.2 * (attempt + 1))
    raise DatabaseBusy()  # pragma: no cover - the loop returns or raises


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error; a lock not granted in time (at the start,
    or on PostgreSQL within the work) is ``DatabaseBusy``, with nothing written."""
    session = _begin_writing(url)
    try:
        yield session
        session.commit()
    except DBAPIError as exc:
        session.rollback()
        if is_busy(exc):
            raise DatabaseBusy() from exc
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


READ_ONLY = "gevinst_read_memo"
"""``session.info`` key of a read session's memo: lookups that cannot change within it (``memo``)."""


def memo(session: Session, key: tuple, compute):
    """``compute()``, once per read session (a read never commits, so the answer stays the same); every call
    in a writing session computes afresh."""
    store = session.info.get(READ_ONLY)
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


@contextmanager
def read_session(url: str) -> Iterator[Session]:
    """A session for reading only; never commits.

    Closing (without an explicit rollback first) detaches the loaded objects with their state
    intact, so plain data read here can still be used after the block.
    """
    session = _factory(url)()
    session.info[READ_ONLY] = {}
    try:
        yield session
    except DBAPIError as exc:
        if is_busy(exc):
            raise DatabaseBusy() from exc
        raise
    finally:
        session.close()


RETRYABLE = ("database is locked", "busy", "could not serialize", "deadlock", "unique", "duplicate key")


def write_with_retry(url: str, work, *, attempts: int = 5):
    """Run ``work(session)`` in its own transaction; on a write conflict with a concurrent writer
    (SQLite busy/snapshot, PostgreSQL serialisation, a version number taken meanwhile) start over,
    so two people saving at the same moment both succeed and nothing is lost."""
    from sqlalchemy.exc import IntegrityError

    for attempt in range(attempts):
        try:
            with session_scope(url) as session:
                return work(session)
        except (IntegrityError, OperationalError) as exc:
            message = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
            if attempt == attempts - 1 or not any(word in message for word in RETRYABLE):
                raise
            time.sleep(0.05 * (attempt + 1))
    return None


class Database:
    """A database by URL: read sessions, write transactions, and writes retried on conflicts."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __repr__(self) -> str:
        return f"Database({make_url(self.url).render_as_string(hide_password=True)!r})"

    @property
    def engine(self) -> Engine:
        return get_engine(self.url)

    def read(self):
        """A session for reading; it never commits."""
        return read_session(self.url)

    def write(self):
        """A transaction: commits when the block ends, rolls back on any error."""
        return session_scope(self.url)

    def write_with_retry(self, work, *, attempts: int = 5):
        """``work(session)`` in its own transaction, started over on a conflict with a concurrent writer."""
        return write_with_retry(self.url, work, attempts=attempts)


def unreachable_message(error: BaseException, url: str) -> str:
    """The operator's Norwegian sentence for a database that does not answer: where (never the password), and the
    likely reason (trial 26b: a wrong password gave a hundred lines of English, or «kjør etl init»)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        where = f"SQLite-filen {parsed.database or '(i minnet)'}"
    else:
        where = f"{parsed.host or 'lokal tjener'}{f':{parsed.port}' if parsed.port else ''}/{parsed.database or ''}"
    said = str(getattr(error, "orig", None) or error).lower()
    if "password" in said or "authentication" in said or "passord" in said:
        reason = "brukernavnet eller passordet ble avvist"
    elif "does not exist" in said and "database" in said:
        reason = "databasen finnes ikke"
    elif "does not exist" in said and "role" in said:
        reason = "databasebrukeren finnes ikke"
    elif "unable to open database file" in said:
        reason = "filen kan ikke åpnes (finnes mappen, og kan tjenesten skrive i den?)"
    else:
        reason = "tjeneren svarer ikke (kjører den, og er adressen og porten riktige?)"
    return f"Får ikke kontakt med databasen ({where}): {reason}. Sjekk DATABASE_URL."
