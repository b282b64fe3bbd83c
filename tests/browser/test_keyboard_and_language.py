"""Issue 18, keyboard first: project pages opened by keyboard from the grids and tables, grids as one Tab stop,
focus kept after navigation and filters. (No English on any page for any role: tests/browser/test_every_page.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean_console, login

pytestmark = pytest.mark.browser

ACTIVE = "(() => document.activeElement)()"


def _tab_until(page, predicate: str, limit: int = 80) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return presses
    raise AssertionError(f"fant ikke elementet med tastaturet: {predicate}")


def test_overview_grid_is_one_tab_stop_and_enter_opens_the_project(app_url, page):
    login(page, app_url)
    expect(page.locator("#oversikt-prosjekter-rutenett .ag-row")).not_to_have_count(0)
    _tab_until(page, "el.id === 'oversikt-runde'")
    into = _tab_until(page, "el.closest('#oversikt-prosjekter-rutenett') !== null", limit=2)
    assert into == 1
    passed = into + _tab_until(page, "el.closest('#oversikt-prosjekter-rutenett') === null", limit=1)
    assert passed <= 2
    page.keyboard.press("Shift+Tab")  # back into the grid
    assert page.evaluate("document.activeElement.closest('#oversikt-prosjekter-rutenett') !== null")
    page.locator("#oversikt-prosjekter-rutenett .ag-header-cell").first.focus()
    page.keyboard.press("ArrowDown")  # the first row
    for _ in range(4):
        if page.evaluate("!!document.activeElement.querySelector('a[href^=\"/prosjekter/\"]')"):
            break
        page.keyboard.press("ArrowRight")
    name = page.evaluate("document.activeElement.querySelector('a').textContent")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/prosjekter/[^/?]+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name.split("…")[0].strip())
    expect(page.get_by_role("heading", level=1)).to_be_focused()  # trial 23: a page load left focus on <body>
    assert_clean_console(page)


def test_paginated_grid_and_charts_add_few_tab_stops(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/milepaeler")
    expect(page.locator("#milepaeler-alle .ag-paging-button")).not_to_have_count(0, timeout=20_000)
    assert page.locator(".modebar").count() == 0  # charts add no toolbar stops
    _tab_until(page, "el.closest('#milepaeler-alle') !== null", limit=300)  # past the tables' project links
    passed = _tab_until(page, "el.closest('#milepaeler-alle') === null && el.closest('.ag-paging-panel') === null", 3)
    assert passed <= 2  # the grid and its pager (one stop, arrow keys between the pages' buttons)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") in ("Neste side", "Siste side")
    assert_clean_console(page)


@pytest.mark.parametrize(
    "path,container",
    [
        ("/okonomi", "#okonomi-tabell3"),
        ("/ssu", "table"),
        ("/milepaeler", "#milepaeler-alle"),  # trial 23: no way to a project from these three
        ("/gevinster", "#gevinster-alle"),
        ("/indikatorer", ".kpi-project"),
    ],
)
def test_project_links_in_tables_open_by_keyboard(app_url, page, path, container):
    login(page, app_url)
    page.goto(app_url + path)
    expect(page.locator(container).first).to_be_visible(timeout=20_000)
    if path == "/milepaeler":  # in the grid: the first cell, then Enter follows its link
        page.locator("#milepaeler-alle .ag-row[row-index='0'] .ag-cell[col-id='project']").focus()
    else:
        _tab_until(page, "el.tagName === 'A' && /\\/prosjekter\\/[^/]+$/.test(el.getAttribute('href') || '')", 150)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/prosjekter/[^/?]+$"))
    expect(page.get_by_role("heading", level=1)).to_be_focused()


def test_focus_moves_to_the_heading_after_navigation_and_stays_on_a_filter(app_url, page):
    login(page, app_url)
    _tab_until(page, "el.tagName === 'A' && el.textContent.trim() === 'Prosjekter' && el.closest('nav')")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Prosjekter", level=1)).to_be_focused()
    _tab_until(page, "el.id === 'prosjekter-status'")
    page.keyboard.press("Space")  # opens the list, as Enter and ArrowDown do (the session-21 trial: nothing)
    expect(page.get_by_role("option", name="Avsluttede")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("option", name="Avsluttede")).to_have_count(0)
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option", name="Avsluttede")).to_be_visible()
    page.keyboard.type("Avsl")  # the one option left, whatever the list had highlighted when it opened
    expect(page.get_by_role("option", name="Aktive")).to_have_count(0)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"status="), timeout=15_000)
    page.wait_for_timeout(800)
    assert page.evaluate("document.activeElement.id") == "prosjekter-status"


def test_enter_on_the_value_already_chosen_closes_the_list(app_url, page):
    """Trial 23: Enter on the round already chosen left the list open."""
    login(page, app_url)
    _tab_until(page, "el.id === 'oversikt-runde'")
    page.keyboard.press("ArrowDown")
    chosen = page.locator(".dash-options-list-option:has(input:checked)")
    expect(chosen).to_have_count(1)
    chosen.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    assert page.evaluate("document.activeElement.closest('.dash-dropdown-wrapper') !== null")


def test_a_summary_link_to_a_dropdown_focuses_it_closed(app_url, page):
    """Trial 23b: Enter on «Rolle: Velg en rolle.» opened the list over the field's message, focus in its search."""
    login(page, app_url)
    page.goto(app_url + "/brukere")
    page.get_by_role("button", name="Opprett bruker").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Rolle: Velg en rolle.").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#brukere-rolle")).to_be_focused()
    page.wait_for_timeout(300)
    expect(page.locator(".dash-dropdown-content")).to_have_count(0)


