"""Every page's layout on an empty database and with filters that match nothing: a helpful message."""

from __future__ import annotations

import pytest

from app import create_app
from settings import load_config
from tests.conftest import render_layout


def render(app, path: str, **query) -> str:
    return render_layout(app, path, **query)


@pytest.fixture
def empty_app(db_url):
    return create_app(load_config({"DATABASE_URL": db_url, "GEVINST_LOAD_DEFAULT_DATA": "0"}))


@pytest.fixture
def full_app(loaded_db):
    return create_app(load_config({"DATABASE_URL": loaded_db, "GEVINST_TODAY": "2025-10-03"}))


@pytest.mark.parametrize("path", ["/", "/prosjekter", "/milepaeler", "/okonomi", "/gevinster", "/indikatorer"])
def test_pages_on_an_empty_database_explain_themselves(empty_app, path):
    text = render(empty_app, path)
    assert "empty-state" in text
    assert '"Graph"' not in text  # no empty axes


@pytest.mark.parametrize(
    "path,query,message",
    [
        ("/milepaeler", {"status": "forsinket"}, "Ingen milepæler passer med filtrene"),
        ("/prosjekter", {"sok": "finnes ikke"}, "Ingen prosjekter passer med filtrene"),
        ("/indikatorer", {"prosjekt": "38007", "bak": "ja"}, "Ingen indikatorer passer med filtrene"),
        ("/gevinster", {"runde": "Vår 2030"}, "Ingen poeng i denne runden"),
        ("/prosjekter/<nummer>", {"nummer": "99999"}, "Det finnes ikke noe prosjekt med nummer «99999»"),
        ("/", {"runde": "Vår 2030"}, "Fant ikke runden"),
    ],
)
def test_filters_that_match_nothing(full_app, path, query, message):
    assert message in render(full_app, path, **query)


@pytest.mark.parametrize(
    "path,heading",
    [
        ("/", "Oversikt"),
        ("/prosjekter", "Prosjekter"),
        ("/milepaeler", "Milepæler"),
        ("/okonomi", "Økonomi"),
        ("/gevinster", "Gevinster"),
        ("/indikatorer", "Indikatorer"),
        ("/ssu", "Beslutningsmatrise for SSU"),
        ("/innrapportering", "Innrapportering"),
        ("/rundetekster", "Tekster til rapporten"),
    ],
)
def test_stray_and_malformed_query_parameters_still_give_the_page(full_app, path, heading):
    """Unknown parameters are ignored; malformed ones (a page, a scheme or a status that is no such thing)
    give the page as if they were not there, never an error."""
    text = render(
        full_app, path, tull="1", status="ukjent", side="-3", ordning="x" * 40, prosjekt="99999", bak="kanskje"
    )
    assert f'"children": "{heading}"' in text or f'"{heading}"' in text
