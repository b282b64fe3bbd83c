"""Backups of the SQLite database (`python -m etl backup` / `restore`), for an operator and for cron.

The command line runs as the operator (whoever may read the database file may copy it), so no role is asked.
"""

from __future__ import annotations

from pathlib import Path

from db import backup as backup_data
from db.session import get_engine
from services.context import Outcome, refusable
from settings import Config


def _summary(snapshot: backup_data.Snapshot) -> str:
    return f"{len(snapshot.rows)} tabeller, {snapshot.total_rows} rader, skjemaversjon {snapshot.revision}"


@refusable
def backup(config: Config, target: Path) -> Outcome[backup_data.Snapshot]:
    """A consistent copy of the running database in ``target``."""
    copied = backup_data.backup(config.database_url, target)
    return Outcome(copied, message=f"Sikkerhetskopi skrevet til {copied.path} ({_summary(copied)}).")


@refusable
def restore(config: Config, source: Path, *, replace: bool = False) -> Outcome[backup_data.Snapshot]:
    """The database replaced by the backup ``source`` (a database with data only with ``replace``)."""
    get_engine(config.database_url).dispose()  # this process's pooled connections see the restored file afresh
    restored = backup_data.restore(source, config.database_url, replace=replace)
    get_engine(config.database_url).dispose()
    return Outcome(
        restored,
        message=f"Databasen {restored.path} er gjenopprettet fra {source} ({_summary(restored)}). "
        "Kjør «python -m etl init» hvis sikkerhetskopien er fra en eldre versjon av Gevinstportalen.",
    )
