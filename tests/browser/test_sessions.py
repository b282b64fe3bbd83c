"""Sessions that end honestly, in Chromium: the secretariat disables a project leader while she is on a page;
her next click shows a Norwegian banner (no script error, nothing typed lost) whose login link opens in a new
tab and returns to the page she was on. The menu shows each role only the pages it can use."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS, assert_clean_console, login, running_app  # noqa: F401

pytestmark = pytest.mark.browser

EXPIRED = "Økten din er utløpt. Logg inn igjen – det du har skrevet er tatt vare på i denne nettleseren."


@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("okter")) as url:
        yield url


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nb-NO")
    page = context.new_page()
    page.console_messages_seen = []
    page.on("console", lambda msg: page.console_messages_seen.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda err: page.console_messages_seen.append(f"pageerror: {err}"))
    return page


def _menu(page):
    return page.get_by_role("navigation", name="Hovedmeny")


def _clean_but_401(page):
    """A refused request is answered 401 by design, and Chromium logs the status; nothing else may appear."""
    page.console_messages_seen[:] = [m for m in page.console_messages_seen if "401 (UNAUTHORIZED)" not in m]
    assert_clean_console(page)


def test_the_menu_per_role(own_app, browser):
    for username, sees_users in (("siri", True), ("gunnhild", False), ("ssu", False)):
        page = _new_page(browser)
        login(page, own_app, username)
        expect(_menu(page).get_by_role("link", name="Økonomi")).to_be_visible()
        expect(_menu(page).get_by_role("link", name="Brukere")).to_have_count(1 if sees_users else 0)
        assert_clean_console(page)
        page.context.close()


def test_an_ended_session_shows_a_norwegian_banner_with_a_working_login_link(own_app, browser):
    leader = _new_page(browser)
    login(leader, own_app, "gunnhild")
    leader.goto(own_app + "/bruker?fra=meny")
    expect(leader.locator("#bruker-navn-vist")).to_contain_text("Gunnhild Ag")

    admin = _new_page(browser)
    login(admin, own_app, "siri")
    admin.goto(own_app + "/brukere")
    admin.locator("#brukere-valgt").click()
    admin.get_by_role("option", name=re.compile(r"\(gunnhild\)")).click()
    expect(admin.locator("#brukere-valgt-status")).to_contain_text("«gunnhild» er aktiv")
    admin.get_by_role("button", name="Deaktiver", exact=True).click()
    expect(admin.locator("#brukere-aktiv-melding")).to_contain_text("«gunnhild» er deaktivert.")

    leader.get_by_label("Passordet du har nå").fill("noe hun skrev")
    leader.get_by_role("button", name="Bytt passord").click()
    banner = leader.locator("#okt-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(EXPIRED)
    link = banner.get_by_role("link", name="Logg inn igjen (åpnes i ny fane)")
    expect(link).to_have_attribute("href", "/logg-inn?neste=%2Fbruker%3Ffra%3Dmeny")
    expect(link).to_have_attribute("target", "_blank")
    expect(leader.get_by_label("Passordet du har nå")).to_have_value("noe hun skrev")  # nothing typed is lost

    admin.get_by_role("button", name="Aktiver", exact=True).click()
    expect(admin.locator("#brukere-aktiv-melding")).to_contain_text("«gunnhild» er aktivert.")
    assert_clean_console(admin)

    with leader.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.get_by_label("Brukernavn").fill("gunnhild")
    tab.get_by_label("Passord", exact=True).fill("test-passord-som-er-langt")
    tab.get_by_role("button", name="Logg inn").click()
    tab.wait_for_url(own_app + "/bruker?fra=meny")
    expect(tab.locator("#bruker-navn-vist")).to_contain_text("Gunnhild Ag")

    leader.bring_to_front()
    leader.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(banner).to_contain_text("Du er logget inn igjen.")
    expect(leader.get_by_label("Passordet du har nå")).to_have_value("noe hun skrev")
    _clean_but_401(leader)


def test_a_warning_before_the_session_ends_with_a_way_to_stay(own_app, browser):
    """An hour passes on the page's clock (Playwright's fake clock) and the server then says 100 seconds are
    left (faked, so the test need not wait an hour): the page warns, and «Fortsett å være innlogget» extends
    the session on the server and removes the warning."""
    page = _new_page(browser)
    login(page, own_app, "ssu")
    page.clock.install()
    page.goto(own_app + "/okonomi")
    page.wait_for_load_state("networkidle")
    banner = page.locator("#okt-banner")
    expect(banner).to_have_count(0)
    page.route("**/okt", lambda route: route.fulfill(json={"active": True, "remaining": 100, "timeout": 3600}))
    page.clock.fast_forward("58:30")
    expect(banner).to_contain_text("Økten utløper om 2 minutter.")
    with page.expect_response("**/okt/forleng") as answer:
        banner.get_by_role("button", name="Fortsett å være innlogget").click()
    assert answer.value.json()["active"] and answer.value.json()["remaining"] > 3500
    expect(banner).to_be_hidden()
    assert_clean_console(page)
    page.context.close()


def test_a_callback_without_an_answer_from_the_app_says_so_and_keeps_what_was_typed(own_app, browser):
    """Trial 24b: behind nginx, a save answered 502 (the proxy, not the app) showed nothing at all."""
    page = _new_page(browser)
    login(page, own_app, "gunnhild")
    page.goto(own_app + "/bruker?fra=meny")
    expect(page.locator("#bruker-navn-vist")).to_contain_text("Gunnhild Ag")
    page.route("**/_dash-update-component*", lambda route: route.fulfill(status=502, body="<html>Bad Gateway</html>"))
    page.get_by_label("Passordet du har nå").fill("noe hun skrev")
    page.get_by_role("button", name="Bytt passord").click()
    alert = page.locator("#app-feil")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Svaret fra serveren kom ikke fram (feil 502). Det du gjorde nå, ble kanskje ikke")
    expect(page.get_by_label("Passordet du har nå")).to_have_value("noe hun skrev")
    page.unroute("**/_dash-update-component*")
    page.console_messages_seen[:] = [m for m in page.console_messages_seen if "502 (Bad Gateway)" not in m]
    assert_clean_console(page)
    page.context.close()
