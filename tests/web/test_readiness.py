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
