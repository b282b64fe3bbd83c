"""Every page on the default data in real headless Chromium: content, filters in the URL, exports."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from components.cells import KR_FORMAT
from tests.browser.conftest import assert_clean_console, login

pytestmark = pytest.mark.browser

# Every page of the registry (nav pages and the project page), with a text that proves real content.
PAGES = [
    ("/", "Oversikt", "18 000 000 kr"),
    ("/prosjekter", "Prosjekter", "Eldreløftet"),
    ("/prosjekter/39011", "Furumoen som utstillingsvindu for fremtidens helsetjenester", "Linda Elisabeth Strøm"),
    ("/prosjekter/id-9", "Anskaffelse av CADD Solis pumpe", "Avsluttet"),
    ("/milepaeler", "Milepæler", "Tidslinje over milepæler"),
    ("/okonomi", "Økonomi", "Tabell 3: Fordelte og brukte midler"),
    ("/gevinster", "Gevinster", "Gevinster per kriterium (0–3)"),
    ("/indikatorer", "Indikatorer", "LSU-møter per år"),
    ("/innrapportering", "Innrapportering", "Ny rapporteringsrunde"),
    ("/innrapportering/15266", "Rapport: Eldreløftet, Høst 2025", "Last ned mal (.xlsx)"),
    ("/rundetekster", "Tekster til rapporten", "Kapitler i rapporten for Høst 2025"),
    ("/bruker", "Min side", "Du er logget inn som"),
    ("/brukere", "Brukere", "gunnhild"),
    ("/ssu", "Beslutningsmatrise for SSU", "Reglene foreslår"),
    ("/tilgjengelighet", "Tilgjengelighetserklæring", "WCAG 2.1"),
]
TEMPLATES = {"/prosjekter/": "/prosjekter/<nummer>", "/innrapportering/": "/innrapportering/<nummer>"}


def _registry_key(path: str) -> str:
    for prefix, template in TEMPLATES.items():
        if path.startswith(prefix):
            return template
    return path


def test_every_registered_page_is_covered(db_url):
    import dash

    from app import create_app
    from settings import load_config

    create_app(load_config({"DATABASE_URL": db_url, "GEVINST_LOAD_DEFAULT_DATA": "0"}))
    paths = {p.get("path_template") or p["path"] for p in dash.page_registry.values()}
    covered = {_registry_key(path) for path, _h, _t in PAGES}
    assert len(paths) >= 14
    assert paths - {"/404"} <= covered


@pytest.mark.parametrize("path,heading,text", PAGES)
def test_page_loads_with_content_and_no_errors(app_url, page, path, heading, text):
    login(page, app_url)
    page.goto(app_url + path)
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text(text)
    expect(page.locator("main")).not_to_contain_text("Traceback")
    assert_clean_console(page)


def test_finances_show_report_figures_and_printed_beside_computed(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/okonomi")
    row = page.locator("#okonomi-tabell3 tr", has_text="Eldreløftet")
    expect(row).to_contain_text("2 924 000 kr")
    expect(row).to_contain_text("2 060 000 kr")
    tgm = page.locator("#okonomi-tabell4 tr", has_text="Hospiteringsordning")
    expect(tgm).to_contain_text("2 492 957 kr")
    expect(tgm).to_contain_text("5 807 957 kr")
    expect(tgm).to_contain_text("Avvik")
    expect(page.locator("#okonomi-sokt")).to_contain_text("3 440 000 kr")
    assert_clean_console(page)


def test_milestone_timeline_shows_furumoen_m14(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/milepaeler")
    page.wait_for_function(  # placed on the timeline (the figure's data; Plotly may thin out crowded tick labels)
        """() => { const g = document.querySelector('#milepaeler-tidslinje .js-plotly-plot');
        return g && g.data && g.data.some(t => (t.y || []).includes('Furumoen som utstillingsvindu – M14')); }"""
    )
    unplaced = page.locator("#milepaeler-uplassert")
    expect(unplaced).to_contain_text("M13")
    expect(unplaced).to_contain_text("Gjennomføring av pilot")
    assert_clean_console(page)


def test_a_filter_in_the_url_survives_a_reload(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/prosjekter")
    page.locator("#prosjekter-status").click()
    page.get_by_role("option", name="Avsluttede").click()
    page.wait_for_url("**/prosjekter?status=avsluttet**")
    expect(page.locator("#prosjekter-antall")).to_contain_text("Viser 2 av 9 prosjekter")
    page.reload()
    expect(page.locator("#prosjekter-antall")).to_contain_text("Viser 2 av 9 prosjekter")
    expect(page.locator("#prosjekter-rutenett")).to_contain_text("CADD Solis pumpe")
    expect(page.locator("#prosjekter-rutenett")).not_to_contain_text("Eldreløftet")
    assert_clean_console(page)


def test_milestone_filter_from_a_shared_link(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/milepaeler?prosjekt=49674&status=ferdig")
    table = page.locator("#milepaeler-alle")
    expect(table.locator(".ag-center-cols-container .ag-row")).to_have_count(5)
    expect(table).not_to_contain_text("Furumoen")
    assert_clean_console(page)


def test_project_link_from_the_list_opens_the_project(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/prosjekter")
    page.locator("#prosjekter-rutenett").get_by_role("link", name="Eldreløftet").click()
    expect(page.get_by_role("heading", name="Eldreløftet", level=1)).to_be_visible()
    expect(page).to_have_title("Prosjekt 15266 – Gevinstportalen")  # which project, for a screen reader's tab list
    expect(page.locator("#prosjekt-fakta")).to_contain_text("Gunnhild Ag")
    expect(page.locator("#prosjekt-poeng")).to_contain_text("Samarbeidsmodeller")
    expect(page.locator("main")).to_contain_text("Eksempeldata")
    assert_clean_console(page)


def test_the_grids_round_a_percentage_as_the_server_does(app_url, page):
    """Trials 24b and 24d: the grid's «Forbruk» said «31,3 %» where /okonomi said «31,2 %», and 28,25 % was «28,2 %»."""
    from domain.formatting import format_percent

    login(page, app_url)
    page.goto(app_url + "/prosjekter")
    expect(page.locator("#prosjekter-rutenett")).to_be_visible()
    shares = [0.3125, 960_500 / 3_400_000, 80_373 / 3_738_300, 0.0145, 0.01449999, 0.0149, 1.0, 0.0]
    in_grid = page.evaluate("shares => shares.map(s => window.dashAgGridFunctions.formatPercent(s))", shares)
    assert in_grid == [format_percent(s) for s in shares]


