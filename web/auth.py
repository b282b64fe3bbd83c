"""Login, logout, session timeout, CSRF, security headers and the login gate for every request.

Everything but the login page, the health check and static assets requires a logged-in user:
pages redirect to /logg-inn, Dash's endpoints (/_dash-*) answer 401 with a Norwegian JSON body that
``assets/session.js`` turns into a banner with a login link. POSTs must come from this site (Origin
check on scheme and host, the forwarded ones behind trusted proxies; the session cookie is also SameSite=Lax).

A session ends on the server (decision 38): the cookie carries the user's session epoch, and logging out,
a password change or reset and disabling the user raise it, so a cookie copied before no longer works.
``/okt`` tells the page how long the session has left (without extending it) and ``/okt/forleng``
extends it, so the page can warn before it ends.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from datetime import timedelta
from urllib.parse import quote, unquote, urlencode, urlparse, urlsplit

from flask import Flask, Response, has_request_context, jsonify, redirect, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from markupsafe import escape

from services import setup, users
from settings import Config
from web import context
from web.stylesheets import stylesheet_links

LOGIN = "/logg-inn"
PUBLIC_PREFIXES = (LOGIN, "/logg-ut", "/helse", "/assets/", "/_favicon.ico")
SESSION_STATUS = "/okt"  # how long the session has left; does not extend it
KEEP_ALIVE = "/okt/forleng"  # extends the session ("Fortsett å være innlogget")
OWN_PAGE = "/bruker"  # where a user with a one-time password must choose their own
FAILED_LOGIN_DELAY = 0.5  # seconds added to every failed login, to slow guessing down
ADDRESS_LIMIT = "30 per minute;300 per hour"  # refused login posts per client address (a hospital's shared one too)
ACCOUNT_LIMIT = "20 per minute"  # refused login posts per user name, from anywhere
TOO_MANY = "For mange innloggingsforsøk. Vent noen minutter og prøv igjen."
SESSION_EXPIRED = "Økten din er utløpt. Logg inn igjen – det du har skrevet er tatt vare på i denne nettleseren."
DATABASE_GONE = "Databasen svarer ikke. Driftsansvarlig må se på databasetjeneren."
NOT_LOGGED_IN = "Du må logge inn."
PASSIVE_CALLS = frozenset({"ssu-poll.n_intervals", "ssu-endret.data"})
"""Dash calls a page makes by itself (the SSU matrix's poll and the refresh it starts): they are not the
user's activity, so an open page does not keep its session alive (decision 126)."""


MAX_REQUEST_BYTES = 25 * 1024 * 1024
"""The largest request the server reads: room for a 5 MB template base64-encoded, a form and more (werkzeug
answers 413 above it, before any reading)."""
TOO_LARGE = "Det som ble sendt, er for stort (over 25 MB), og er ikke lest. En utfylt mal er høyst 5 MB."


def is_passive_call() -> bool:
    if request.path != "/_dash-update-component" or request.method != "POST":
        return False
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # 100 000 nested brackets: not a poll; web.errors answers it 400
        return False
    changed = (body if isinstance(body, dict) else {}).get("changedPropIds") or []
    return isinstance(changed, list) and bool(changed) and set(map(str, changed)) <= PASSIVE_CALLS


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _csrf_ok() -> bool:
    sent = request.form.get("csrf", "")
    return bool(sent) and hmac.compare_digest(sent, session.get("csrf", ""))


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logg inn – Gevinstportalen</title>{stylesheets}</head>
<body>
<header class="topbar"><div class="brand"><span class="brand-name">Gevinstportalen</span>
<span class="brand-sub">{site}</span></div></header>
<main id="hovedinnhold" class="login">
<h1>Logg inn</h1>
{message}
<form method="post" action="/logg-inn" class="panel login-form" novalidate>
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="neste" value="{next}">
<div class="field"><label for="brukernavn">Brukernavn</label>
<input id="brukernavn" name="brukernavn" type="text" autocomplete="username" value="{username}"
{username_state}>{username_error}</div>
<div class="field"><label for="passord">Passord</label>
<input id="passord" name="passord" type="password" autocomplete="current-password" {password_state}>
{password_error}</div>
<button type="submit" class="button-primary">Logg inn</button>
</form>
<p class="muted">Har du ikke bruker, eller har du glemt passordet? Kontakt sekretariatet.</p>
</main></body></html>"""


def safe_next(target: object) -> str:
    """Where to go after logging in: a path on this site, never another site. Browsers drop tabs and
    newlines from an address and read a backslash as a slash, so "/<tab>/host" or "/<backslash>host"
    would lead off-site as "//host": a target with any such character (also percent-encoded, as
    "/%09/host"), any space or control character, or one that is not a single-slash path, gives "/"."""
    if not isinstance(target, str) or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return "/"
    if any(ch <= " " or ch in "\\\x7f" for ch in target):
        return "/"
    parts = urlsplit(target)
    path = unquote(unquote(parts.path))  # what a browser or a proxy may make of the path once decoded
    if any(ch <= " " or ch in "\\\x7f" for ch in path) or path.startswith("//"):
        return "/"
    return "/" if parts.scheme or parts.netloc else target


def login_url(target: str) -> str:
    """The login page, returning to ``target`` afterwards (encoded, so its own query string stays whole)."""
    return LOGIN + "?" + urlencode({"neste": safe_next(target)})


def _this_address() -> str:
    """The requested path and query as the browser sent them (the path encoded again)."""
    query = request.query_string.decode("latin-1")
    return quote(request.path, safe="/-._~!$&'()*+,;=:@%") + (f"?{query}" if query else "")


def same_origin(origin: str | None) -> bool:
    """A POST's Origin, when the browser sends one, must be this site: the scheme and host the browser used.
    Those are the request's own, or behind trusted proxies (``GEVINST_TRUSTED_PROXIES``, decision 86) the
    forwarded ones; a forwarded header from an untrusted sender never reaches ``request``."""
    if not origin:
        return True
    sent = urlparse(origin)
    return sent.scheme == request.scheme and sent.netloc.lower() == request.host.lower()


FOREIGN_ORIGIN = "Forespørselen kom fra et annet nettsted."
UNTRUSTED_PROXY = (
    "Forespørselen ble avvist: Gevinstportalen står bak en proxy den ikke er satt opp til å stole på, og kan derfor "
    "ikke se at forespørselen kom fra denne siden. Driftsansvarlig må sette GEVINST_TRUSTED_PROXIES (se README)."
)


def _foreign_origin(trusted_proxies: int) -> str:
    """The refusal of a POST from another origin; behind a proxy the app has not been told to trust (its forwarded
    headers are there, unread) the likely cause is the setting, so the user and the log say so (trial 26b: the
    README's production block left it out, and every page's content stayed empty without a word)."""
    forwarded = any(h in request.headers for h in ("X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded"))
    if forwarded and not trusted_proxies:
        logging.getLogger("gevinstportalen").warning(
            "Avviste POST %s: Origin %s, vertsnavn %s, og videresendte hoder uten GEVINST_TRUSTED_PROXIES. Står "
            "Gevinstportalen bak en omvendt proxy, sett GEVINST_TRUSTED_PROXIES til antallet proxyer.",
            request.path,
            request.headers.get("Origin"),
            request.host,
        )
        return UNTRUSTED_PROXY
    return FOREIGN_ORIGIN


def continue_session(epoch: object) -> None:
    """After the user's own password change every other session has ended; this one goes on under the new
    epoch (``epoch`` is what the service returned, None when the change was refused)."""
    if has_request_context() and isinstance(epoch, int) and not isinstance(epoch, bool):
        session["epoch"] = epoch


LOGIN_FIELDS = {"brukernavn": "Brukernavn", "passord": "Passord"}


def _missing(username: str, password: str) -> dict[str, str]:
    """The login fields left empty, with what to write (checked before any password is)."""
    missing = {}
    if not username.strip():
        missing["brukernavn"] = "Skriv brukernavnet ditt."
    if not password:
        missing["passord"] = "Skriv passordet ditt."
    return missing


def _login_page(
    message: str | None = None,
    username: str = "",
    status: int = 200,
    fields: dict[str, str] | None = None,
    about_fields: bool = True,
) -> Response:
    """The login form; a refusal is the app's one error pattern (decision 159): a summary at the top with a
    link to the field, the message at the field, the field ``aria-invalid`` and described by its message.
    ``fields`` holds each field's own message; ``message`` alone is about both fields (wrong username or
    password), shown once under the password and linked from the username, unless not ``about_fields``."""
    fields = dict(fields or {})
    shared = message is not None and not fields and about_fields
    if shared:
        fields = {"passord": message}
    items = [f'<li><a href="#{key}">{escape(LOGIN_FIELDS[key] + ": " + text)}</a></li>' for key, text in fields.items()]
    if shared:
        items = [f'<li><a href="#brukernavn">{escape(message)}</a></li>']
    elif message is not None and not about_fields:
        items = [f"<li>{escape(message)}</li>"]
    summary = (
        '<div class="error-summary" role="alert" tabindex="-1" autofocus>'
        f"<h2>Du ble ikke logget inn: {len(items)} feil må rettes</h2><ul>{''.join(items)}</ul></div>"
        if items
        else ""
    )

    def state(key: str) -> str:
        described = "passord-feil" if shared else f"{key}-feil" if key in fields else None
        return f'aria-invalid="true" aria-describedby="{described}"' if described else ""

    def error(key: str) -> str:
        return f'<div class="field-error" id="{key}-feil"><p>{escape(fields[key])}</p></div>' if key in fields else ""

    html = LOGIN_PAGE.format(
        stylesheets=stylesheet_links(),
        site=escape(context.site_name()),
        message=summary,
        csrf=escape(csrf_token()),
        next=escape(safe_next(request.values.get("neste"))),
        username=escape(username),
        username_state=state("brukernavn"),
        password_state=state("passord"),
        username_error=error("brukernavn"),
        password_error=error("passord"),
    )
    return Response(html, status=status, mimetype="text/html")


def install(server: Flask, config: Config, csp_script_hashes) -> None:
    """``csp_script_hashes`` is a callable: Dash adds inline scripts (pages, clientside callbacks) on its
    first request, so the policy is computed when responses are sent."""
    production = config.environment == "production"
    server.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_NAME=context.SESSION_COOKIE,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=config.session_minutes),
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
    )

    @server.route("/helse")
    def health():
        if setup.database_answers(config):
            return jsonify(status="ok")
        return jsonify(status="feil", error=DATABASE_GONE), 503

    limiter = Limiter(
        get_remote_address, app=server, storage_uri=config.ratelimit_storage, default_limits=[], headers_enabled=False
    )

    def account_key() -> str:
        return "konto:" + str(request.form.get("brukernavn", "")).strip().lower()[:100]

    def refused(response: Response) -> bool:
        """Only refused posts count against the limits: a hospital's shared address where a whole ward logs
        in at eight o'clock is not shut out by its own successful logins (decision 169)."""
        return response.status_code != 302

    @server.route("/logg-inn", methods=["GET", "POST"])
    @limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=refused)
    @limiter.limit(ACCOUNT_LIMIT, methods=["POST"], key_func=account_key, deduct_when=refused)
    def login():
        if request.method == "GET":
            return _login_page()
        if not _csrf_ok():
            return _login_page("Skjemaet var utløpt. Prøv igjen.", status=400, about_fields=False)
        username, password = request.form.get("brukernavn", ""), request.form.get("passord", "")
        if missing := _missing(username, password):
            return _login_page(username=username, status=400, fields=missing)
        result = users.authenticate(
            context.database(), username=username, password=password, address=request.remote_addr or ""
        )
        if result.identity is None:
            time.sleep(FAILED_LOGIN_DELAY)
            return _login_page(result.message, username=username, status=401)
        session.clear()
        session.permanent = True
        session["user_id"] = result.identity.id
        session["epoch"] = result.epoch
        session["seen"] = time.time()
        csrf_token()
        return redirect(safe_next(request.form.get("neste")))

    @server.route("/logg-ut", methods=["POST"])
    def logout():
        """Ends the session on the server too: every cookie of the user stops working (decision 38)."""
        if not _csrf_ok():
            return Response("Ugyldig forespørsel.", status=400, mimetype="text/plain")
        if context.identity() is not None:
            users.end_sessions(context.database(), session.get("user_id"))
        session.clear()
        return redirect(LOGIN)

    timeout = config.session_minutes * 60

    def status() -> dict:
        """Whether this session still holds, and its seconds left (the browser's warning uses it)."""
        left = int(session.get("seen", 0) + timeout - time.time()) if context.identity() is not None else 0
        return {"active": left > 0, "remaining": max(left, 0), "timeout": timeout}

    @server.route(SESSION_STATUS)
    def session_status():
        return jsonify(status())

    @server.route(KEEP_ALIVE, methods=["POST"])
    def keep_alive():
        return jsonify(status())  # the gate has just extended the session

    @server.before_request
    def gate():
        path = request.path
        if path.startswith(PUBLIC_PREFIXES) or path == SESSION_STATUS:
            return None
        had_session = session.get("user_id") is not None
        if had_session:
            now = time.time()
            if now - session.get("seen", 0) > timeout:
                session.clear()
            elif not is_passive_call():
                session["seen"] = now
        who = context.identity()
        if who is None:
            for key in ("user_id", "epoch", "seen"):
                session.pop(key, None)
            if path.startswith("/_dash") or request.method != "GET":
                text = SESSION_EXPIRED if had_session else NOT_LOGGED_IN
                return jsonify(error=text, login=LOGIN, expired=had_session), 401
            return redirect(login_url(_this_address()))
        if request.method == "POST" and not same_origin(request.headers.get("Origin")):
            return jsonify(error=_foreign_origin(config.trusted_proxies)), 403
        if who.must_change_password and request.method == "GET" and path != OWN_PAGE and not path.startswith("/_"):
            return redirect(OWN_PAGE)
        return None

    def csp() -> str:
        return "; ".join(
            [
                "default-src 'self'",
                "script-src 'self' 'unsafe-eval' " + " ".join(csp_script_hashes()),
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "worker-src 'self' blob:",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )

    @server.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", csp())
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if production:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.path.startswith(("/_dash-update-component", SESSION_STATUS)) or request.path == LOGIN:
            response.headers["Cache-Control"] = "no-store"
        return response

    @server.errorhandler(429)
    def too_many(_error):
        return _login_page(TOO_MANY, status=429) if request.path == LOGIN else (jsonify(error=TOO_MANY), 429)

    @server.errorhandler(413)
    def too_large(_error):
        return jsonify(error=TOO_LARGE), 413
