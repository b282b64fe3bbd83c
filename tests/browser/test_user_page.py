"""Min side in Chromium: a user changes their own password with the keyboard and logs in with it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean_console, start_app
from tests.cli import run_cli

pytestmark = pytest.mark.browser

OLD, NEW = "gammelt-passord-1", "nytt-passord-som-er-langt"


@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bruker")
    proc, url = start_app(folder / "app.sqlite")
    assert (
        run_cli(
            "users",
            "add",
            "kari",
            "--role",
            "leser",
            "--name",
            "Kari Leser",
            "--password-stdin",
            "--db",
            f"sqlite:///{folder / 'app.sqlite'}",
            input=OLD + "\n",
        ).returncode
        == 0
    )
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _login(page, url, password):
    page.goto(url + "/logg-inn")
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


def test_changing_your_own_password(own_app, page):
    _login(page, own_app, OLD)
    page.wait_for_url(own_app + "/")
    page.goto(own_app + "/bruker")
    page.get_by_label("Passordet du har nå").fill("feil-passord")
    page.get_by_label("Nytt passord (minst 10 tegn)").fill("kort")
    page.get_by_label("Gjenta det nye passordet").fill("annet")
    page.get_by_role("button", name="Bytt passord").click()
    alert = page.locator("#bruker-passord-feil")
    expect(alert).to_contain_text("Passordet du har nå, er feil.")
    expect(alert).to_contain_text("minst 10 tegn")
    expect(page.locator("#bruker-passord-repeat-feil")).to_contain_text("Gjenta det nye passordet likt.")
    page.get_by_label("Passordet du har nå").fill(OLD)
    page.get_by_label("Nytt passord (minst 10 tegn)").fill(NEW)
    page.get_by_label("Gjenta det nye passordet").fill(NEW)
    page.get_by_label("Gjenta det nye passordet").press("Enter")  # Enter in a field sends the form (trial 25a)
    expect(page.locator("#bruker-passord-melding")).to_contain_text("Passordet er byttet")
    expect(page.locator("#bruker-passord-feil")).to_be_empty()
    expect(page.get_by_label("Passordet du har nå")).to_have_value("")
    # a way onward that loads the whole menu anew; no one-time notice left standing (trial 25a)
    expect(page.get_by_role("link", name="Gå videre til oversikten")).to_have_attribute("href", "/")
    expect(page.locator("#bruker-engangspassord")).to_be_hidden()
    page.get_by_role("button", name="Logg ut").click()
    _login(page, own_app, OLD)
    expect(page.locator(".error-summary")).to_contain_text("Feil brukernavn eller passord.")
    # the refused login answers 401 by design (tests/test_security.py); Chromium logs that status
    page.console_messages_seen[:] = [m for m in page.console_messages_seen if "401 (UNAUTHORIZED)" not in m]
    _login(page, own_app, NEW)
    page.wait_for_url(own_app + "/")
    assert_clean_console(page)
