"""The web half of the catalogue (issue 15, item 8): forged callback requests, form fields and the login form.

Each case goes through the real app (Flask's test client and hand-made ``/_dash-update-component`` requests) and
asserts what every refusal must hold: HTTP 200 (or the documented status, never 500), a Norwegian sentence naming
the field, no English and no traceback, every row of the database unchanged, and a bounded time.
"""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import select

from db.models import Benefit, Kpi
from db.session import read_session, session_scope
from db.users import add_user
from tests.conftest import snapshot
from tests.web.test_security import PASSWORD, _payload, _round_and_projects, csrf_of, login

ENGLISH = ("Traceback", "Error", "Exception", "Internal Server", "invalid", "NoneType", "object has no")
SECONDS = 5.0
SPENT, FUTURE = "Brukte midler totalt", "Planlagt bruk av gjenværende midler"


@pytest.fixture
def site(loaded_db):
    """The app with the secretariat and Eldreløftet's leader logged in, and an open round to report in."""
    from app import create_app
    from settings import load_config

    with session_scope(loaded_db) as s:
        add_user(s, username="siri", role="sekretariat", password=PASSWORD, name="Siri")
        add_user(s, username="gunnhild", role="prosjektleder", password=PASSWORD, projects=["15266"])
    application = create_app(load_config({"DATABASE_URL": loaded_db, "GEVINST_TODAY": "2025-10-03"}))
    application.server.config["TESTING"] = True
    application.server.test_client().get("/helse")
    round_id = _round_and_projects(loaded_db)
    with read_session(loaded_db) as s:
        kpi_id = s.scalars(select(Kpi.id).join(Benefit).where(Benefit.project_id == 4)).first()
    leader, secretariat = application.server.test_client(), application.server.test_client()
    login(leader, "gunnhild")
    login(secretariat, "siri")
    return {
        "app": application,
        "url": loaded_db,
        "round": round_id,
        "kpi": kpi_id,
        "leader": leader,
        "siri": secretariat,
    }


def _post(site, client, output: str, inputs: dict, states: dict) -> str:
    body = _payload(site["app"], output, inputs, states)
    started = time.monotonic()
    response = client.post("/_dash-update-component", json=body)
    assert time.monotonic() - started < SECONDS
    assert response.status_code in (200, 204), response.status_code
    text = json.dumps(response.get_json(silent=True) or {}, ensure_ascii=False)
    assert not any(word in text for word in ENGLISH), text[:500]
    return text


def _refused(site, client, output, inputs, states, *expected: str) -> str:
    before = snapshot(site["url"])
    text = _post(site, client, output, inputs, states)
    for part in expected:
        assert part in text, (part, text[:800])
    assert snapshot(site["url"]) == before
    return text


def _form(site, **fields) -> tuple[dict, dict]:
    """The reporting form's save, with ``fields`` (spent, future, milestones, scores, kpis, text) forged."""
    p = "prosjektrapportering"
    states = {
        f"{p}-brukt": fields.get("spent", "1 000"),
        f"{p}-fremtidig": fields.get("future"),
        f"{p}-milepaeler-rutenett": fields.get("milestones", []),
        f"{p}-poeng-rutenett": fields.get("scores", []),
        f"{p}-indikatorer-rutenett": fields.get("kpis", []),
        f"{p}-tekst-experiences": fields.get("text"),
        f"{p}-valg": {"project": 4, "round": site["round"], "base": 0},
        f"{p}-versjon": 0,
    }
    return {f"{p}-lagre": 1}, states


FORM = "prosjektrapportering-skjema-feil.children"

AMOUNTS = [
    ("1e308", "eksponent"),
    ("1.5e3", "eksponent"),
    ("ca. -5 000", "negativt"),
    ("ca. 5 000", "uten «ca.»"),
    ("-5000", "negativt"),
    ("3 000 000 000", "mer enn 2 000 000 000 kr"),
    (3e9, "mer enn 2 000 000 000 kr"),
    (1e308, "mer enn 2 000 000 000 kr"),
    ("NaN", "fant ikke et beløp"),
    ("inf", "fant ikke et beløp"),
    ({"a": 1}, "det som ble sendt, er ikke et beløp"),
    ([1000], "det som ble sendt, er ikke et beløp"),
    (True, "«sann» er ikke et beløp"),  # never Python's «True» (trial 24c)
    ("300 000 - 400 000", "ikke et spenn"),
    ("1 000,50", "hele kroner"),
]


