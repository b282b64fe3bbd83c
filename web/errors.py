"""What a failed request answers: a Norwegian sentence (and a log line with the details for the operator), never a
traceback or an English error page; and HTTP 404 for an address that is no page.

Dash serves every unknown path through its catch-all route with HTTP 200 (its pages router then shows the 404
layout); ``missing_page`` answers such a path with the same page but status 404, and leaves Dash's own routes
(``/_dash-*``, assets, component suites) alone. A busy database (``DatabaseBusy``, raised by the session layer after
its attempts) answers «Databasen er opptatt, prøv igjen om litt» everywhere.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import unquote

import dash
from flask import Flask, Response, jsonify, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException
from werkzeug.urls import iri_to_uri

from db.session import BUSY_MESSAGE, DatabaseBusy
from domain.problems import Refused
from services import projects
from web.context import current

LOG = logging.getLogger("gevinstportalen")
CALLBACK_FAILED = "Noe gikk galt, og ingenting ble endret. Last inn siden på nytt og prøv igjen."
FAILED = "Det oppstod en feil, og ingenting ble endret. Prøv igjen, eller kontakt sekretariatet."
NOT_FOUND = "Fant ikke siden. Sjekk adressen, eller gå til forsiden."
BY_STATUS = {
    400: "Forespørselen kunne ikke leses.",
    401: "Du må logge inn.",
    403: "Du har ikke tilgang til dette.",
    404: NOT_FOUND,
    405: "Denne adressen kan ikke brukes slik.",
    413: "Det som ble sendt, er for stort (over 25 MB), og er ikke lest. En utfylt mal er høyst 5 MB.",
    414: "Adressen er for lang.",
    417: "Forespørselen kunne ikke leses.",
    429: "For mange forespørsler. Vent litt og prøv igjen.",
    431: "Forespørselen har for mange eller for lange felt i hodet.",
    500: FAILED,
    501: "Forespørselen kunne ikke leses.",
}


def write_server_error(sock, status: int, reason: str, _message: str) -> None:
    """gunicorn's own answer to a request it refuses before the app sees it (a request line over its limit, a
    malformed header): the same plain Norwegian page as the app's, not gunicorn's English one. Installed by
    gunicorn.conf.py in place of ``gunicorn.util.write_error``."""
    from gunicorn.util import write_nonblock

    from web.stylesheets import stylesheet_links

    text = BY_STATUS.get(status, BY_STATUS[400])
    body = (
        f'<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>{escape(text)}</title>'
        f'{stylesheet_links()}</head><body><main class="login"><h1>Gevinstportalen</h1><p>{escape(text)}</p>'
        '<p><a href="/">Til forsiden</a></p></main></body></html>'
    ).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    write_nonblock(sock, head + body)


CATCH_ALL = "/<path:path>"  # Dash's route for every page address
MISSING_PAGE = "/404"  # the not-found page's own address is no page either


def failure_message(error: BaseException) -> str:
    """The sentence a user sees for a failure, and the log line the operator gets (with the traceback unless the
    database was merely busy or a rule refused, whose Norwegian message is safe to show)."""
    if isinstance(error, DatabaseBusy):
        LOG.warning("Databasen var opptatt: %s %s", request.method if request else "", request.path if request else "")
        return BUSY_MESSAGE
    if isinstance(error, Refused):  # a rule's refusal (a round id of another scheme, say): its own message
        LOG.info("Et kall fra siden ble avvist: %s", error.message)
        return error.message
    LOG.error("Et kall fra siden feilet", exc_info=error)
    return CALLBACK_FAILED


def callback_failed(error: Exception) -> None:
    """A callback that raises (a bug, or a database that stayed busy) changes nothing, answers HTTP 200 and says so
    in Norwegian in the app's alert; the details go to the log, never to the user."""
    dash.set_props("app-feil", {"children": failure_message(error), "hidden": False})


def _page_patterns() -> list[re.Pattern]:
    patterns = []
    for page in dash.page_registry.values():
        template = page.get("path_template") or page["path"]
        if template.rstrip("/") == MISSING_PAGE:
            continue
        parts = re.split(r"(<[^>]+>)", template.strip("/"))
        regex = "".join("[^/]+" if part.startswith("<") else re.escape(part) for part in parts)
        patterns.append(re.compile(regex))
    return patterns


def is_page(path: str) -> bool:
    """True for the address of a registered page (``/prosjekter/15266`` for ``/prosjekter/<nummer>``)."""
    wanted = path.strip("/")
    return any(pattern.fullmatch(wanted) for pattern in _page_patterns())


def _answer(status: int, message: str) -> Response:
    if request.path.startswith("/_dash") or request.accept_mimetypes.best == "application/json":
        response = jsonify(error=message)
        response.status_code = status
        return response
    again = f'<a href="{escape(request.path)}">Prøv igjen</a> · ' if request.path.startswith("/") else ""
    return Response(  # a way on from the page (trial 24c: the busy login answer was a bare sentence)
        f'<!DOCTYPE html><html lang="nb"><title>Gevinstportalen</title><p>{escape(message)}</p>'
        f'<p>{again}<a href="/">Til forsiden</a></p></html>',
        status=status,
        mimetype="text/html",
    )


