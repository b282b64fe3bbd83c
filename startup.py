"""What the app and `make run` do before serving: migrate, then load the default data when empty."""

from __future__ import annotations

import logging

from db.migrate import upgrade
from db.queries import project_count
from db.session import read_session
from etl.importer import import_file
from settings import Config

log = logging.getLogger(__name__)


class DefaultDataError(RuntimeError):
    pass


def prepare_database(config: Config) -> None:
    """Migrate the schema; load the default workbook through the ETL if there are no projects."""
    upgrade(config.database_url)
    if not config.load_default_data:
        return
    with read_session(config.database_url) as session:
        if project_count(session=session) > 0:
            return
    result = import_file(config.default_data, config.database_url, default_round=config.default_round)
    if not result.ok:
        raise DefaultDataError("Standarddata kunne ikke lastes:\n" + "\n".join(str(p) for p in result.problems))
    log.info("Loaded default data from %s", config.default_data)
