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


def identity():
    """The logged-in user (db.users.Identity) or None."""
    from security import current_identity

    return current_identity()


def current_user() -> str:
    """The acting user's name for the audit trail."""
    who = identity()
    return who.display if who else "Ukjent bruker"


def require(action: str, project_id: int | None = None):
    """Refuse (authz.Forbidden) unless the logged-in user may do ``action`` on ``project_id``."""
    from authz import require as check

    return check(identity(), action, project_id)


def allowed(action: str, project_id: int | None = None) -> bool:
    from authz import allowed as check

    return check(identity(), action, project_id)