def test_a_filter_change_is_announced_and_a_working_button_keeps_focus_near(app_url, page):
    """Trial 25a: a filter's result («Viser 7 av 9 prosjekter», «Ingen treff») was never announced (WCAG 4.1.3),
    and a document button that disables itself while it works dropped focus to <body> (assets/announce.js)."""
    login(page, app_url)
    page.goto(app_url + "/prosjekter")
    expect(page.locator("#prosjekter-antall")).to_be_visible()
    page.locator("#prosjekter-status").click()
    page.get_by_role("option", name="Aktive", exact=True).click()
    region = page.locator("#kunngjoring")
    expect(region).to_have_text("Viser 7 av 9 prosjekter, rapporteringsrunde Høst 2025.")
    page.locator("#prosjekter-sok").fill("finnes ikke")  # filters after a pause in typing, no Enter (trial 25c)
    expect(region).to_have_text("Ingen treff: Ingen prosjekter passer med filtrene. Fjern ett eller flere filtre.")
    expect(page.locator("#prosjekter-sok")).to_be_focused()  # typing goes on where it was

    menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(menu.get_by_role("link", name="Prosjekter")).to_have_attribute("aria-current", "page")
    page.goto(app_url + "/ssu")
    expect(menu.get_by_role("link", name="SSU")).to_have_attribute("aria-current", "page")  # the page you are on
    expect(menu.get_by_role("link", name="Prosjekter")).not_to_have_attribute("aria-current", "page")
    button = page.get_by_role("button", name="Alle tabeller (Excel)")
    button.focus()
    with page.expect_download(timeout=60_000):
        page.keyboard.press("Enter")
        expect(page.locator("#ssu-dokument-fremdrift")).to_be_focused()  # the message, while the button waits
    expect(page.locator("#ssu-dokument-melding")).to_contain_text("er laget")
    expect(button).to_be_focused()  # and back on the button once it works again
    # while the next one is made (its progress line says «Lager …»), the last one's message steps aside
    progress = "document.getElementById('ssu-dokument-fremdrift').textContent = "
    page.evaluate(progress + "'Lager XLSX …'")
    expect(page.locator("#ssu-dokument-melding")).to_be_hidden()
    page.evaluate(progress + "''")
    expect(page.locator("#ssu-dokument-melding")).to_be_visible()
    assert_clean_console(page)


def test_a_document_job_that_never_starts_is_named(app_url, page):
    """Trial 26b: with the background worker down the five document buttons stayed grey for minutes without a
    word (assets/job_watch.js; the wait is shortened here from 30 s)."""
    login(page, app_url)
    page.goto(app_url + "/ssu")
    button = page.get_by_role("button", name="Rapport (PDF)")
    expect(button).to_be_enabled()
    page.evaluate("window.GEVINST_JOB_WAIT_MS = 1000")
    button.evaluate("b => { b.disabled = true; }")  # as Dash disables them while a job waits for a worker
    expect(page.locator("#ssu-dokument-fremdrift")).to_contain_text(
        "bakgrunnstjenesten som lager dokumentene, svarer ikke"
    )
    assert_clean_console(page)
