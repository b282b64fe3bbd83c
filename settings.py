"""Configuration from the environment, declared in one table (name, default, help).

Every setting is documented in the README; a test checks that.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        f"sqlite:///{ROOT / 'instance' / 'gevinstportalen.sqlite'}",
        "SQLAlchemy URL of the database. Default: an SQLite file in instance/ (not committed).",
    ),
    Setting(
        "GEVINST_DEFAULT_DATA",
        str(ROOT / "data" / "rapport_host_2025.xlsx"),
        "Workbook loaded through the ETL at start when the database holds no projects.",
    ),
    Setting(
        "GEVINST_DEFAULT_ROUND",
        "Høst 2025",
        "Reporting round for imports that name none (no --round and no round in the workbook).",
    ),
    Setting(
        "GEVINST_LOAD_DEFAULT_DATA",
        "",
        "Whether the automatic start-up step (GEVINST_AUTO_INIT) loads the default workbook into a database without "
        "projects. Empty: yes in development, never in production (there only `python -m etl init --eksempeldata`).",
    ),
    Setting(
        "GEVINST_ENV",
        "development",
        "'production' turns on secure cookies and HSTS, hides error details, never migrates or loads data on start, "
        "and refuses to start without a real GEVINST_SECRET_KEY.",
    ),
    Setting(
        "GEVINST_AUTO_INIT",
        "",
        "1: the app runs the init step (migrate, first user, default data) when it starts. Empty: on in "
        "development, off in production, where the operator runs `python -m etl init` once.",
    ),
    Setting(
        "GEVINST_BAKGRUNN_DIR",
        "",
        "Folder of the disk cache that background jobs (the round report) use. Empty: bakgrunn/ beside the "
        "SQLite file, or instance/bakgrunn.",
    ),
    Setting("GEVINST_SESSION_MINUTES", "60", "Minutes without activity before a user must log in again."),
    Setting(
        "GEVINST_SECRET_KEY",
        "",
        "Secret for signing session cookies. Empty: a random key is created once in instance/.secret_key.",
    ),
    Setting(
        "GEVINST_SMTP_HOST",
        "",
        "SMTP server for reminders. Empty: the app shows the ready-to-send text and addresses instead.",
    ),
    Setting("GEVINST_SMTP_PORT", "25", "SMTP port."),
    Setting("GEVINST_SMTP_FROM", "sekretariatet@helsefellesskapet.invalid", "Sender address of reminders."),
    Setting("GEVINST_SMTP_USER", "", "SMTP user name, if the server needs a login."),
    Setting("GEVINST_SMTP_PASSWORD", "", "SMTP password, if the server needs a login."),
    Setting("GEVINST_SMTP_STARTTLS", "0", "1 to use STARTTLS."),
    Setting(
        "GEVINST_PUBLIC_URL",
        "",
        "The portal's address as users reach it (https://gevinst.example.no), for the link in reminders sent by "
        "`python -m etl remind`. Empty: reminders made in the browser use the address it used; the command line "
        "leaves the link out.",
    ),
    Setting(
        "GEVINST_SITE_NAME",
        "",
        "The line under «Gevinstportalen» before anyone has logged in (login page): the partnership the "
        "installation serves, or a name for several (Helsefellesskapene i Nord-Norge). Empty: the default "
        "partnership. Logged in, each user sees their own partnership.",
    ),
    Setting(
        "GEVINST_REMINDER_DAYS",
        "7,1",
        "Days before the deadline when `python -m etl remind --if-due` (run daily by cron) sends reminders.",
    ),
    Setting(
        "GEVINST_RATELIMIT_STORAGE",
        "memory://",
        "Where login throttling per client address and user name is counted (Flask-Limiter storage URI, e.g. "
        "redis://host:6379). memory:// counts per worker process; the lock in the database holds across all.",
    ),
    Setting(
        "GEVINST_TODAY",
        "",
        "Fixed 'today' (YYYY-MM-DD) for overdue checks, for demos and tests; empty = the real date.",
    ),
    Setting(
        "GEVINST_TRUSTED_PROXIES",
        "0",
        "Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host/-Port headers are "
        "trusted (Werkzeug's ProxyFix). 0: the headers are ignored.",
    ),
    Setting(
        "GEVINST_CELERY_BROKER",
        "",
        "Redis URL (redis://host:6379/0) for background jobs on Celery workers on several hosts. Empty: a disk "
        "cache on this host.",
    ),
)


@dataclass(frozen=True)
class Config:
    database_url: str
    default_data: Path
    default_round: str
    load_default_data: bool
    today: str = ""
    secret_key: str = ""
    environment: str = "development"
    session_minutes: int = 60
    reminder_days: tuple[int, ...] = (7, 1)
    smtp: dict = field(default_factory=dict)
    trusted_proxies: int = 0
    celery_broker: str = ""
    ratelimit_storage: str = "memory://"
    auto_init: bool = True
    background_dir: Path | None = None
    public_url: str = ""
    site_name: str = ""

    def today_date(self) -> date:
        """Today, or the fixed day GEVINST_TODAY sets (demos and tests)."""
        # Norway's day, not the server's (UTC): as domain.formatting.local_today (trial 25b)
        return date.fromisoformat(self.today) if self.today else datetime.now(ZoneInfo("Europe/Oslo")).date()


def load_config(overrides: dict | None = None) -> Config:
    """Read every setting from the environment, then apply explicit overrides (tests, CLI)."""
    values = {s.name: os.environ.get(s.name, s.default) for s in SETTINGS}
    values.update(overrides or {})
    environment = _environment(values["GEVINST_ENV"])
    development = environment != "production"
    given = (overrides or {}).get("DATABASE_URL", os.environ.get("DATABASE_URL", ""))  # not the default's file
    if not development and not str(given).strip():  # trial 26c: unset, it fell back to instance/'s SQLite file
        raise ConfigError(DATABASE_URL_MISSING)
    return Config(
        database_url=values["DATABASE_URL"] or SETTINGS[0].default,
        default_data=Path(values["GEVINST_DEFAULT_DATA"]),
        default_round=values["GEVINST_DEFAULT_ROUND"],
        load_default_data=_switch(values["GEVINST_LOAD_DEFAULT_DATA"], development),
        today=values["GEVINST_TODAY"],
        ratelimit_storage=values["GEVINST_RATELIMIT_STORAGE"] or "memory://",
        secret_key=_secret(values),
        environment=environment,
        session_minutes=int(values["GEVINST_SESSION_MINUTES"] or 60),
        reminder_days=tuple(int(d) for d in str(values["GEVINST_REMINDER_DAYS"]).split(",") if d.strip().isdigit()),
        smtp={
            "host": values["GEVINST_SMTP_HOST"],
            "port": int(values["GEVINST_SMTP_PORT"] or 25),
            "sender": values["GEVINST_SMTP_FROM"],
            "user": values["GEVINST_SMTP_USER"],
            "password": values["GEVINST_SMTP_PASSWORD"],
            "starttls": str(values["GEVINST_SMTP_STARTTLS"]).strip() in ("1", "true", "ja"),
        },
        trusted_proxies=_count(values["GEVINST_TRUSTED_PROXIES"], "GEVINST_TRUSTED_PROXIES"),
        celery_broker=str(values["GEVINST_CELERY_BROKER"]).strip(),
        auto_init=_switch(values["GEVINST_AUTO_INIT"], development),
        background_dir=Path(values["GEVINST_BAKGRUNN_DIR"]) if values["GEVINST_BAKGRUNN_DIR"].strip() else None,
        public_url=str(values["GEVINST_PUBLIC_URL"]).strip().rstrip("/"),
        site_name=" ".join(str(values["GEVINST_SITE_NAME"]).split())[:120],
    )


ENVIRONMENTS = ("development", "production")
DATABASE_URL_MISSING = (
    "DATABASE_URL må settes i produksjon (for eksempel postgresql+psycopg://gevinst@127.0.0.1/gevinst). "
    "Gevinstportalen kjører ikke i produksjon på en innebygd SQLite-fil uten at det er valgt."
)


def _environment(value: object) -> str:
    """'development' or 'production' (any case); anything else refuses to start (trial 26b: «prod» ran development
    mode against a production database, loading the illustrative data)."""
    text = str(value).strip().lower() or "development"
    if text not in ENVIRONMENTS:
        raise ConfigError(
            f"GEVINST_ENV må være «production» eller «development», ikke «{str(value).strip()}». "
            "Gevinstportalen kjører ikke med en ukjent verdi."
        )
    return text


def _switch(value: object, default: bool) -> bool:
    """An on/off setting: empty means ``default`` (which depends on GEVINST_ENV)."""
    text = str(value).strip().lower()
    if not text:
        return default
    return text not in ("0", "false", "nei", "no", "off")


class ConfigError(RuntimeError):
    pass


def _count(text: str, name: str) -> int:
    text = str(text).strip() or "0"
    if not text.isdigit():
        raise ConfigError(f"{name} må være et heltall (0 eller flere), ikke «{text}».")
    return int(text)


PLACEHOLDER_WORDS = ("change", "endre", "secret", "hemmelig", "passord", "password", "example", "eksempel")
SECRET_REFUSED = (
    "GEVINST_SECRET_KEY må settes til en tilfeldig verdi på minst 32 tegn i produksjon, for eksempel "
    "«openssl rand -hex 32». Gevinstportalen starter ikke med en tom, kort eller åpenbart utfylt nøkkel."
)


def is_placeholder_secret(key: str) -> bool:
    """Too short, a word that marks a placeholder, or too few different characters to be random (``"x" * 40``)."""
    lowered = key.strip().lower()
    return len(lowered) < 32 or len(set(lowered)) < 8 or any(word in lowered for word in PLACEHOLDER_WORDS)


def _secret(values: dict) -> str:
    key = values["GEVINST_SECRET_KEY"]
    if _environment(values["GEVINST_ENV"]) == "production":
        if is_placeholder_secret(key):
            raise ConfigError(SECRET_REFUSED)
        return key
    return key or _local_secret()


def _local_secret() -> str:
    """A random key kept in instance/.secret_key, so sessions survive a restart on this machine."""
    import secrets

    path = ROOT / "instance" / ".secret_key"
    try:
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key
    except OSError:
        return secrets.token_hex(32)
