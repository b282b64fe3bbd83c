"""Configuration from the environment, declared in one table (name, default, help).

Every setting is documented in the README; a test checks that.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

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
        "1",
        "Set to 0 to start on an empty database instead of loading the default workbook.",
    ),
    Setting(
        "GEVINST_TODAY",
        "",
        "Fixed 'today' (YYYY-MM-DD) for overdue checks, for demos and tests; empty = the real date.",
    ),
)


@dataclass(frozen=True)
class Config:
    database_url: str
    default_data: Path
    default_round: str
    load_default_data: bool
    today: str = ""
    extra: dict = field(default_factory=dict)


def load_config(overrides: dict | None = None) -> Config:
    """Read every setting from the environment, then apply explicit overrides (tests, CLI)."""
    values = {s.name: os.environ.get(s.name, s.default) for s in SETTINGS}
    values.update(overrides or {})
    return Config(
        database_url=values["DATABASE_URL"] or SETTINGS[0].default,
        default_data=Path(values["GEVINST_DEFAULT_DATA"]),
        default_round=values["GEVINST_DEFAULT_ROUND"],
        load_default_data=str(values["GEVINST_LOAD_DEFAULT_DATA"]).strip() not in ("0", "false", "nei", ""),
        today=values["GEVINST_TODAY"],
    )
