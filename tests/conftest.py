"""Shared fixtures: temp databases, the default workbook loaded once, workbook builders."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import MetaData, select

from db.migrate import upgrade
from db.session import get_engine
from domain.identity import Identity
from services import imports
from services.context import Context
from settings import load_config

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_WORKBOOK = ROOT / "data" / "rapport_host_2025.xlsx"
ON_POSTGRES = os.environ.get("GEVINST_TEST_DB") == "postgresql"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def context(url: str, identity: Identity | None = None, *, today: date | None = date(2025, 10, 3)) -> Context:
    """A service context on ``url``: by default the secretariat acting from the command line, on the day the
    autumn 2025 report is dated."""
    config = load_config({"DATABASE_URL": url, "GEVINST_TODAY": today.isoformat() if today else ""})
    return Context.for_config(config, identity or Identity.command_line("test"))


def import_file(path: Path, url: str, **kwargs) -> imports.ImportResult:
    """Import a report workbook as the command line does (migrating first)."""
    upgrade(url)
    return imports.import_file(context(url), path, **kwargs)


def pytest_collection_modifyitems(config, items):
    """The PostgreSQL pass runs the tests whose database is the test server (the `postgres` fixture, directly or
    through `db_url`/`loaded_db`); the others do the same in both passes and run once, in the SQLite pass, as do
    the browser tests, the tests about SQLite files and those marked `one_pass` (a document's layout, charts or
    dates). See README."""
    if not ON_POSTGRES:
        return
    chosen, left = [], []
    for item in items:
        on_server = "postgres" in getattr(item, "fixturenames", ())
        if on_server and not {"browser", "sqlite_only", "one_pass"} & set(item.keywords):
            chosen.append(item)
        else:
            left.append(item)
    config.hook.pytest_deselected(items=left)
    items[:] = chosen


@pytest.fixture(scope="session")
def postgres():
    if not ON_POSTGRES:
        yield None
        return
    from tests.pg_server import PostgresServer

    server = PostgresServer().start()
    yield server
    server.stop()


_counter = iter(range(1, 1_000_000))


def _create_database(server, template: str | None = None) -> str:
    from sqlalchemy import create_engine, text

    name = f"t{next(_counter)}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")))
    admin.dispose()
    return server.url(name)


@pytest.fixture
def db_url(tmp_path, postgres) -> str:
    url = _create_database(postgres) if postgres is not None else sqlite_url(tmp_path / "test.sqlite")
    yield url
    get_engine(url).dispose()  # the test's connections go back, so a long run never exhausts the server


@pytest.fixture(scope="session")
def _loaded_template(tmp_path_factory, postgres):
    if postgres is not None:
        url = _create_database(postgres)
        result = import_file(DEFAULT_WORKBOOK, url)
        assert result.ok, result.problems
        get_engine(url).dispose()
        return url.rsplit("/", 1)[1]
    path = tmp_path_factory.mktemp("template") / "loaded.sqlite"
    result = import_file(DEFAULT_WORKBOOK, sqlite_url(path))
    assert result.ok, result.problems
    get_engine(sqlite_url(path)).dispose()
    return path


@pytest.fixture
def loaded_db(_loaded_template, tmp_path, postgres) -> str:
    """A fresh copy of a database holding the default data (the autumn 2025 report)."""
    if postgres is not None:
        url = _create_database(postgres, template=_loaded_template)
    else:
        target = tmp_path / "loaded.sqlite"
        shutil.copy(_loaded_template, target)
        url = sqlite_url(target)
    yield url
    get_engine(url).dispose()  # the test's connections go back, so a long run never exhausts the server


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a failed import changed nothing."""
    engine = get_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {
            name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr) for name, table in meta.tables.items()
        }


def write_workbook(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    """Write rows to sheets; ``merges`` maps a sheet to ranges such as 'A4:A7'."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for rng in (merges or {}).get(name, []):
            sheet.merge_cells(rng)
    book.save(path)
    return path


SECRETARIAT = Identity(None, "test-sekretariat", "Test Sekretær", "sekretariat")
READER = Identity(None, "test-leser", "Test Leser", "leser")


def render_layout(app, path: str, identity: Identity | None = SECRETARIAT, **query) -> str:
    """A page's layout as JSON, built as in a request from a logged-in user (``identity``)."""
    import json

    import dash
    import plotly
    from flask import g

    page = next(p for p in dash.page_registry.values() if p["path"] == path or p.get("path_template") == path)
    with app.server.test_request_context(path):
        g.identity = identity
        return json.dumps(page["layout"](**query), cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)