def well_formed_callback(callback_map: dict) -> bool:
    """A Dash callback request shaped as Dash's own page sends it: an object naming a callback this app has,
    its outputs as an object or a list of objects, inputs and state as lists with one entry per declared input
    and state, each naming the declared component and property. Anything else (a list, a missing part, an
    unknown output, an input too few, 100 000 nested brackets) is answered 400 before Dash reads it (the
    issue-15 and session-19 trials: such requests got 500s and tracebacks in the log)."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:
        return False
    if not isinstance(body, dict) or not isinstance(body.get("output"), str) or body["output"] not in callback_map:
        return False
    declared = callback_map[body["output"]]
    if "callback" not in declared:  # a clientside callback: the browser runs it, the server has nothing to call
        return False
    outputs, inputs, state = body.get("outputs"), body.get("inputs"), body.get("state", [])
    if not _outputs_named(outputs, body["output"]):
        return False
    for sent, wanted in ((inputs, declared.get("inputs", [])), (state, declared.get("state", []))):
        if not isinstance(sent, list) or len(sent) != len(wanted):  # one value per declared input and state
            return False
        for item, spec in zip(sent, wanted, strict=True):
            if not isinstance(item, dict | list) or (isinstance(item, dict) and not _names(item, spec)):
                return False
    return True


def _outputs_named(outputs: object, output: str) -> bool:
    """The sent outputs are the callback's own, one by one (trial 26a: a renamed, missing or extra output, or a
    pattern id in place of a plain one, got 500s): several outputs as a list, one as an object; an output whose id
    is an ALL pattern as a list of such objects."""
    several = output.startswith("..")  # Dash's key: «..a.children...b.data..» for several, «a.children» for one
    parts = output[2:-2].split("...") if several else [output]
    specs = [dict(zip(("id", "property"), part.rsplit(".", 1), strict=False)) for part in parts]
    specs = [{**spec, "property": str(spec.get("property", "")).split("@")[0]} for spec in specs]  # allow_duplicate
    sent = outputs if several else [outputs]
    if not isinstance(sent, list) or len(sent) != len(specs):
        return False
    for item, spec in zip(sent, specs, strict=True):
        items = item if isinstance(item, list) else [item]
        if not all(isinstance(one, dict) and _names(_plain(one), spec) for one in items):
            return False
    return True


def _plain(output: dict) -> dict:
    """An output as named in its callback's key: a duplicate output's «@hash» set aside."""
    prop = output.get("property")
    return {**output, "property": prop.split("@")[0]} if isinstance(prop, str) else output


def _names(item: dict, spec: dict) -> bool:
    """A sent input or state names the declared component property; for a pattern (its id declared as JSON, such
    as ``{"tabell":["MATCH"],…}``) a dict id with the pattern's keys."""
    if item.get("property") != spec.get("property"):
        return False
    sent_id, declared_id = item.get("id"), spec.get("id")
    if isinstance(declared_id, str) and declared_id.startswith("{"):
        try:
            keys = set(json.loads(declared_id))
        except ValueError:
            return False
        return isinstance(sent_id, dict) and set(sent_id) == keys
    return sent_id == declared_id


def redirect_page(location: str, code: int = 302) -> Response:
    """A redirect whose page (shown by a client that does not follow it) is Norwegian, not werkzeug's English
    «Redirecting…»; ``flask.redirect`` calls it through the app (``server.redirect``)."""
    location = iri_to_uri(location)  # a header holds ASCII only, as werkzeug's own redirect makes it
    text = f'Gå videre til <a href="{escape(location)}">{escape(location)}</a>.'
    response = Response(
        f'<!DOCTYPE html><html lang="nb"><title>Gevinstportalen</title><p>{text}</p></html>',
        status=code,
        mimetype="text/html",
    )
    response.headers["Location"] = location
    return response


PROJECT_PAGE = re.compile(r"^/(?:prosjekter|innrapportering)/([^/]+)/?$")
"""The pages that name one project in their address (a project that does not exist answers 404)."""


def install(app: dash.Dash) -> None:
    """After the login gate: a malformed callback request answers 400, a missing page 404, and every error and
    redirect a Norwegian answer."""
    server: Flask = app.server
    server.redirect = redirect_page

    @server.before_request
    def malformed_callback():
        dash_call = request.method == "POST" and request.path == "/_dash-update-component"
        if dash_call and not well_formed_callback(app.callback_map):
            LOG.info("Avviste en feilformet Dash-forespørsel fra %s", request.remote_addr)
            return _answer(400, BY_STATUS[400])
        return None

    @server.before_request
    def missing_page():
        rule = request.url_rule
        if request.method == "GET" and rule is not None and rule.rule == CATCH_ALL and not is_page(request.path):
            return Response(app.index(), status=404, mimetype="text/html")
        named = PROJECT_PAGE.match(request.path) if request.method == "GET" else None
        if named and not projects.project_visible(current(), ref=unquote(named.group(1))):
            return Response(app.index(), status=404, mimetype="text/html")  # the page says «Fant ikke …»
        return None

    @server.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code == 404 and request.method == "GET" and not request.path.startswith(("/_", "/assets/")):
            return Response(app.index(), status=404, mimetype="text/html")
        return _answer(error.code, BY_STATUS.get(error.code, FAILED))

    @server.errorhandler(Exception)
    def failed(error: Exception):
        if isinstance(error, DatabaseBusy):
            LOG.warning("Databasen var opptatt: %s %s", request.method, request.path)
            response = _answer(503, BUSY_MESSAGE)
            response.headers["Retry-After"] = "5"
            return response
        LOG.error("Forespørselen %s %s feilet", request.method, request.path, exc_info=error)
        return _answer(500, FAILED)