@pytest.mark.parametrize("value,reason", AMOUNTS, ids=[repr(a[0])[:20] for a in AMOUNTS])
def test_a_bad_amount_in_the_form_is_refused_with_its_field(site, value, reason):
    inputs, states = _form(site, spent=value)
    _refused(site, site["leader"], FORM, inputs, states, SPENT, reason)


def test_a_bad_planned_use_is_refused_with_its_field(site):
    inputs, states = _form(site, future="ca. -5 000")
    _refused(site, site["leader"], FORM, inputs, states, FUTURE, "negativt")


GRIDS = [
    ("milestones", "M1", "Milepæler: skjemaet sendte ikke rader"),
    ("milestones", [7], "Milepæler: skjemaet sendte ikke rader"),
    ("milestones", [{"code": {"x": 1}, "description": "Ny"}], "Milepælkoden må være tekst"),
    ("milestones", [{"code": "M9", "description": ["x"], "status": "Ferdig"}], "Beskrivelse: det som ble sendt"),
    ("milestones", [{"code": "M9", "description": "Ny", "status": ["Ferdig"]}], "Status må være tekst"),
    ("milestones", [{"code": "M9", "description": "Ny", "period": "Vår 2199"}], "«Vår 2199» kan ikke tolkes"),
    ("milestones", [{"code": "M9", "description": "Ny\x00", "period": "Vår 2026"}], "kontrolltegn"),
    ("milestones", [{"code": "M9", "description": "x"}] * 501, "høyst 500 rader"),
    ("scores", {"a": 1}, "Poeng: skjemaet sendte ikke rader"),
    ("scores", [{"dimension": "ukjent", "value": 2, "justification": "x"}], "Ukjent vurdering i skjemaet"),
    ("scores", [{"dimension": ["progress"], "value": 2, "justification": "x"}], "Ukjent vurdering i skjemaet"),
    ("scores", [{"dimension": "progress", "value": "NaN", "justification": "x"}], "må være et heltall fra 0 til 3"),
    ("scores", [{"dimension": "progress", "value": 1e308, "justification": "x"}], "må være et heltall fra 0 til 3"),
    ("scores", [{"dimension": "progress", "value": 2, "justification": {"a": 1}}], "Begrunnelse: det som ble sendt"),
]


@pytest.mark.parametrize("grid,rows,expected", GRIDS, ids=[f"{g[0]}-{i}" for i, g in enumerate(GRIDS)])
def test_forged_grid_rows_are_refused_in_norwegian(site, grid, rows, expected):
    inputs, states = _form(site, **{grid: rows})
    _refused(site, site["leader"], FORM, inputs, states, expected)


def _kpi_row(site, **values) -> list[dict]:
    return [{"kpi_id": site["kpi"], "name": "Indikator", **values}]


KPI_CASES = [
    ({"date": "01.01.1899", "value": "3"}, "Dato for ny måling: 01.01.1899 er utenfor det som er mulig"),
    ({"date": "31.12.9999", "value": "3"}, "Dato for ny måling: 31.12.9999 er utenfor det som er mulig"),
    ({"date": "01.06.2026", "value": "NaN"}, "Ny verdi må være et tall"),
    ({"date": "01.06.2026", "value": "inf"}, "Ny verdi må være et tall"),
    ({"date": "01.06.2026", "value": "1e308"}, "Ny verdi må være et tall"),
    ({"date": "01.06.2026", "value": 1e308}, "er urimelig stort"),
    ({"date": {"d": 1}, "value": "3"}, "Dato for ny måling: det som ble sendt, er ikke en dato"),
    ({"new_target": "5", "new_target_date": "9999-12-31", "reason": "x"}, "Ny måldato: 31.12.9999"),
    ({"new_target": "5", "reason": ["x"]}, "Begrunnelse: det som ble sendt"),
]


@pytest.mark.parametrize("values,expected", KPI_CASES, ids=[str(i) for i in range(len(KPI_CASES))])
def test_bad_indicator_values_and_dates_are_refused(site, values, expected):
    inputs, states = _form(site, kpis=_kpi_row(site, **values))
    _refused(site, site["leader"], FORM, inputs, states, expected)


