"""Tekster til rapporten in a real browser: the secretariat writes a chapter of a new round's report, a save
based on a stale version is refused with a way to load the latest, and a reader only reads."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_clean_console, login, running_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def texts_app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("rundetekster"), {"GEVINST_TODAY": "2026-03-01"}) as url:
        yield url


def test_secretariat_writes_the_rounds_chapters_with_versions(texts_app, browser, page):
    url = texts_app
    login(page, url, "siri")
    page.goto(url + "/innrapportering")
    page.get_by_label("Navn på runden").fill("Vår 2026")
    page.get_by_label("Navn på runden").press("Enter")  # as any web form (trial 25a)
    expect(page.get_by_text("Runden «Vår 2026» er opprettet.")).to_be_visible()  # the page moved to the new round
    page.get_by_role("link", name="Tekster til rapporten for Vår 2026").click()
    expect(page.get_by_role("heading", name="Tekster til rapporten", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Kapitler i rapporten for Vår 2026")).to_be_visible()

    # A colleague opens the same page before the first save.
    other = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nb-NO").new_page()
    other.console_messages_seen = []
    other.on("console", lambda msg: other.console_messages_seen.append(f"{msg.type}: {msg.text}"))
    other.on("pageerror", lambda err: other.console_messages_seen.append(f"pageerror: {err}"))
    login(other, url, "siri")
    other.goto(page.url)
    expect(other.get_by_label("Forord")).to_have_value("")

    page.get_by_label("Forord").fill("Våren 2026 har prosjektene kommet godt i gang.")
    page.get_by_label("1 Innledning").fill("Denne rapporten oppsummerer våren 2026.")
    page.get_by_role("button", name="Lagre tekstene").click()
    expect(page.locator("#rundetekster-melding")).to_contain_text("Lagret: Forord (versjon 1), Innledning (versjon 1).")
    expect(page.locator("#rundetekster-tekst-foreword-versjon")).to_contain_text("Versjon 1, lagret av Siri Sekretær")
    expect(page.locator("#rundetekster-versjonstabell")).to_contain_text("Innledning")

    other.get_by_label("Forord").fill("Et annet forord.")
    other.get_by_role("button", name="Lagre tekstene").click()
    errors = other.locator("#rundetekster-feil")
    expect(errors).to_contain_text("Tekstene ble ikke lagret: 1 feil")
    expect(errors).to_contain_text("Forord er lagret av Siri Sekretær")
    expect(other.locator("#rundetekster-tekst-foreword-feil")).to_contain_text("Last inn siste versjon")
    other.get_by_role("button", name="Last inn siste versjon").click()
    expect(other.get_by_label("Forord")).to_have_value("Våren 2026 har prosjektene kommet godt i gang.")
    expect(errors).to_be_empty()
    other.get_by_label("Forord").fill("Våren 2026 har prosjektene kommet godt i gang. Tillegg.")
    other.get_by_role("button", name="Lagre tekstene").click()
    expect(other.locator("#rundetekster-melding")).to_contain_text("Lagret: Forord (versjon 2).")
    assert_clean_console(other)
    other.context.close()

    page.reload()
    expect(page.get_by_label("Forord")).to_have_value("Våren 2026 har prosjektene kommet godt i gang. Tillegg.")
    assert_clean_console(page)


def test_a_reader_reads_the_texts_and_cannot_save(texts_app, page):
    login(page, texts_app, "ssu")
    page.goto(texts_app + "/rundetekster?runde=Høst 2025")
    expect(page.get_by_role("heading", name="Kapitler i rapporten for Høst 2025")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Bare sekretariatet kan skrive tekstene")
    expect(page.get_by_label("Forord")).to_have_attribute("readonly", "")
    expect(page.get_by_role("button", name="Lagre tekstene")).to_be_hidden()
    assert_clean_console(page)
