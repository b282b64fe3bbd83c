"""The Celery worker for background callbacks (the round report) when the app runs on several hosts.

    GEVINST_CELERY_BROKER=redis://redis.internal:6379/0 celery -A worker.celery_app worker --concurrency 2

It reads the same settings as the web app (the same environment: database, secret, broker) and builds the
same app, so every background callback is a Celery task under the same name on both sides (Dash names a
task by its function's source and outputs). See README "Production" and decision 87.
"""

from __future__ import annotations

from celery.signals import worker_process_init

import app
from db.session import get_engine
from settings import ConfigError, load_config

config = load_config()
if not config.celery_broker:
    raise ConfigError("GEVINST_CELERY_BROKER må settes (redis://vert:6379/0) for å starte en arbeider.")
app.create_app(config)
celery_app = app.celery_app(config.celery_broker)


@worker_process_init.connect
def _own_connections(**_kwargs) -> None:
    """Each forked worker process opens its own database connections; the ones the parent opened while
    building the app stay the parent's (SQLAlchemy's advice for a pool across fork)."""
    get_engine(config.database_url).dispose(close=False)
