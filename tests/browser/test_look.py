"""The look in Chromium (issue 18): reflow at 320 px for every role and page, content in the top quarter of a
1366×768 screen, one typeface, and a focus ring of at least 2 px and 3:1 against what surrounds it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.theme import contrast
from tests.browser.conftest import USERS, login
from tests.browser.test_pages import PAGES

pytestmark = pytest.mark.browser

PATHS = [p for p, _h, _t in PAGES] + ["/finnes-ikke"]

# The focused element's ring colours and width, and the colour behind it (the nearest opaque background).
RING = """() => {
  const el = document.activeElement;
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


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nb-NO")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("username", [u for u, _r, _p, _n in USERS])
def test_no_sideways_scroll_at_320_px_on_any_page(app_url, narrow, username):
    login(narrow, app_url, username)
    wide = {}
    for path in PATHS:
        narrow.goto(app_url + path)
        expect(narrow.locator("main h1").first).to_be_visible()
        narrow.wait_for_timeout(400)  # charts and grids lay themselves out
        width = narrow.evaluate("document.scrollingElement.scrollWidth")
        if width > 320:
            wide[path] = width
    assert wide == {}


def test_header_and_filters_leave_three_quarters_to_content(app_url, page):
    login(page, app_url)
    for path in PATHS:
        page.goto(app_url + path)
        expect(page.locator("main h1").first).to_be_visible()
        page.wait_for_timeout(300)
        chrome = page.evaluate(
            """() => { const h = document.querySelector('.topbar').getBoundingClientRect().height;
                       const f = document.querySelector('.filter-bar');
                       return h + (f ? f.getBoundingClientRect().height : 0); }"""
        )
        top = page.evaluate("document.querySelector('main h1').getBoundingClientRect().top")
        assert chrome <= 768 * 0.25, (path, chrome)
        assert top <= 768 * 0.25, (path, top)


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
