"""Run Alembic migrations from code, so the app and the CLI can migrate on start."""

from __future__ import annotations

from pathlib import Path

from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from db.session import get_engine

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
    """True when the database already stands at the newest migration (one cheap query)."""
    try:
        with get_engine(url).connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    except DBAPIError:
        return False


def upgrade(url: str) -> None:
    """Bring the database at ``url`` to the newest schema (creating it when empty)."""
    if is_current(url):
        return
    engine = get_engine(url)
    with engine.begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_tables(url: str) -> list[str]:
    return sorted(inspect(get_engine(url)).get_table_names())
