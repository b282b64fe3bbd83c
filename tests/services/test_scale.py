"""Pages at national scale (the bench's synthetic data set): long lists come a page at a time."""

from __future__ import annotations

import pytest

from app import create_app
from bench.national import generate
from settings import load_config
from tests.conftest import render_layout

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('national') / 'national.sqlite'}"
    data = generate(url)
    app = create_app(
        load_config({"DATABASE_URL": url, "GEVINST_TODAY": "2025-12-01", "GEVINST_LOAD_DEFAULT_DATA": "0"})
    )
    return app, data


def render(app, path: str, **params) -> str:
    return render_layout(app, path, **params)


def test_the_data_set_has_national_size(national):
    _app, data = national
    assert (data.projects, data.milestones, data.kpi_values) == (1000, 20000, 50000)
    assert data.scores == 1000 * 10 * 11


@pytest.mark.parametrize(
    "path", ["/", "/prosjekter", "/milepaeler", "/okonomi", "/gevinster", "/indikatorer", "/innrapportering", "/ssu"]
)
def test_every_page_stays_under_300_kb(national, path):
    app, _data = national
    assert len(render(app, path).encode()) < 300 * 1024


def test_long_lists_come_a_page_at_a_time(national):
    app, _data = national
    okonomi = render(app, "/okonomi")
    assert "Viser prosjekt 1–20 av 100." in okonomi and "Side 1 av 5" in okonomi
    assert "Side 2 av 5" in render(app, "/okonomi", side="2")
    assert "Side 1 av 5" in render(app, "/ssu") and "Side 5 av 5" in render(app, "/ssu", side="5")  # 20 per page
    milestones = render(app, "/milepaeler")
    assert "Viser prosjekt 1–20 av 100." in milestones
    kpis = render(app, "/indikatorer")
    assert "500 indikatorer i 100 prosjekter" in kpis and "Side 1 av 25" in kpis
    assert kpis.count('"type": "Graph"') == 20
    gevinster = render(app, "/gevinster", side="5")
    assert "Viser prosjekt 81–100 av 100." in gevinster and "Side 5 av 5" in gevinster
    overview = render(app, "/")
    assert '"pagination": true' in overview and '"paginationPageSize": 20' in overview
