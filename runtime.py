"""Per-request access to the app's configuration from inside page layouts and callbacks."""

from __future__ import annotations

from datetime import date

from flask import current_app

from settings import Config

CONFIG_KEY = "GEVINST_CONFIG"


def config() -> Config:
    return current_app.config[CONFIG_KEY]


def database_url() -> str:
    return config().database_url


def today() -> date:
    fixed = config().today
    return date.fromisoformat(fixed) if fixed else date.today()


def current_user() -> str:
    """The acting user, from the session (until login lands: the name the person gave on /bruker)."""
    from flask import session

    return session.get("user_name") or "Ukjent bruker"
