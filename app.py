"""Gevinstportalen: build the Dash app (create_app) and run it (python app.py)."""

from __future__ import annotations

import argparse
import contextvars
import functools
import gc
import hashlib
import logging
import secrets
import sys
import threading
from pathlib import Path

import dash
from dash import Dash, dcc, html
from sqlalchemy.exc import DBAPIError

import web.exports  # noqa: F401  (registers the Excel download callback)
from domain.vocabulary import ROLE
from services import authz
from services.setup import prepare_database, unreachable_message
from settings import Config, ConfigError, load_config
from web import auth, context, errors, readiness

ROOT = Path(__file__).resolve().parent

INDEX_STRING = """<!DOCTYPE html>
<html lang="nb">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def user_box() -> html.Div:
    """Who is logged in, and a logout button (a real POST form with the CSRF token)."""
    who = context.identity()
    if who is None:
        return html.Div(className="user-box")
    return html.Div(
        className="user-box",
        children=[
            dcc.Link(user_label(who.display, ROLE[who.role].short_label), href="/bruker"),
            html.Form(
                action="/logg-ut",
                method="post",
                className="logout-form",
                children=[
                    dcc.Input(type="hidden", name="csrf", value=auth.csrf_token(), readOnly=True),
                    html.Button("Logg ut", type="submit", className="logout-button"),
                ],
            ),
        ],
    )


def user_label(name: str, role: str) -> list:
    """The name once; the role beside it, smaller, only when it says something the name does not
    («Sekretariatet», not «Sekretariatet (sekretariatet)»)."""
    if role.casefold() in name.casefold():
        return [name]
    return [name, " ", html.Span(f"({role})", className="user-role")]


def menu_pages(who) -> list[dict]:
    """The pages the menu offers ``who``: those with a nav_order whose ``nav_requires`` right (default: read)
    the user holds, in nav_order. Nothing before a one-time password is replaced (Min side is in the user box)."""
    if who is None or who.must_change_password:
        return []
    return sorted(
        (
            p
            for p in dash.page_registry.values()
            if p.get("nav_order") is not None and authz.allowed(who, p.get("nav_requires", authz.READ))
        ),
        key=lambda p: p["nav_order"],
    )


def brand_line(who) -> str:
    """Whose portal this is, under the name: the user's own partnership, «Alle helsefellesskap» for a national
    reader, the installation's name before anyone has logged in (GEVINST_SITE_NAME; the issue-17 trial: every
    partnership's users were told they were in Troms og Ofoten)."""
    if who is None:
        return context.site_name()
    return who.partnership or "Alle helsefellesskap"


def navbar() -> html.Header:
    """Navigation built from the page registry: only the pages the logged-in user can use."""
    who = context.identity()
    pages = menu_pages(who)
    return html.Header(
        className="topbar",
        children=[
            html.A("Hopp til hovedinnholdet", href="#hovedinnhold", className="skip-link"),
            html.Div(
                className="brand",
                children=[
                    html.Span("Gevinstportalen", className="brand-name"),
                    html.Span(brand_line(who), className="brand-sub"),
                ],
            ),
            html.Nav(
                html.Ul([html.Li(dcc.Link(p["name"], href=p["relative_path"])) for p in pages]),
                **{"aria-label": "Hovedmeny"},
            ),
            user_box(),
        ],
    )


class _OwnResult:
    """Each start of a background job keeps its result under a key of its own. Dash keys a job's result by the
    callback's inputs only, so two users making the same document at once shared one result: the second got
    the first's file (across partnerships too) and the first waited for ever (trial 24b). The key is still
    handed to the browser signed, and the result is cleared once fetched."""

    def build_cache_key(self, fn, args, cache_args_to_ignore, triggered):
        inputs = super().build_cache_key(fn, args, cache_args_to_ignore, triggered)
        return hashlib.sha256(f"{inputs}:{secrets.token_hex(16)}".encode()).hexdigest()


def background_manager(config: Config):
    """Long work (the round report) runs in background processes; their state lives in a disk cache shared by
    every worker of this host: GEVINST_BAKGRUNN_DIR, else beside the SQLite file, else instance/bakgrunn."""
    if config.celery_broker:  # several hosts: Celery workers (worker.py) on Redis run it instead
        from dash import CeleryManager

        class OwnResultCeleryManager(_OwnResult, CeleryManager):
            pass

        return OwnResultCeleryManager(celery_app(config.celery_broker))
    import diskcache
    from dash import DiskcacheManager

    folder = config.background_dir or ROOT / "instance" / "bakgrunn"
    if config.background_dir is None and config.database_url.startswith("sqlite:///"):
        folder = Path(config.database_url[len("sqlite:///") :]).parent / "bakgrunn"
    folder.mkdir(parents=True, exist_ok=True)

    class OwnResultDiskcacheManager(_OwnResult, DiskcacheManager):
        pass

    return OwnResultDiskcacheManager(diskcache.Cache(str(folder)))


