"""The app factory, start-up data loading, and the overview's builders and layout."""

from __future__ import annotations

import pytest

from app import create_app
from components.cells import cell_text
from components.findings import findings_rows
from components.projects import project_grid_rows
from db.session import read_session
from services import portfolio
from services.setup import DefaultDataError
from settings import load_config
from tests.conftest import context, render_layout, write_workbook


def config_for(url: str, **overrides):
    return load_config({"DATABASE_URL": url, "GEVINST_TODAY": "2025-10-03", **overrides})


def layout_json(app, path: str) -> str:
    return render_layout(app, path)


def test_create_app_migrates_and_loads_default_data(db_url):
    app = create_app(config_for(db_url))
    text = layout_json(app, "/")
    assert "18 000 000 kr" in text
    assert "5 642 062 kr" in text
    assert "Hospiteringsordning" in text


def test_create_app_can_start_empty(db_url):
    app = create_app(config_for(db_url, GEVINST_LOAD_DEFAULT_DATA="0"))
    front = layout_json(app, "/")  # no scheme: the overview says what the reporting page says (trial 26b)
    assert "Ingen tilskuddsordning ennå" in front and "python -m etl import" not in front
    rounds = layout_json(app, "/innrapportering")  # no scheme: says how to add one, promises no form (trial 24b)
    assert "Ingen tilskuddsordning ennå" in rounds and "python -m etl schemes add" in rounds
    assert "Opprett den første rapporteringsrunden" not in rounds


def test_broken_default_data_stops_start_with_a_clear_error(tmp_path, db_url):
    bad = write_workbook(
        tmp_path / "bad.xlsx",
        {"T3": [["Prosjekt", "Innvilget sum årlig", "Brukte midler totalt"], ["Ukjent", "1 kr", "1 kr"]]},
    )
    with pytest.raises(DefaultDataError, match="T3!A2"):
        create_app(config_for(db_url, GEVINST_DEFAULT_DATA=str(bad)))


def test_unknown_round_in_url_gives_a_message(loaded_db):
    app = create_app(config_for(loaded_db))
    assert "Fant ikke runden" in render_layout(app, "/", runde="Vår 2030")


def test_wsgi_entry_point_serves_pages(loaded_db, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", loaded_db)
    import app as app_module

    server = app_module._LazyServer()
    from werkzeug.test import Client

    client = Client(server)
    assert client.get("/").status_code == 302  # to the login page
    response = client.get("/logg-inn")
    assert response.status_code == 200
    assert b'<html lang="nb">' in response.data


def test_builders_from_plain_data(loaded_db):
    view = portfolio.overview(context(loaded_db), round_name=None, scheme=None)
    data = view.data
    rows = {r["name"]: r for r in project_grid_rows(view.rows, data.round_name)}
    assert rows["Eldreløftet"]["granted_per_year"] == 2924000
    assert rows["Eldreløftet"]["ref"] == "15266"
    assert rows["DHO – felles tjeneste"]["light"] == "■ Rød"
    assert "forbruk 1,5 % av innvilget" in rows["DHO – felles tjeneste"]["light_reasons"]
    assert rows["CADD Solis pumpe"]["status"] == "Avsluttet"
    assert rows["CADD Solis pumpe"]["spent_total"] is None
    assert rows["CADD Solis pumpe"]["ref"].startswith("id-")
    findings = [{k: cell_text(v) for k, v in row.items()} for row in findings_rows(data.findings)]
    assert findings[0]["reported"] == "2 492 957 kr"
    assert findings[0]["computed"] == "5 807 957 kr"
    assert findings[0]["difference"] == "\u22123 315 000 kr"


@pytest.mark.sqlite_only
def test_first_start_creates_one_login_and_says_where_the_password_is(db_url, tmp_path, capsys):
    from sqlalchemy import select

    from db.models import User

    create_app(config_for(db_url, GEVINST_LOAD_DEFAULT_DATA="0"))
    out = capsys.readouterr().out
    assert "Logg inn med brukernavn «sekretariat»" in out
    secret = (tmp_path / "forste-passord.txt").read_text(encoding="utf-8")
    assert secret.startswith("Brukernavn: sekretariat\nPassord: ")
    with read_session(db_url) as s:
        assert [(u.username, u.must_change_password) for u in s.scalars(select(User))] == [("sekretariat", True)]
    create_app(config_for(db_url, GEVINST_LOAD_DEFAULT_DATA="0"))
    assert "Første bruker" not in capsys.readouterr().out
    # the file goes once the first user has chosen a password (trial 25b: it stayed)
    from services import users
    from services.context import Context

    config = config_for(db_url)
    login = users.authenticate(Context.for_config(config, None).db, username="sekretariat", password=secret.split()[-1])
    new = "eget-passord-som-er-langt"
    changed = users.change_own_password(
        Context.for_config(config, login.identity), current=secret.split()[-1], new=new, repeat=new
    )
    assert changed.ok and changed.message.endswith("Filen med engangspassordet er slettet.")
    assert not (tmp_path / "forste-passord.txt").exists()


def test_each_background_job_keeps_its_result_under_its_own_key(tmp_path):
    """Trial 24b: Dash keys a background job's result by the callback's inputs, so two users making the same
    document at once shared one result (another partnership's secretariat got the file; the first user waited for
    ever). Every start now has a key of its own, and a result is read once, by the key it was stored under."""
    from app import background_manager

    manager = background_manager(load_config({"GEVINST_BAKGRUNN_DIR": str(tmp_path / "bakgrunn")}))

    def make_pdf(n_clicks, round_name):
        return round_name

    same = ([1, "Vår 2027"], [], None)
    first, second = manager.build_cache_key(make_pdf, *same), manager.build_cache_key(make_pdf, *same)
    assert first != second and len(first) == len(second) == 64
    manager.handle.set(first, "the first user's document")
    assert manager.get_result(second, None) is manager.UNDEFINED  # the other start does not see it
    assert manager.get_result(first, None) == "the first user's document"
    assert manager.get_result(first, None) is manager.UNDEFINED  # fetched once, then cleared
