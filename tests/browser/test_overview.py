"""The overview as `make run` serves it, in real headless Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean_console, login

pytestmark = pytest.mark.browser


def test_overview_shows_the_autumn_2025_portfolio(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", name="Oversikt", level=1)).to_be_visible()
    expect(page.locator("#overview-envelope")).to_contain_text("18 000 000 kr")
    expect(page.locator("#overview-allocated")).to_contain_text("18 000 000 kr")
    expect(page.locator("#overview-spent")).to_contain_text("5 642 062 kr")
    expect(page.locator("#overview-projects")).to_contain_text("7 aktive")
    expect(page.locator("#overview-findings")).to_contain_text("2")
    grid = page.locator("#overview-projects-grid")
    row = grid.locator(".ag-row", has_text="Eldreløftet")
    expect(row).to_contain_text("2 924 000 kr")
    expect(row).to_contain_text("2 060 000 kr")
    expect(row).to_contain_text("35,2 %")
    findings = page.locator("#overview-findings-table")
    hosp = findings.locator("tr", has_text="Hospiteringsordning")
    expect(hosp).to_contain_text("2 492 957 kr")
    expect(hosp).to_contain_text("5 807 957 kr")
    expect(findings.locator("tr", has_text="Eldreløftet")).to_contain_text("3 663 000 kr")
    assert_clean_console(page)


def test_grid_sorts_by_amount(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/")
    header = page.locator("#overview-projects-grid .ag-header-cell", has_text="Innvilget per år")
    header.locator(".ag-header-cell-label").click()
    header.locator(".ag-header-cell-label").click()
    first = page.locator("#overview-projects-grid .ag-row[row-index='0']")
    expect(first).to_contain_text("Furumoen")
    assert_clean_console(page)


def test_unknown_address_gets_a_norwegian_404(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/finnes-ikke")
    expect(page.get_by_role("heading", name="Fant ikke siden")).to_be_visible()
    page.get_by_role("link", name="Gå til oversikten").click()
    expect(page.locator("#overview-allocated")).to_contain_text("18 000 000 kr")
    assert_clean_console(page)


def test_skip_link_moves_focus_to_main(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/")
    expect(page.locator("#overview-allocated")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnholdet")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hovedinnhold"
