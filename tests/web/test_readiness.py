"""A production worker never migrates or seeds: on an empty database it answers a Norwegian «not ready» page
(HTTP 503, never 500) until `python -m etl init` has run, then works without a restart (decision 76)."""

from __future__ import annotations

from sqlalchemy import inspect

from app import create_app
from db.session import get_engine
from services.setup import initialise
from settings import load_config
from tests.services.test_init import SECRET


def test_a_production_worker_on_an_empty_database_asks_for_the_init_step(db_url, tmp_path):
    config = load_config({"DATABASE_URL": db_url, "GEVINST_ENV": "production", "GEVINST_SECRET_KEY": SECRET})
    client = create_app(config).server.test_client()
    assert inspect(get_engine(db_url)).get_table_names() == []  # building the app wrote nothing

    page = client.get("/logg-inn")
    assert page.status_code == 503 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "Ikke klar ennå" in text and "python -m etl init" in text and 'lang="nb"' in text
    dash_request = client.post("/_dash-update-component", json={})
    assert dash_request.status_code == 503 and "python -m etl init" in dash_request.get_json()["error"]
    assert client.get("/helse").status_code == 503
    assert client.get("/assets/style.css").status_code == 200
    assert inspect(get_engine(db_url)).get_table_names() == []  # the requests wrote nothing either

    assert initialise(config, password_path=tmp_path / "passord.txt").ok
    assert client.get("/logg-inn").status_code == 200
    assert client.get("/helse").get_json() == {"status": "ok"}
    assert client.get("/_dash-layout").status_code == 401  # the ordinary gate again


def test_the_health_check_asks_the_database(db_url, tmp_path):
    """The session-24 note: /helse said «ok» whatever the database did; a load balancer needs to know."""
    from sqlalchemy import text

    from db.models import User

    config = load_config({"DATABASE_URL": db_url, "GEVINST_ENV": "production", "GEVINST_SECRET_KEY": SECRET})
    assert initialise(config, password_path=tmp_path / "passord.txt").ok
    client = create_app(config).server.test_client()
    assert client.get("/helse").get_json() == {"status": "ok"}
    table = User.__tablename__
    with get_engine(db_url).begin() as connection:  # the database stops answering the app's queries
        connection.execute(text(f"ALTER TABLE {table} RENAME TO {table}_borte"))
    gone = client.get("/helse")
    assert gone.status_code == 503
    assert gone.get_json() == {
        "status": "feil",
        "error": "Databasen svarer ikke. Driftsansvarlig må se på databasetjeneren.",
    }
    with get_engine(db_url).begin() as connection:
        connection.execute(text(f"ALTER TABLE {table}_borte RENAME TO {table}"))
    assert client.get("/helse").status_code == 200


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def test_a_database_that_does_not_answer_is_named_as_such_not_as_a_missing_init_step(tmp_path, capsys):
    """Trial 26b: a wrong password or a stopped server read «kjør python -m etl init» on every page and /helse,
    and the command line printed a hundred lines of English traceback."""
    from etl.cli import main

    def run_cli(*args):  # as `python -m etl` runs it (its main turns errors into messages)
        code = main(list(args))
        out = capsys.readouterr()
        return type("Ran", (), {"returncode": code, "stdout": out.out, "stderr": out.err})

    url = f"postgresql+psycopg://gevinst:hemmelig-passord@127.0.0.1:{_closed_port()}/gevinst"
    config = load_config({"DATABASE_URL": url, "GEVINST_ENV": "production", "GEVINST_SECRET_KEY": SECRET})
    client = create_app(config).server.test_client()
    page = client.get("/logg-inn").get_data(as_text=True)
    assert "får ikke kontakt med databasen akkurat nå" in page and "etl init" not in page
    assert "127.0.0.1" not in page and "hemmelig-passord" not in page  # the address is the log's (trial 26c)
    assert "får ikke kontakt med databasen" in client.get("/helse").get_json()["error"]
    posted = client.post("/logg-inn", data={"brukernavn": "x", "passord": "y"})
    assert posted.status_code == 503 and posted.mimetype == "text/html"  # a form's answer is a page, not JSON
    ran = run_cli("users", "list", "--db", url)
    assert ran.returncode == 1 and "Traceback" not in ran.stderr + ran.stdout, (ran.stdout, ran.stderr)
    assert ran.stderr.startswith("Får ikke kontakt med databasen (127.0.0.1:") and "hemmelig-passord" not in ran.stderr


def test_python_app_py_on_a_database_that_does_not_answer_says_so_in_norwegian():
    """Trial 26c: `python app.py` printed eighty lines of English traceback (gunicorn and the command line did not)."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    url = f"postgresql+psycopg://gevinst:hemmelig-passord@127.0.0.1:{_closed_port()}/gevinst"
    env = {**os.environ, "DATABASE_URL": url, "GEVINST_ENV": "development"}
    ran = subprocess.run(
        [sys.executable, "app.py", "--port", "1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 1 and "Traceback" not in ran.stderr, ran.stderr
    assert ran.stderr.startswith("Gevinstportalen starter ikke: Får ikke kontakt med databasen (127.0.0.1:")
    assert "hemmelig-passord" not in ran.stderr
