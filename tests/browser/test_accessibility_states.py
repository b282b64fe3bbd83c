"""WCAG 2.1 AA in the states users meet, for each role: axe-core on every page with its details open, every
dropdown open, every grid's column menu open, every form in error and the upload in error (a file that is
not a workbook), with no serious or critical violation. Fields in error must also say so to assistive
technology (aria-invalid, aria-describedby to their message) and the error summary must take focus.

One browser and one login per role (each role keeps its page); one app for the module, where the round is
opened first so the project leader's form and upload can be tried."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import USERS, login, start_app
from tests.browser.test_pages import PAGES

pytestmark = pytest.mark.browser
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],  # passes are not listed in full: an audit takes a fraction of the time
}
AXE_SOURCE = Axe().axe_script
ROLES = [username for username, _role, _projects, _name in USERS]  # secretariat, project leader, reader

# Forms to submit in error, per page: the button, then what to type first (element id -> text). A form is
# tried only where its button is visible and enabled for the role.
FORMS = {
    "/innrapportering": [
        ("innrapportering-ny-knapp", {}),
        ("innrapportering-frist-knapp", {"innrapportering-frist": "31.02.2026"}),
        ("innrapportering-las-knapp", {}),
        ("innrapportering-kontakt-knapp", {"innrapportering-kontakt-adresser": "ikke en adresse"}),
    ],
    "/innrapportering/15266": [
        ("prosjektrapportering-send", {"prosjektrapportering-brukt": "-1"}),
        ("prosjektrapportering-sek-lagre", {}),
    ],
    "/rundetekster": [("rundetekster-lagre", {"rundetekster-tekst-foreword": "Forord med et styretegn \x01."})],
    "/brukere": [("brukere-opprett", {}), ("brukere-lagre", {}), ("brukere-tilbakestill", {})],
    "/bruker": [("bruker-passord-knapp", {})],
    "/ssu": [("ssu-anb-lagre", {}), ("ssu-v-lagre", {})],
}
UPLOADS = {"/innrapportering/15266": "#prosjektrapportering-opplasting input[type=file]"}


def violations(page, context=None) -> list[str]:
    """Serious and critical axe violations (axe injected once per page load)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate("([c, o]) => axe.run(c || document, o)", [context, WCAG])
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture(scope="module")
def states_app(tmp_path_factory):
    """The app, with the round open (the secretariat opens it), so every role's forms can be tried."""
    proc, url = start_app(tmp_path_factory.mktemp("tilstander") / "app.sqlite", {"GEVINST_TODAY": "2025-10-03"})
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def role_pages(browser, states_app):
    """One logged-in page per role, kept for the module (one login each)."""
    contexts, pages = [], {}
    for username in ROLES:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="nb-NO")
        page = context.new_page()
        page.errors_seen = []
        page.on("pageerror", lambda err, pg=page: pg.errors_seen.append(str(err)))
        login(page, states_app, username)
        contexts.append(context)
        pages[username] = page
    admin = pages["siri"]
    admin.goto(states_app + "/innrapportering")
    admin.get_by_role("button", name="Åpne runden").click()
    expect(admin.locator("#innrapportering-runde-status")).to_contain_text("Åpen for rapportering")
    yield pages
    for context in contexts:
        context.close()


def _open(page, url: str) -> None:
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible()
    page.wait_for_load_state("networkidle")


def _dropdowns(page) -> list[str]:
    found = []
    buttons = page.locator("button.dash-dropdown:not([disabled])")
    for i in range(buttons.count()):
        button = buttons.nth(i)
        if not button.is_visible():
            continue
        button.click()
        popup = page.locator(".dash-dropdown-wrapper:has(button[data-state=open])")
        expect(popup.locator(".dash-dropdown-content")).to_be_visible()
        label = button.get_attribute("id")
        found += [
            f"nedtrekksliste {label} åpen: {v}"
            for v in violations(page, ".dash-dropdown-wrapper:has(.dash-dropdown-content)")
        ]
        page.keyboard.press("Escape")
        expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    return found


def _grid_menus(page) -> list[str]:
    found = []
    grids = page.locator(".ag-root[role=grid]")
    for i in range(grids.count()):
        grid = grids.nth(i)
        assert grid.get_attribute("aria-label"), "rutenettet har ikke noe tilgjengelig navn"
        button = grid.locator(".ag-header-cell-filter-button, .ag-header-cell-menu-button").first
        if not button.count() or not grid.is_visible():
            continue
        grid.locator(".ag-header-cell").first.hover()
        button.click(force=True)
        menu = page.locator(".ag-popup-child")
        expect(menu).to_be_visible()
        found += [f"rutenettmeny {i} åpen: {v}" for v in violations(page)]
        page.keyboard.press("Escape")
        expect(menu).to_have_count(0)
    return found


