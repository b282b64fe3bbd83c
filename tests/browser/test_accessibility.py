"""WCAG 2.1 AA: axe-core on the login page, and the main flows by keyboard only. (axe on every page, per role and
state: tests/browser/test_every_page.py.)"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_clean_console, login, running_app

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()


def serious(page) -> list[str]:
    page.wait_for_timeout(800)
    result = AXE.run(page, options=WCAG)
    return [
        f"{v['id']}: {v['nodes'][0]['target']}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_login_page_passes_axe(app_url, page):
    page.goto(app_url + "/logg-inn")
    assert serious(page) == []


def _tab_to(page, predicate: str, limit: int = 60) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"fant ikke elementet med tastaturet: {predicate}")


def test_keyboard_only_walk(app_url, page):
    page.goto(app_url + "/logg-inn")
    _tab_to(page, "el.id === 'brukernavn'")
    page.keyboard.type("siri")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(app_url + "/")
    expect(page.locator("#oversikt-innvilget")).to_contain_text("18 000 000 kr")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnholdet")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hovedinnhold"

    page.goto(app_url + "/")
    expect(page.locator("#oversikt-innvilget")).to_be_visible()
    _tab_to(page, "el.tagName === 'A' && el.textContent.trim() === 'Prosjekter' && el.closest('nav')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Prosjekter", level=1)).to_be_visible()
    _tab_to(
        page, "el.closest('.filter') && el.closest('.filter').querySelector('label').textContent.trim() === 'Status'"
    )
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option", name="Avsluttede")).to_be_visible()
    page.keyboard.type("Avsl")
    expect(page.get_by_role("option", name="Aktive")).to_have_count(0)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**status=avsluttet**", timeout=15_000)
    expect(page.locator("#prosjekter-antall")).to_contain_text("Viser 2 av 9 prosjekter")

    page.goto(app_url + "/okonomi")
    expect(page.locator("#okonomi-tabell3")).to_be_visible()
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Last ned som Excel'", limit=120)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".xlsx")

    _tab_to(page, "el.tagName === 'SUMMARY'", limit=120)
    page.keyboard.press("Enter")
    expect(page.locator("details[open]").first).to_be_visible()
    assert_clean_console(page)


@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    """A separate app, since this walk opens the round and approves a report."""
    with running_app(tmp_path_factory.mktemp("tastatur"), {"GEVINST_TODAY": "2025-10-03"}) as url:
        yield url


def test_keyboard_only_report_upload_and_approval(own_app, page, tmp_path):
    app_url = own_app
    login(page, app_url)
    page.goto(app_url + "/innrapportering")
    expect(page.locator("#innrapportering-statustabell")).to_be_visible()
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Åpne runden'", limit=60)
    page.keyboard.press("Enter")
    expect(page.locator("#innrapportering-runde-status")).to_contain_text("Åpen for rapportering")
    # the message takes focus: the button, now «Lukk runden», must not close the round at a second Enter (trial 23)
    expect(page.locator("#innrapportering-runde-melding .take-focus")).to_be_focused()
    expect(page.locator("#innrapportering-runde-melding [role=status]")).to_have_text("Runden er åpnet.")
    page.goto(app_url + "/innrapportering/15266")
    expect(page.get_by_role("heading", name="Rapport: Eldreløftet, Høst 2025")).to_be_visible()
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Last ned mal (.xlsx)'", limit=80)
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    path = tmp_path / "mal.xlsx"
    info.value.save_as(path)
    expect(page.locator(".upload[data-a11y][aria-disabled='false']")).to_have_count(1)
    _tab_to(page, "el.closest('.upload') !== null", limit=20)
    chooser = None
    for key in ("Enter", "Space", "Enter"):  # the chooser event is occasionally slow to arrive headless
        try:
            with page.expect_file_chooser(timeout=4_000) as info:
                page.keyboard.press(key)
            chooser = info.value
            break
        except Exception:
            assert page.evaluate("document.activeElement.type") == "file"
    assert chooser is not None, "filvelgeren åpnet seg ikke med tastaturet"
    chooser.set_files(str(path))
    expect(page.locator("#prosjektrapportering-kontroll")).to_contain_text("kontrollert uten feil")
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Send inn filen'", limit=40)
    page.keyboard.press("Enter")
    expect(page.locator("#prosjektrapportering-status-tekst")).to_contain_text("Sendt inn")
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Godkjenn'", limit=200)
    page.keyboard.press("Enter")
    expect(page.locator("#prosjektrapportering-status-tekst")).to_contain_text("Godkjent")
    # the disabled button did not take focus to <body> (trial 25a); it waits at the review's message
    expect(page.locator("#prosjektrapportering-gjennomgang-melding")).to_be_focused()
    assert_clean_console(page)


def test_keyboard_only_grid_editing(own_app, page):
    login(page, own_app)
    page.goto(own_app + "/innrapportering/15266")
    expect(page.locator("#prosjektrapportering-milepaeler-rutenett .ag-row")).not_to_have_count(0)
    _tab_to(
        page,
        "el.closest('#prosjektrapportering-milepaeler-rutenett') !== null && el.classList.contains('ag-header-cell')",
        limit=120,
    )
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#prosjektrapportering-milepaeler-rutenett .ag-cell-focus")).to_have_count(1)
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type("Endret med tastaturet")
    page.keyboard.press("Tab")
    expect(page.locator("#prosjektrapportering-milepaeler-rutenett .ag-row[row-index='0']")).to_contain_text(
        "Endret med tastaturet"
    )
    assert_clean_console(page)
