"""The overview as `make run` serves it, in real headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_clean_console, login

pytestmark = pytest.mark.browser


def test_overview_shows_the_autumn_2025_portfolio(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", name="Oversikt", level=1)).to_be_visible()
    expect(page.locator("#oversikt-ramme")).to_contain_text("18 000 000 kr")
    expect(page.locator("#oversikt-innvilget")).to_contain_text("18 000 000 kr")
    expect(page.locator("#oversikt-brukt")).to_contain_text("5 642 062 kr")
    expect(page.locator("#oversikt-prosjekter")).to_contain_text("7 aktive")
    expect(page.locator("#oversikt-avvik")).to_contain_text("2")
    grid = page.locator("#oversikt-prosjekter-rutenett")
    row = grid.locator(".ag-row", has_text="Eldreløftet")
    expect(row).to_contain_text("2 924 000 kr")
    expect(row).to_contain_text("2 060 000 kr")
    expect(row).to_contain_text("35,2 %")
    findings = page.locator("#oversikt-avvik-tabell")
    hosp = findings.locator("tr", has_text="Hospiteringsordning")
    expect(hosp).to_contain_text("2 492 957 kr")
    expect(hosp).to_contain_text("5 807 957 kr")
    expect(findings.locator("tr", has_text="Eldreløftet")).to_contain_text("3 663 000 kr")
    assert_clean_console(page)


def test_grid_sorts_by_amount(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/")
    header = page.locator("#oversikt-prosjekter-rutenett .ag-header-cell", has_text="Innvilget per år")
    header.locator(".ag-header-cell-label").click()
    header.locator(".ag-header-cell-label").click()
    first = page.locator("#oversikt-prosjekter-rutenett .ag-row[row-index='0']")
    expect(first).to_contain_text("Furumoen")
    assert_clean_console(page)


def test_unknown_address_gets_a_norwegian_404(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/finnes-ikke")
    expect(page.get_by_role("heading", name="Fant ikke siden")).to_be_visible()
    page.get_by_role("link", name="Gå til oversikten").click()
    expect(page.locator("#oversikt-innvilget")).to_contain_text("18 000 000 kr")
    # the address itself answers HTTP 404 (Chromium logs that); nothing else may be in the console
    assert [m for m in page.console_messages_seen if "status of 404" not in m] == []


def test_skip_link_moves_focus_to_main(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/")
    expect(page.locator("#oversikt-innvilget")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnholdet")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hovedinnhold"


@pytest.fixture(scope="module")
def two_schemes_app(tmp_path_factory):
    """An app with two rounds in the default scheme and a second partnership's scheme."""
    from tests.browser.conftest import start_app
    from tests.cli import run_cli
    from tests.services.test_schemes import second_scheme_workbook

    folder = tmp_path_factory.mktemp("schemes")
    proc, url = start_app(folder / "app.sqlite")
    db = f"sqlite:///{folder / 'app.sqlite'}"
    for args in (
        ["import", "data/rapport_host_2025.xlsx", "--round", "Vår 2025"],
        [
            "schemes",
            "add",
            "--partnership",
            "Helsefellesskapet Salten",
            "--name",
            "Samhandlingsmidler",
            "--envelope",
            "5000000",
            "--first-year",
            "2025",
        ],
        ["import", str(second_scheme_workbook(folder / "salten.xlsx")), "--scheme", "2", "--round", "Vår 2026"],
    ):
        assert run_cli(*args, "--db", db).returncode == 0
    national = ["users", "add", "nora", "--role", "leser", "--national", "--name", "Nora Nasjonal", "--password-stdin"]
    assert run_cli(*national, "--db", db, input=PASSWORD + "\n").returncode == 0
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_round_filter_updates_the_page_in_place_and_keeps_the_link(two_schemes_app, page):
    login(page, two_schemes_app)
    page.goto(two_schemes_app + "/")
    lead = page.locator("#oversikt-ingress")
    expect(lead).to_contain_text("Rapporteringsrunde: Høst 2025")
    page.locator("#oversikt-runde").click()
    page.get_by_role("option", name="Vår 2025", exact=True).click()
    expect(lead).to_contain_text("Rapporteringsrunde: Vår 2025")
    expect(page).to_have_url(re.compile(r"runde=V%C3%A5r\+2025"))
    expect(page.locator("#oversikt-prosjekter-rutenett .ag-row", has_text="Eldreløftet")).to_contain_text(
        "2 924 000 kr"
    )
    page.reload()
    expect(lead).to_contain_text("Rapporteringsrunde: Vår 2025")
    assert_clean_console(page)


def test_scheme_filter_shows_another_partnerships_projects(two_schemes_app, page):
    """A national reader chooses among every partnership's schemes (a partnership's own users see only theirs,
    tests/web/test_tenants.py)."""
    login(page, two_schemes_app, "nora")
    page.goto(two_schemes_app + "/")
    page.locator("#oversikt-ordning").click()
    page.get_by_role("option", name="Helsefellesskapet Salten – Samhandlingsmidler").click()
    expect(page).to_have_url(re.compile(r"ordning=2"))
    expect(page.locator("#oversikt-ingress")).to_contain_text("Samhandlingsmidler, Helsefellesskapet Salten")
    expect(page.locator("#oversikt-ingress")).to_contain_text("Vår 2026")
    grid = page.locator("#oversikt-prosjekter-rutenett")
    expect(grid).to_contain_text("Digital hjemmeoppfølging Salten")
    expect(grid).not_to_contain_text("Eldreløftet")
    page.goto(two_schemes_app + "/okonomi?ordning=2")
    expect(page.locator("#okonomi-tabell3")).to_contain_text("Digital hjemmeoppfølging Salten")
    assert_clean_console(page)