FIELDS_MARKED = """() => {
  const problems = [];
  document.querySelectorAll('.field-error[data-field]').forEach(message => {
    if (!message.textContent.trim()) return;
    const field = document.getElementById(message.dataset.field);
    if (!field) { problems.push('fant ikke feltet ' + message.dataset.field); return; }
    const described = [field, ...field.querySelectorAll('[aria-describedby]')]
      .concat(field.parentElement ? [...field.parentElement.querySelectorAll('[aria-describedby]')] : [])
      .some(el => (el.getAttribute('aria-describedby') || '').split(' ').includes(message.id));
    if (!described) problems.push(message.dataset.field + ' er ikke beskrevet av ' + message.id);
    const invalid = field.matches('[aria-invalid=true]') || field.querySelector('[aria-invalid=true]')
      || (field.parentElement && field.parentElement.querySelector('[aria-invalid=true]'))
      || field.querySelector('.ag-root') || field.classList.contains('grid-named');
    if (!invalid) problems.push(message.dataset.field + ' er ikke merket aria-invalid');
  });
  document.querySelectorAll('.error-summary a[href^="#"]').forEach(link => {
    const target = link.getAttribute('href').slice(1);
    if (!document.getElementById(target)) problems.push('lenken går ikke til et felt: ' + target);
  });
  return problems;
}"""


def _forms(page, path: str) -> tuple[list[str], int]:
    """The violations with each visible form submitted in error, and how many forms were tried."""
    found, tried = [], 0
    for button_id, typed in FORMS.get(path, []):
        button = page.locator(f"#{button_id}")
        if not button.is_visible() or not button.is_enabled():
            continue
        for field_id, text in typed.items():
            page.locator(f"#{field_id}").fill(text)
        tried += 1
        before = page.locator(".error-summary").count()
        button.click()
        summary = page.locator(".error-summary")
        expect(summary).to_have_count(before + 1)
        page.wait_for_function("document.activeElement && document.activeElement.closest('.error-summary') !== null")
        page.wait_for_timeout(200)  # the script marks the fields after the callback's answer
        found += [f"skjema {button_id} i feil: {p}" for p in page.evaluate(FIELDS_MARKED)]
        found += [f"skjema {button_id} i feil: {v}" for v in violations(page)]
    return found, tried


def _uploads(page, path: str, tmp_path) -> list[str] | None:
    """The violations with the upload in error, or None when the page has no upload the role may use."""
    selector = UPLOADS.get(path)
    if selector is None or page.locator(".upload[aria-disabled='false']").count() == 0:
        return None
    wrong = tmp_path / "ikke-en-arbeidsbok.xlsx"
    wrong.write_bytes(b"Dette er ikke en Excel-fil.")
    page.locator(selector).set_input_files(str(wrong))
    expect(page.locator("#prosjektrapportering-feil")).to_contain_text("feil må rettes")
    page.wait_for_timeout(200)
    found = [f"opplasting i feil: {p}" for p in page.evaluate(FIELDS_MARKED)]
    assert page.locator(f"{selector}[aria-invalid=true]").count() == 1, "filfeltet er ikke merket aria-invalid"
    return found + [f"opplasting i feil: {v}" for v in violations(page)]


@pytest.mark.parametrize("username", ROLES)
@pytest.mark.parametrize("path", [p for p, _h, _t in PAGES])
def test_no_serious_violation_in_any_state(role_pages, states_app, username, path, tmp_path):
    page = role_pages[username]
    page.errors_seen.clear()
    _open(page, states_app + path)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = [f"som lastet, detaljer åpne: {v}" for v in violations(page)]
    found += _dropdowns(page)
    found += _grid_menus(page)
    form_problems, tried = _forms(page, path)
    uploaded = _uploads(page, path, tmp_path)
    found += form_problems + (uploaded or [])
    assert found == [], "\n".join(found)
    if username == "siri":  # the secretariat sees every form and the upload
        assert tried == len(FORMS.get(path, [])) and (uploaded is None) == (path not in UPLOADS)
    if username == "gunnhild" and path == "/innrapportering/15266":  # the leader reports on the open round
        assert tried == 1 and uploaded is not None
    assert page.errors_seen == []


def test_login_in_error_passes_axe_and_marks_its_fields(states_app, page):
    page.goto(states_app + "/logg-inn")
    page.get_by_role("button", name="Logg inn").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Du ble ikke logget inn: 2 feil må rettes")
    expect(summary).to_be_focused()
    for field, message in (("brukernavn", "Skriv brukernavnet ditt."), ("passord", "Skriv passordet ditt.")):
        control = page.locator(f"#{field}")
        expect(control).to_have_attribute("aria-invalid", "true")
        expect(control).to_have_attribute("aria-describedby", f"{field}-feil")
        expect(page.locator(f"#{field}-feil")).to_have_text(message)
    assert violations(page) == []
    page.locator("#brukernavn").fill("siri")
    page.locator("#passord").fill("feil-passord")
    page.get_by_role("button", name="Logg inn").click()
    expect(summary).to_contain_text("Feil brukernavn eller passord.")
    expect(page.locator("#brukernavn")).to_have_attribute("aria-describedby", "passord-feil")
    assert violations(page) == []