@functools.cache
def celery_app(broker: str):
    """One Celery app per broker URL and process: the web app queues background callbacks on it, and the
    worker (``worker.py``) runs them under the same task names. Redis is broker and result store."""
    from celery import Celery

    app = Celery("gevinstportalen", broker=broker, backend=broker)
    app.conf.update(broker_connection_retry_on_startup=True, result_expires=3600, worker_hijack_root_logger=False)
    return app


def behind_proxies(server, config: Config) -> None:
    """Trust the X-Forwarded-For/-Proto/-Host/-Port headers of exactly ``GEVINST_TRUSTED_PROXIES`` proxies
    (Werkzeug's ProxyFix), so the request's host and scheme, which the origin check and redirects use, are
    the ones the browser sent to the proxy. With 0 nothing is trusted: a forged header changes nothing."""
    if config.trusted_proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = config.trusted_proxies
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)


def _in_norwegian(interpolate):
    """Dash's page shell says «Loading...» until the app has started; say it in bokmål."""

    def wrapped(**parts):
        parts["app_entry"] = parts["app_entry"].replace("Loading...", "Laster …")
        return interpolate(**parts)

    return wrapped


def create_app(config: Config | None = None) -> Dash:
    """Build the app for a configuration. With GEVINST_AUTO_INIT (development) it runs the init step first;
    otherwise (production) it answers a Norwegian «not ready» page until `python -m etl init` has run."""
    config = config or load_config()
    if config.auto_init:
        prepare_database(config)
    app = Dash(
        __name__,
        use_pages=True,
        background_callback_manager=background_manager(config),
        pages_folder=str(ROOT / "pages"),
        assets_folder=str(ROOT / "assets"),
        title="Gevinstportalen",
        update_title=None,
        suppress_callback_exceptions=True,
        on_error=callback_failed,
    )
    app.index_string = INDEX_STRING
    app.interpolate_index = _in_norwegian(app.interpolate_index)
    context.install(app.server, config)
    app.server.secret_key = config.secret_key
    app.layout = layout
    readiness.install(app.server, config)
    auth.install(app.server, config, app.csp_hashes)
    behind_proxies(app.server, config)
    errors.install(app)
    # Everything built so far (modules, the page registry, the app) lives as long as the process: move it
    # out of the garbage collector's way, so full collections stop scanning it (they took up to 0.1 s per
    # request at national scale, see README "Performance").
    gc.freeze()
    return app


callback_failed = errors.callback_failed  # any failing callback: a Norwegian alert, the details in the log


def layout():
    """Built per page load, so the header shows who is logged in."""
    return html.Div(
        [
            html.Div(id="app-feil", role="alert", className="notice", hidden=True),
            # what a filter change did, for screen readers (assets/announce.js; trial 25a: never announced)
            html.Div(id="kunngjoring", role="status", className="sr-only", **{"aria-live": "polite"}),
            navbar(),
            html.Main(dash.page_container, id="hovedinnhold", tabIndex="-1"),
        ]
    )


def _built_and_set_up():
    """The app's WSGI server after one request: Dash sets itself up on its first request and marks that done
    before it is, so a second thread arriving meanwhile found it half set up (an occasional 500)."""
    server = create_app().server
    server.test_client().get("/helse")
    return server


class _LazyServer:
    """WSGI entry point for `gunicorn app:server`: builds the app when the worker starts (gunicorn.conf.py's
    post_worker_init) or on its first request, never on import, and once per process however many threads ask
    at the same moment. The build runs in the context variables of this module's import, since Dash's page
    registration reads one that only the thread that imported Dash has (a gthread worker's request threads do
    not). Settings that refuse (a placeholder secret in production) answer a Norwegian 503 and go to the log;
    gunicorn.conf.py refuses them before any worker starts."""

    def __init__(self) -> None:
        self._app = None
        self._building = threading.Lock()
        self._import_context = contextvars.copy_context()

    def build(self):
        with self._building:
            if self._app is None:
                self._app = self._import_context.run(_built_and_set_up)
        return self._app

    def __call__(self, environ, start_response):
        try:
            wsgi = self._app or self.build()
        except ConfigError as refused:
            logging.getLogger("gevinstportalen").error("%s", refused)
            start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
            return [str(refused).encode()]
        return wsgi(environ, start_response)


server = _LazyServer()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Start Gevinstportalen.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--debug", action="store_true", help="Dash dev tools and reload (development only)")
    args = parser.parse_args(argv)
    try:
        app = create_app()
    except ConfigError as refused:
        print(refused, file=sys.stderr)
        raise SystemExit(1) from None
    except DBAPIError as failed:  # trial 26c: eighty lines of English traceback
        print(
            f"Gevinstportalen starter ikke: {unreachable_message(failed, load_config().database_url)}", file=sys.stderr
        )
        raise SystemExit(1) from None
    print(f"Gevinstportalen kjører på http://{args.host}:{args.port}/", flush=True)
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
