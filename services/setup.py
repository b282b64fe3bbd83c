"""What the app and `make run` do before serving: migrate, make the first login, load the default data."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.engine import make_url

from db.migrate import upgrade
from domain.identity import Identity
from services import imports, users
from services.context import Context
from settings import ROOT, Config

log = logging.getLogger(__name__)


class DefaultDataError(RuntimeError):
    pass


def ensure_login(config: Config) -> None:
    """With no users, create 'sekretariat' with a random password, shown once and kept in instance/."""
    password = users.create_first_user(Context.for_config(config, None).db)
    if password is None:
        return
    url = make_url(config.database_url)
    folder = (
        Path(url.database).parent
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:"
        else ROOT / "instance"
    )
    path = folder / "forste-passord.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Brukernavn: sekretariat\nPassord: {password}\n", encoding="utf-8")
    path.chmod(0o600)
    print(
        "Første bruker er opprettet. Logg inn med brukernavn «sekretariat» og passordet i "
        f"{path} (bytt det med «python -m etl users set-password sekretariat --password-stdin»).",
        flush=True,
    )


def prepare_database(config: Config) -> None:
    """Migrate the schema; load the default workbook through the ETL if there are no projects."""
    upgrade(config.database_url)
    ensure_login(config)
    if not config.load_default_data:
        return
    ctx = Context.for_config(config, Identity.command_line("oppstart"))
    if imports.project_count(ctx) > 0:
        return
    result = imports.import_file(ctx, config.default_data, default_round=config.default_round)
    if not result.ok:
        raise DefaultDataError("Standarddata kunne ikke lastes:\n" + "\n".join(str(p) for p in result.problems))
    log.info("Loaded default data from %s", config.default_data)
