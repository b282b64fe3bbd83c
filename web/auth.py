"""Login, logout, session timeout, CSRF, security headers and the login gate for every request.

Everything but the login page, the health check and static assets requires a logged-in user:
pages redirect to /logg-inn, Dash's endpoints (/_dash-*) answer 401. Dash POSTs must come from
this site (Origin check; the session cookie is also SameSite=Lax).
"""

from __future__ import annotations

import hmac
import secrets
import time
from datetime import timedelta
from urllib.parse import urlparse

from flask import Flask, Response, jsonify, redirect, request, session
from markupsafe import escape

from services import users
from settings import Config
from web import context

PUBLIC_PREFIXES = ("/logg-inn", "/helse", "/assets/", "/_favicon.ico")
FAILED_LOGIN_DELAY = 0.5  # seconds added to every failed login, to slow guessing down


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
<title>Logg inn – Gevinstportalen</title><link rel="stylesheet" href="/assets/style.css"></head>
<body>
<header class="topbar"><div class="brand"><span class="brand-name">Gevinstportalen</span>
<span class="brand-sub">Helsefellesskapet Troms og Ofoten</span></div></header>
<main id="hovedinnhold" class="login">
<h1>Logg inn</h1>
{message}
<form method="post" action="/logg-inn" class="panel login-form">
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="neste" value="{next}">
<div class="field"><label for="brukernavn">Brukernavn</label>
<input id="brukernavn" name="brukernavn" type="text" autocomplete="username" required value="{username}"
{invalid}></div>
<div class="field"><label for="passord">Passord</label>
<input id="passord" name="passord" type="password" autocomplete="current-password" required {invalid}></div>
<button type="submit" class="button-primary">Logg inn</button>
</form>
<p class="muted">Har du ikke bruker, eller har du glemt passordet? Kontakt sekretariatet.</p>
</main></body></html>"""


def _safe_next(target: str | None) -> str:
    """Only local paths, never another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _login_page(message: str | None = None, username: str = "", status: int = 200) -> Response:
    block = f'<div class="error-summary" role="alert"><p>{escape(message)}</p></div>' if message else ""
    html = LOGIN_PAGE.format(
        message=block,
        csrf=escape(csrf_token()),
        next=escape(_safe_next(request.values.get("neste"))),
        username=escape(username),
        invalid='aria-invalid="true"' if message else "",
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
        SESSION_COOKIE_NAME="gevinstportalen",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=config.session_minutes),
        MAX_CONTENT_LENGTH=25 * 1024 * 1024,
    )

    @server.route("/helse")
    def health():
        return jsonify(status="ok")

    @server.route("/logg-inn", methods=["GET", "POST"])
    def login():
        if request.method == "GET":
            return _login_page()
        if not _csrf_ok():
            return _login_page("Skjemaet var utløpt. Prøv igjen.", status=400)
        username = request.form.get("brukernavn", "")
        result = users.authenticate(context.database(), username=username, password=request.form.get("passord", ""))
        if result.identity is None:
            time.sleep(FAILED_LOGIN_DELAY)
            return _login_page(result.message, username=username, status=401)
        session.clear()
        session.permanent = True
        session["user_id"] = result.identity.id
        session["seen"] = time.time()
        csrf_token()
        return redirect(_safe_next(request.form.get("neste")))

    @server.route("/logg-ut", methods=["POST"])
    def logout():
        if not _csrf_ok():
            return Response("Ugyldig forespørsel.", status=400, mimetype="text/plain")
        session.clear()
        return redirect("/logg-inn")

    @server.before_request
    def gate():
        path = request.path
        if path.startswith(PUBLIC_PREFIXES):
            return None
        now = time.time()
        if session.get("user_id") is not None:
            if now - session.get("seen", 0) > config.session_minutes * 60:
                session.clear()
            else:
                session["seen"] = now
        if context.identity() is None:
            session.pop("user_id", None)
            if path.startswith("/_dash") or request.method != "GET":
                return jsonify(error="Du må logge inn."), 401
            return redirect("/logg-inn?neste=" + _safe_next(request.full_path.rstrip("?")))
        if request.method == "POST" and path.startswith("/_dash"):
            origin = request.headers.get("Origin")
            if origin and urlparse(origin).netloc != request.host:
                return jsonify(error="Forespørselen kom fra et annet nettsted."), 403
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
        if request.path.startswith("/_dash-update-component") or request.path == "/logg-inn":
            response.headers["Cache-Control"] = "no-store"
        return response

    @server.errorhandler(413)
    def too_large(_error):
        return jsonify(error="Filen er for stor. Grensen er 20 MB."), 413

    if production:

        @server.errorhandler(500)
        def server_error(_error):
            return Response(
                "Det oppstod en feil. Prøv igjen, eller kontakt sekretariatet.", status=500, mimetype="text/plain"
            )