def test_table_downloads_as_excel(app_url, page, tmp_path):
    login(page, app_url)
    page.goto(app_url + "/okonomi")
    with page.expect_download() as info:
        page.locator("#okonomi-tabell3 + .export button").click()
    path = tmp_path / "t3.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:3] == ["Prosjekt", "Innvilget sum årlig", "Brukte midler totalt (oppgitt)"]
    assert rows[4][:3] == ["Eldreløftet", 2924000, 2060000]  # numbers that sum, shown as kroner
    assert sheet["B5"].number_format == KR_FORMAT
    assert_clean_console(page)


def test_criteria_texts_are_one_click_away(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/gevinster")
    help_box = page.locator("#gevinster-kriterier")
    help_box.locator("summary").click()
    expect(help_box).to_contain_text("Tiltak som prioriterer pasientgruppen skrøpelige eldre")
    assert_clean_console(page)


def test_template_downloads_from_the_project_page(app_url, page, tmp_path):
    login(page, app_url)
    from etl.template import read_template
    from settings import load_config

    page.goto(app_url + "/prosjekter/15266")
    with page.expect_download() as info:
        page.get_by_role("button", name="Last ned rapporteringsmal for Høst 2025").click()
    path = tmp_path / "mal.xlsx"
    info.value.save_as(path)
    reading = read_template(path.read_bytes(), "mal.xlsx", key=load_config().secret_key)  # the same app's secret
    assert reading.ok and reading.project_number == "15266" and reading.round_name == "Høst 2025"
    expect(page.locator("#oversikt-innrapportering")).to_have_count(0)
    page.goto(app_url + "/")
    expect(page.locator("#oversikt-innrapportering")).to_contain_text(
        "7 av 7 inne"
    )  # the round's report file counts (trial 23)
    assert_clean_console(page)


def test_ssu_matrix_and_a_decision(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/ssu")
    row = page.locator("#ssu-matrise tr", has_text="DHO – felles tjeneste")
    expect(row).to_contain_text("Justere: forbruk 1,5 % av innvilget")
    expect(page.locator("#ssu-matrise tr", has_text="Hospiteringsordning")).to_contain_text("2 492 957 kr")
    expect(page.locator("#ssu-matrise th").nth(4)).to_have_text("Gjenstående (TGM)")
    assert_clean_console(page)


def test_round_report_downloads_from_the_ssu_page(app_url, page, tmp_path):
    login(page, app_url)
    page.goto(app_url + "/ssu")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Rapport (Word)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    from docx import Document

    assert any("Rapport høst 2025" in p.text for p in Document(str(path)).paragraphs)
    expect(page.locator("#ssu-dokument-melding")).to_contain_text("er laget")
    assert_clean_console(page)