def test_an_unknown_indicator_id_is_refused(site):
    inputs, states = _form(site, kpis=[{"kpi_id": {"a": 1}, "name": "x", "date": "01.06.2026", "value": "1"}])
    _refused(site, site["leader"], FORM, inputs, states, "Ukjent indikator i skjemaet")


def test_a_text_with_a_control_character_is_refused(site):
    inputs, states = _form(site, text="Bra\x07 arbeid")
    _refused(site, site["leader"], FORM, inputs, states, "kontrolltegn")


def _recommendation(site, amount) -> tuple[dict, dict]:
    states = {
        "ssu-anb-prosjekt": 4,
        "ssu-anb-beslutning": "videreføre",
        "ssu-anb-belop": amount,
        "ssu-anb-grunn": "Begrunnelse",
        "ssu-runde-navn": "Høst 2025",
    }
    return {"ssu-anb-lagre": 1}, states


@pytest.mark.parametrize(
    "amount,reason",
    [("ca. 500 000", "uten «ca.»"), ("1e308", "eksponent"), ({"a": 1}, "er ikke et beløp"), ("-1", "negativt")],
)
def test_the_ssu_recommendation_amount_is_as_strict_as_a_reported_one(site, amount, reason):
    inputs, states = _recommendation(site, amount)
    _refused(site, site["siri"], "ssu-anb-melding.children", inputs, states, "Beløp", reason)


def test_an_ssu_decision_dated_in_year_9999_is_refused(site):
    states = {
        "ssu-v-prosjekt": 4,
        "ssu-v-sak": "12/26",
        "ssu-v-dato": "31.12.9999",
        "ssu-v-beslutning": "videreføre",
        "ssu-v-belop": "1 000 000",
        "ssu-v-vilkar": None,
        "ssu-v-tekst": None,
        "ssu-runde-navn": "Høst 2025",
    }
    _refused(site, site["siri"], "ssu-v-melding.children", {"ssu-v-lagre": 1}, states, "Møtedato", "utenfor")


def test_a_deadline_in_1899_is_refused(site):
    states = {"innrapportering-frist": "01.01.1899", "innrapportering-runde-id": site["round"]}
    states["innrapportering-versjon"] = 0
    _refused(
        site,
        site["siri"],
        "innrapportering-runde-melding.children@",
        {"innrapportering-frist-knapp": 1},
        states,
        "Frist",
        "utenfor",
    )


# ---------------------------------------------------------------- the login form and addresses


def _login_post(client, **data):
    started = time.monotonic()
    response = client.post("/logg-inn", data={"csrf": csrf_of(client), **data})
    assert time.monotonic() - started < SECONDS
    assert response.status_code != 500
    return response


@pytest.mark.parametrize(
    "target", ["/%09/evil.example", "//evil.example", "\\\\evil.example", "https://evil.example", "/%2F%2Fevil"]
)
def test_a_login_never_leads_off_site(site, target):
    response = _login_post(site["app"].server.test_client(), brukernavn="siri", passord=PASSWORD, neste=target)
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "username,password",
    [("x" * 10_000, "p"), ("siri\x00", PASSWORD), ("", ""), ("sekretariat", "y" * 100_000), ("‮siri", PASSWORD)],
    ids=["long-name", "nul", "empty", "long-password", "rtl-override"],
)
def test_odd_login_fields_get_the_one_norwegian_answer(site, username, password):
    before = snapshot(site["url"])
    response = _login_post(site["app"].server.test_client(), brukernavn=username, passord=password, neste="/")
    page = response.get_data(as_text=True)
    if not username and not password:  # nothing typed: each field says so (the one form pattern), nothing is tried
        assert response.status_code == 400 and "Skriv brukernavnet" in page
    else:
        assert response.status_code == 401 and "Feil brukernavn eller passord." in page
    after = snapshot(site["url"])
    after.pop("login_throttle", None), before.pop("login_throttle", None)  # a failed login is counted, no more
    assert after == before


def test_a_missing_page_answers_404_in_norwegian(site):
    missing_projects = ("/prosjekter/99999", "/innrapportering/abc", "/prosjekter/%C3%A6%C3%B8%C3%A5")  # trial 24c
    for path in ("/finnes-ikke", "/prosjekter/15266/mer", "/404", "/oversikt/../../etc/passwd", *missing_projects):
        response = site["siri"].get(path)
        assert response.status_code == 404, path
        assert '<html lang="nb">' in response.get_data(as_text=True)
    assert site["siri"].get("/prosjekter/15266").status_code == 200
    assert site["leader"].get("/innrapportering/15266?runde=Tull").status_code == 200  # the page names the round
    assert site["siri"].get("/_dash-layout").status_code == 200
    assert site["siri"].post("/finnes-ikke").status_code == 405
    assert "Error" not in site["siri"].post("/finnes-ikke").get_data(as_text=True)


