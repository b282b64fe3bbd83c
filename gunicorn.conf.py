"""gunicorn's settings for Gevinstportalen: `make run` and the README's production command use this file
(`gunicorn -c gunicorn.conf.py …`; gunicorn also reads it by itself when started in this folder).

Before any worker starts it refuses settings that are not safe (a placeholder GEVINST_SECRET_KEY in
production), runs the init step when GEVINST_AUTO_INIT is on (development: `make run`), warns when a
production database has not been initialised, and says in Norwegian where the portal answers. gunicorn's
own lines (info level) are left out; warnings and errors still show.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gunicorn.util

from domain.formatting import count_of
from settings import ConfigError, load_config
from web.errors import write_server_error

gunicorn.util.write_error = write_server_error  # gunicorn's refusals in Norwegian (its page is English)

wsgi_app = "app:server"
worker_class = "gthread"
threads = 4
timeout = 120  # room for report generation (it runs in a background process)
keepalive = 5  # an idle connection from a proxy is closed by the proxy first (docs/nginx.conf: 4 s), never by
# gunicorn as the proxy reuses it: with gunicorn's 2 s and nginx's 60 s a POST (never retried) got 502 (trial 24b).
# Short, so a graceful stop does not wait long for idle connections.
graceful_timeout = 10  # on Ctrl+C or a stop, a worker that has not finished within 10 s is killed (default 30 s)
loglevel = "warning"
accesslog = None

try:
    _config = load_config()
except ConfigError as refused:
    print(f"Gevinstportalen starter ikke: {refused}", file=sys.stderr, flush=True)
    sys.exit(1)


def on_starting(server):
    """In the master, once, before the workers are forked: the init step in development, a check in production."""
    from sqlalchemy.exc import DBAPIError

    from db.session import get_engine, unreachable_message
    from services.setup import NOT_READY, DefaultDataError, prepare_database, readiness_problem

    try:
        if _config.auto_init:
            prepare_database(_config)
            os.environ["GEVINST_AUTO_INIT"] = "0"  # done here once: the workers forked from here do not repeat it
        elif (problem := readiness_problem(_config)) == NOT_READY:
            print(
                "Advarsel: databasen er ikke klar. Kjør «python -m etl init» én gang; til da viser sidene at "
                "Gevinstportalen ikke er klar.",
                flush=True,
            )
        elif problem:  # the pages say so too, and start working once the database answers
            print(f"Advarsel: {problem}", flush=True)
    except DBAPIError as failed:
        print(f"Gevinstportalen starter ikke: {unreachable_message(failed, _config.database_url)}", file=sys.stderr)
        sys.exit(1)
    except DefaultDataError as failed:
        print(f"Gevinstportalen starter ikke: {failed}", file=sys.stderr)
        sys.exit(1)
    finally:
        get_engine(_config.database_url).dispose()  # the workers open their own connections after the fork


def post_worker_init(worker):
    """Each worker builds the app as it starts, so its first requests find it ready."""
    build = getattr(worker.wsgi, "build", None)
    if build is None:
        return
    try:
        build()
    except BaseException:
        if not worker.alive:  # stopped (Ctrl+C) while it was still building: leave quietly, no traceback
            sys.exit(0)
        raise


def when_ready(server):
    addresses = ", ".join(f"{listener}/" for listener in server.LISTENERS)
    print(
        f"Gevinstportalen kjører på {addresses} ({count_of(server.num_workers, 'prosess', 'prosesser')} med "
        f"{count_of(server.cfg.threads, 'tråd', 'tråder')}{' hver' if server.num_workers > 1 else ''}). "
        "Stopp med Ctrl+C.",
        flush=True,
    )


def on_exit(server):
    print("Gevinstportalen er stoppet.", flush=True)
