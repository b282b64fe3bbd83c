"""Shared fixtures: temp databases, the default workbook loaded once, workbook builders."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import MetaData, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.session import get_engine  # noqa: E402
from etl.importer import import_file  # noqa: E402

DEFAULT_WORKBOOK = ROOT / "data" / "rapport_host_2025.xlsx"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def db_url(tmp_path) -> str:
    return sqlite_url(tmp_path / "test.sqlite")


@pytest.fixture(scope="session")
def _loaded_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "loaded.sqlite"
    result = import_file(DEFAULT_WORKBOOK, sqlite_url(path))
    assert result.ok, result.problems
    get_engine(sqlite_url(path)).dispose()
    return path


@pytest.fixture
def loaded_db(_loaded_template, tmp_path) -> str:
    """A fresh copy of a database holding the default data (the autumn 2025 report)."""
    target = tmp_path / "loaded.sqlite"
    shutil.copy(_loaded_template, target)
    return sqlite_url(target)


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a failed import changed nothing."""
    engine = get_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
                for name, table in meta.tables.items()}


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