@pytest.mark.parametrize(
    "body",
    [
        b"[1, 2]",
        b'{"output": "x", "inputs": "y"}',
        b'{"output": "finnes-ikke.children", "outputs": {"id": "finnes-ikke", "property": "children"}, "inputs": []}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"output": "innrapportering-ny-melding.children", "outputs": "x", "inputs": [1]}',
        b"null",
        b'{"output": "..prosjektrapportering-status.children...prosjektrapportering-gjennomgang-innhold.children...'
        b"prosjektrapportering-versjoner.children...prosjektrapportering-historikk.children...prosjektrapportering-"
        b'vurdert.data...prosjektrapportering-godkjenn.disabled...prosjektrapportering-returner.disabled..", '
        b'"outputs": [], "inputs": [{"id": "prosjektrapportering-versjon", "property": "data", "value": 1}], '
        b'"state": []}',
        b'{"output": ".._pages_content.children..._pages_store.data..", "outputs": [], "inputs": '
        b'[{"id": "_pages_location", "property": "pathname", "value": "/"}], "state": []}',
        b'{"output": ".._pages_content.children..._pages_store.data..", "outputs": [], "inputs": '
        b'[{"id": "_pages_location", "property": "pathname", "value": "/"}, {"id": "annen", "property": "search", '
        b'"value": ""}], "state": []}',
    ],
    ids=[
        "list",
        "inputs-text",
        "unknown-output",
        "deep-nesting",
        "outputs-text",
        "null",
        "state-missing",
        "input-missing",
        "input-renamed",
    ],
)
def test_a_malformed_callback_request_is_answered_400_in_norwegian(site, body):
    """The issue-15 trial: these got HTTP 500 and a traceback in the log; Dash's own page never sends them."""
    before = snapshot(site["url"])
    response = site["leader"].post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json() == {"error": "Forespørselen kunne ikke leses."}
    assert snapshot(site["url"]) == before


PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."
PAGES_OUTPUTS = [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}]
PAGES_INPUTS = [
    {"id": "_pages_location", "property": "pathname", "value": "/"},
    {"id": "_pages_location", "property": "search", "value": ""},
]


@pytest.mark.parametrize(
    "output,outputs",
    [
        (PAGES_OUTPUT, [PAGES_OUTPUTS[0], {"id": "_pages_store", "property": "finnes_ikke"}]),
        (PAGES_OUTPUT, PAGES_OUTPUTS[:1]),
        (PAGES_OUTPUT, PAGES_OUTPUTS[0]),
        (PAGES_OUTPUT, [PAGES_OUTPUTS[0], {"id": {"type": "x", "index": 1}, "property": "data"}]),
        (PAGES_OUTPUT, [*PAGES_OUTPUTS, PAGES_OUTPUTS[0]]),
        ("prosjektrapportering-bevart.data", {"id": "prosjektrapportering-bevart", "property": "data"}),
    ],
    ids=["output-renamed", "outputs-cut", "outputs-one-object", "output-pattern-id", "output-extra", "clientside-only"],
)
def test_outputs_that_are_not_the_callbacks_own_are_answered_400(site, output, outputs):
    """Trial 26a: a renamed, missing or extra output, a pattern id for a plain one, or a callback the browser runs
    itself (no server function) got HTTP 500 («Output does not match», IndexError, KeyError) in the log."""
    body = {"output": output, "outputs": outputs, "inputs": PAGES_INPUTS, "state": []}
    if output.startswith("prosjektrapportering"):
        body["inputs"] = [{"id": "prosjektrapportering-valg", "property": "data", "value": None}]
    response = site["leader"].post("/_dash-update-component", json=body)
    assert response.status_code == 400
    assert response.get_json() == {"error": "Forespørselen kunne ikke leses."}
    # the same request with the callback's own outputs is answered: the check tells one from the other
    good = {"output": PAGES_OUTPUT, "outputs": PAGES_OUTPUTS, "inputs": PAGES_INPUTS, "state": []}
    assert site["leader"].post("/_dash-update-component", json=good).status_code == 200
