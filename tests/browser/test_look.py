"""The look in Chromium (issue 18): one typeface, and a focus ring of at least 2 px and 3:1 against what surrounds
it. (Reflow at 320 px and content in the top quarter of a 1366×768 screen, for every role and page:
tests/browser/test_every_page.py.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from components.theme import contrast
from tests.browser.conftest import assert_clean_console, login

pytestmark = pytest.mark.browser

# The focused element's ring colours and width, and the colour behind it (the nearest opaque background).
RING = """() => {
  // Dash 4 clips a text field's own ring (its container has overflow: hidden): the container draws it (trial 23)
  const focused = document.activeElement;
  const el = focused.matches('.dash-input-element') && focused.closest('.dash-input-container') || focused;
  const cs = getComputedStyle(el);
  const hex = (c) => { const m = c.match(/\\d+(\\.\\d+)?/g); if (!m) return null;
    if (m.length > 3 && Number(m[3]) === 0) return null;
    return '#' + m.slice(0, 3).map((v) => Number(v).toString(16).padStart(2, '0')).join(''); };
  let node = el.parentElement, behind = null;
  while (node && !behind) { behind = hex(getComputedStyle(node).backgroundColor); node = node.parentElement; }
  const shadow = cs.boxShadow.match(/rgba?\\([^)]*\\)/);
  return { tag: el.tagName + '.' + String(el.className).slice(0, 40), style: cs.outlineStyle,
           width: parseFloat(cs.outlineWidth), outline: hex(cs.outlineColor), inner: shadow ? hex(shadow[0]) : null,
           behind: behind || '#ffffff', visible: el.getBoundingClientRect().width > 2 && cs.opacity !== '0' };
}"""


def test_one_typeface_and_the_user_named_once(app_url, page):
    login(page, app_url)
    page.goto(app_url + "/prosjekter")
    expect(page.locator(".ag-cell").first).to_be_visible()
    fonts = page.evaluate(
        """() => ['body', 'h1', '.ag-cell', '.dash-dropdown', '.main-svg text']
              .map((s) => document.querySelector(s)).filter(Boolean)
              .map((el) => getComputedStyle(el).fontFamily.split(',')[0].replace(/["']/g, '').trim())"""
    )
    assert set(fonts) == {"Inter"}, fonts
    assert page.evaluate("document.fonts.check('16px Inter')")
    assert page.locator(".user-box a").inner_text().count("Siri Sekretær") == 1
    page.goto(app_url + "/gevinster")
    expect(page.locator("main h1")).to_be_visible()
    assert page.locator("main .badge-illustrative").count() <= 1  # «Eksempeldata» once per page


@pytest.mark.parametrize("path", ["/", "/prosjekter", "/gevinster", "/innrapportering/15266"])
def test_focus_ring_is_2px_and_3_to_1_on_its_background(app_url, page, path):
    login(page, app_url)
    page.goto(app_url + path)
    expect(page.locator("main h1").first).to_be_visible()
    page.wait_for_timeout(500)
    seen, weak = 0, []
    for _ in range(40):
        page.keyboard.press("Tab")
        ring = page.evaluate(RING)
        if not ring["visible"] or ring["tag"].startswith(("BODY", "MAIN")):
            continue
        seen += 1
        colours = [c for c in (ring["outline"], ring["inner"]) if c]
        best = max((contrast(c, ring["behind"]) for c in colours), default=0)
        if ring["style"] == "none" or ring["width"] < 2 or best < 3:
            weak.append(ring)
    assert seen >= 10 and weak == []


def test_charts_are_drawn_to_the_page_width_for_printing_and_back_after(app_url, page):
    """The session-20 trial: printed from a wide window, /indikatorer lost the right part of every chart."""
    login(page, app_url)
    page.goto(app_url + "/indikatorer")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    # the arrows before «Bak planen» are for the eye only (trial 25a: read aloud as triangles)
    arrows = page.locator(".kpi-progress span", has_text=re.compile("[▲▼]"))
    assert arrows.count() > 0 and arrows.evaluate_all("a => a.every(s => s.getAttribute('aria-hidden') === 'true')")
    widths = "[...document.querySelectorAll('.js-plotly-plot .main-svg')].map(svg => svg.getBoundingClientRect().width)"
    on_screen = page.evaluate(widths)
    assert on_screen and min(on_screen) > 700  # drawn for the 1366-px window
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert max(page.evaluate(widths)) <= 620  # the width of an A4 page inside its margins and the card's padding
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_function(f"Math.min(...{widths}) > 700")  # printing itself: the test below


def test_a_printed_page_starts_with_its_first_chart_and_keeps_headings_with_their_tables(app_url, page, tmp_path):
    """The session-20 re-check: /okonomi printed a nearly blank first page (the chart card with its table opened
    did not fit under the title) and «Tabell 3» with its caption stood at a page foot, its rows on the next."""
    from io import BytesIO

    from pypdf import PdfReader

    login(page, app_url)
    page.goto(app_url + "/okonomi")
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=20_000)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    pages = [p.extract_text() for p in PdfReader(BytesIO(page.pdf(format="A4"))).pages]
    assert "Innvilget hittil og brukt per prosjekt" in pages[0] and "2,5 mill." in pages[0]  # the chart's axis
    for heading in ("Tabell 3: Fordelte og brukte midler", "Tabell 4: Gjenværende og videreførte midler"):
        where = next(text for text in pages if heading in text)
        after = where[where.index(heading) :]
        assert "kr" in after, (heading, after)  # some of the table's rows are on the heading's page


@pytest.mark.parametrize("path,grid", [("/prosjekter", "prosjekter-rutenett"), ("/", "oversikt-prosjekter-rutenett")])
def test_the_project_grids_fit_a_1366_screen(app_url, page, path, grid):
    """Trials 25a/25b: at 1366 px the grid's «Varsler» column was cut at the right edge and names were cut short."""
    login(page, app_url)
    page.goto(app_url + path)
    expect(page.locator(f"#{grid} .ag-row").first).to_be_visible()
    viewport = page.locator(f"#{grid} .ag-center-cols-viewport")
    assert viewport.evaluate("v => v.scrollWidth <= v.clientWidth + 1")
    names = page.locator(f"#{grid} .ag-cell[col-id='name']")
    assert names.evaluate_all("cells => cells.every(c => c.scrollWidth <= c.clientWidth + 1)")
    assert_clean_console(page)
