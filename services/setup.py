"""The init step: migrate, make the first login, and (only when asked) load the default data.

One function, ``initialise``, does it for `python -m etl init` (the operator, once per installation and after
each upgrade), for `make run` and for the app's own start in development (``GEVINST_AUTO_INIT``). It runs
under ``db.migrate.init_lock``, a database-level guard, and every step is idempotent, so several workers or
commands starting at once migrate once, create one first user and import the default data once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.migrate import init_lock, is_current, upgrade
from db.session import get_engine, unreachable_message
from db.users import FIRST_NAME, FIRST_USERNAME, first_user_problems
from domain.identity import Identity
from services import imports, users
from services.context import Context, Outcome
from settings import Config

log = logging.getLogger(__name__)


class DefaultDataError(RuntimeError):
    pass


@dataclass(frozen=True)
class FirstUser:
    username: str
    password_file: Path


@dataclass(frozen=True)
class InitReport:
    """What one init step did: ``migrated`` (the schema was behind), ``first_user`` (created now), ``loaded``
    (the default data imported now) and the number of projects and users afterwards."""

    migrated: bool
    first_user: FirstUser | None
    loaded: imports.ImportResult | None
    projects: int
    users: int

    def lines(self) -> list[str]:
        """The report in Norwegian, one line per step."""
        out = ["Databasen er oppgradert til siste versjon." if self.migrated else "Databasen var allerede oppdatert."]
        if self.first_user:
            out.append(
                f"Første bruker er opprettet. Logg inn med brukernavn «{self.first_user.username}» og passordet i "
                f"{self.first_user.password_file}; første side ber deg bytte det på Min side, og da slettes filen."
            )
        else:
            people = "bruker" if self.users == 1 else "brukere"
            out.append(f"Databasen har {self.users} {people}; ingen ny bruker er opprettet.")
        if self.loaded is not None:
            out.append(f"Eksempeldataene er lastet inn fra {self.loaded.file_name} ({self.projects} prosjekter).")
        else:
            out.append(f"Databasen har {self.projects} prosjekter; ingen eksempeldata er lastet inn.")
        out.append("Gevinstportalen er klar.")
        return out


def _keep_password(path: Path, username: str, password: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(f"Brukernavn: {username}\nPassord: {password}\n", encoding="utf-8")
    return path


def initialise(
    config: Config,
    *,
    username: str = FIRST_USERNAME,
    name: str | None = FIRST_NAME,
    email: str | None = None,
    example_data: bool = False,
    password_path: Path | None = None,
) -> Outcome[InitReport]:
    """Migrate the schema; create the first secretariat user when there are no users (its random password in
    ``password_path``, default ``users.first_password_file(config)``, readable by the owner only); load the default
    workbook (``config.default_data``) only when ``example_data`` and the database holds no projects. Refused, with
    nothing done, when the first user's name or e-mail is wrong."""
    problems = first_user_problems(username, email)
    if problems:
        return Outcome.from_problems(problems)
    ctx = Context.for_config(config, Identity.command_line("oppstart"))
    with init_lock(config.database_url):
        migrated = not is_current(config.database_url)
        upgrade(config.database_url)
        password = users.create_first_user(ctx.db, username=username, name=name, email=email)
        path = Path(password_path) if password_path else users.first_password_file(config)
        first = FirstUser(username, _keep_password(path, username, password)) if password else None
        loaded = None
        if example_data and imports.project_count(ctx) == 0:
            loaded = imports.import_file(ctx, config.default_data, default_round=config.default_round)
            if not loaded.ok:
                raise DefaultDataError("Standarddata kunne ikke lastes:\n" + "\n".join(str(p) for p in loaded.problems))
            log.info("Loaded default data from %s", config.default_data)
        report = InitReport(migrated, first, loaded, imports.project_count(ctx), users.user_count(ctx.db))
    return Outcome(report, message="\n".join(report.lines()))


def prepare_database(config: Config) -> None:
    """The automatic init step of a development start (``GEVINST_AUTO_INIT``): the default data too, unless
    ``GEVINST_LOAD_DEFAULT_DATA`` is off. Prints the first user's line when one was created."""
    outcome = initialise(config, example_data=config.load_default_data)
    if outcome.value and outcome.value.first_user:
        print(outcome.value.lines()[1], flush=True)


def database_answers(config: Config) -> bool:
    """The health check's question: does the database answer a query now (a load balancer takes a worker whose
    database is gone out of rotation; session-24 note: /helse said «ok» whatever the database did)."""
    try:
        users.user_count(Context.for_config(config, None).db)
    except DBAPIError:
        return False
    return True


def database_ready(config: Config) -> bool:
    """True when the init step has run: the schema is the newest and there is a user to log in with."""
    return readiness_problem(config) is None


NOT_READY = (
    "Gevinstportalen er ikke klar ennå: databasen er ikke satt opp, eller ikke oppgradert til denne versjonen. "
    "Driftsansvarlig må kjøre «python -m etl init» (se README, Production). Siden virker så snart det er gjort."
)


def readiness_problem(config: Config) -> str | None:
    """Why the portal cannot serve yet, for the operator and the page: the database does not answer (and why), or
    the init step has not run; None when ready."""
    try:
        with get_engine(config.database_url).connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as failed:
        return unreachable_message(failed, config.database_url)
    if not is_current(config.database_url):
        return NOT_READY
    try:
        return None if users.user_count(Context.for_config(config, None).db) > 0 else NOT_READY
    except DBAPIError:
        return NOT_READY
