"""Until the init step has run, every request gets a Norwegian page saying so (HTTP 503), never an error.

A production worker never migrates or seeds (decision 76); on a database that is empty, or older than the code,
it asks the operator to run `python -m etl init`. It checks on each request until the database is ready, then
never again in this process, so the portal starts working as soon as the step is done, without a restart.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from flask import Flask, Response, jsonify, request
from markupsafe import escape

from services.setup import NOT_READY, readiness_problem
from settings import Config
from web import context
from web.stylesheets import stylesheet_links

EXTENSION = "gevinstportalen_klar"
LOG = logging.getLogger("gevinstportalen")
DATABASE_DOWN = (
    "Gevinstportalen får ikke kontakt med databasen akkurat nå. Prøv igjen om litt; driftsansvarlig finner årsaken "
    "i loggen."
)
NOT_READY_PAGE = """<!DOCTYPE html>
<html lang="nb">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ikke klar – Gevinstportalen</title>{stylesheets}</head>
<body>
<header class="topbar"><div class="brand"><span class="brand-name">Gevinstportalen</span>
<span class="brand-sub">{site}</span></div></header>
<main id="hovedinnhold" class="login"><h1>Ikke klar ennå</h1><p>{message}</p></main></body></html>"""


def _log_once_a_minute(server: Flask, problem: str) -> None:
    """The outage in the log when it starts or changes, then once a minute (trial 26d: a line for every request of a
    load balancer's health check)."""
    last = server.extensions.get(f"{EXTENSION}_logget")
    now = time.monotonic()
    if last is None or last[0] != problem or now - last[1] >= 60:
        LOG.warning("%s (%s)", problem, datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"))
        server.extensions[f"{EXTENSION}_logget"] = (problem, now)


def install(server: Flask, config: Config) -> None:
    server.extensions[EXTENSION] = False

    @server.before_request
    def wait_for_init():
        if server.extensions[EXTENSION] or request.path.startswith("/assets/"):
            return None
        problem = readiness_problem(config)
        if problem is None:
            server.extensions[EXTENSION] = True
            return None
        if problem != NOT_READY:  # the database's address is for the operator's log, not for visitors (trial 26c)
            _log_once_a_minute(server, problem)
            problem = DATABASE_DOWN
        if request.path.startswith(("/_dash", "/helse")):
            return jsonify(status="ikke klar", error=problem), 503
        return Response(
            NOT_READY_PAGE.format(stylesheets=stylesheet_links(), message=problem, site=escape(context.site_name())),
            status=503,
            mimetype="text/html",
        )
