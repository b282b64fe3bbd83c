"""The one request-scoped way for pages and callbacks to reach the services: ``current()``.

The app's ``Database`` is made once when the app is built; the logged-in identity is looked up once
per request; both, with today's date and the settings, form the ``Context`` every service call takes.
"""

from __future__ import annotations

import time

import dash
from flask import Flask, current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature

from db.session import Database
from domain.identity import Identity
from services import users
from services.context import Context
from settings import Config, load_config

EXTENSION = "gevinstportalen"
SESSION_COOKIE = "gevinstportalen"


def install(server: Flask, config: Config) -> None:
    server.extensions[EXTENSION] = {"config": config, "database": Database(config.database_url)}


def config() -> Config:
    return current_app.extensions[EXTENSION]["config"]


def site_name() -> str:
    """Whose portal this is before anyone has logged in (GEVINST_SITE_NAME, else the default partnership)."""
    return config().site_name or users.DEFAULT_PARTNERSHIP


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


def identity_from_cookie(config: Config, cookie: object) -> Identity | None:
    """The user a session cookie names, checked as the login gate checks it: signed with the app's secret, not
    idle longer than the session timeout, and of the user's current session epoch."""
    if not isinstance(cookie, str) or not cookie:
        return None
    signer = Flask(__name__)
    signer.secret_key = config.secret_key
    serializer = SecureCookieSessionInterface().get_signing_serializer(signer)
    timeout = config.session_minutes * 60
    try:
        data = serializer.loads(cookie, max_age=timeout)
    except BadSignature:
        return None
    seen = data.get("seen") if isinstance(data, dict) else None
    if not isinstance(seen, int | float) or time.time() - seen > timeout:
        return None
    return users.load_identity(Database(config.database_url), data.get("user_id"), data.get("epoch"))


def background() -> Context:
    """The context of a Dash background callback (a process with no request): Dash hands the job the cookies
    of the request that started it, so the job acts as that user, with that user's partnership (decision 96);
    without a valid session it acts as nobody, and every service refuses."""
    config = load_config()
    return Context.for_config(config, identity_from_cookie(config, dash.callback_context.cookies.get(SESSION_COOKIE)))


def current() -> Context:
    """Who acts in this request, on which database and day: what every service call takes."""
    if "gevinst_context" not in g:
        site = config().public_url or (request.host_url.rstrip("/") if has_request_context() else "")
        g.gevinst_context = Context(database(), identity(), config().today_date(), config(), site)
    return g.gevinst_context
