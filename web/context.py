"""The one request-scoped way for pages and callbacks to reach the services: ``current()``.

The app's ``Database`` is made once when the app is built; the logged-in identity is looked up once
per request; both, with today's date and the settings, form the ``Context`` every service call takes.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, session

from db.session import Database
from domain.identity import Identity
from services import users
from services.context import Context
from settings import Config

EXTENSION = "gevinstportalen"


def install(server: Flask, config: Config) -> None:
    server.extensions[EXTENSION] = {"config": config, "database": Database(config.database_url)}


def config() -> Config:
    return current_app.extensions[EXTENSION]["config"]


def database() -> Database:
    return current_app.extensions[EXTENSION]["database"]


def identity() -> Identity | None:
    """The logged-in user for this request (looked up once per request; None when logged out, or when the
    session was ended on the server: the cookie's epoch is no longer the user's, decision 38)."""
    if not has_request_context():
        return None
    if "identity" not in g:
        g.identity = users.load_identity(database(), session.get("user_id"), session.get("epoch"))
    return g.identity


def current() -> Context:
    """Who acts in this request, on which database and day: what every service call takes."""
    if "gevinst_context" not in g:
        g.gevinst_context = Context(database(), identity(), config().today_date(), config())
    return g.gevinst_context
