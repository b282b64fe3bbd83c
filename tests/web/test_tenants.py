"""Partnerships as tenants (decision 96), on the benchmark's national data set: a secretariat user of partnership A
can neither see nor change anything of partnership B, whatever ids a hand-made request names, and a national
reader sees every partnership and can write nothing.

The request tests use 3 of the 19 partnerships (``bench.national.generate`` with fewer partnerships and projects,
built once per module); one test runs over the full set of 19."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest
from sqlalchemy import select

from app import create_app
from bench.national import PARTNERSHIPS, generate
from components.round_texts import CHAPTER_KEYS
from db.models import GrantScheme, Project, ReportingRound, User
from db.session import get_engine, read_session, session_scope
from db.users import add_user
from domain.identity import Identity
from domain.report_content import ReportContent
from services import documents, imports, portfolio, projects, reporting, round_texts, rounds, schemes, ssu, users
from services.authz import Forbidden
from services.context import Context
from settings import load_config
from tests.conftest import DEFAULT_WORKBOOK, _create_database, context, render_layout, snapshot, sqlite_url
from tests.web.test_security import PASSWORD, _payload, login
from web.exports import export_table

A, B = (f"Helsefellesskapet {name}" for name in PARTNERSHIPS[:2])
TODAY = "2025-12-01"
# how a refused hand-made request is answered: as not found or not allowed (never «Noe gikk galt»),
# or (the template download) with no file at all
REFUSED = re.compile(r'finnes ikke|Fant ikke|Bare sekretariatet|lesetilgang|skrivetilgang|"response": \{\}')


SITE = "Helsefellesskapene i Nord-Norge"


@pytest.fixture(scope="module")
def tenants(tmp_path_factory, postgres):
    """Three partnerships (A: Troms og Ofoten with two schemes, B: Finnmark, C: Nordland), users in A and B, a
    national reader, and a draft in B; the app on top."""
    if postgres is not None:
        url = _create_database(postgres)
    else:
        url = sqlite_url(tmp_path_factory.mktemp("tenants") / "tenants.sqlite")
    generate(url, partnerships=PARTNERSHIPS[:3], projects=40, default_scheme_projects=10)
    with session_scope(url) as s:
        ids = {}
        for partnership in (A, B):
            scheme = s.scalars(select(GrantScheme).filter_by(partnership=partnership).order_by(GrantScheme.id)).first()
            project = s.scalars(select(Project).filter_by(scheme_id=scheme.id).order_by(Project.id)).first()
            open_round = s.scalars(select(ReportingRound).filter_by(scheme_id=scheme.id, is_open=True)).one()
            ids[partnership] = {
                "scheme": scheme.id,
                "project": project.id,
                "number": project.number,
                "round": open_round.id,
                "round_name": open_round.name,
            }
        for prefix, partnership in (("a", A), ("b", B)):
            number = ids[partnership]["number"]
            add_user(s, username=f"{prefix}-sek", role="sekretariat", password=PASSWORD, partnership=partnership)
            add_user(s, username=f"{prefix}-leser", role="leser", password=PASSWORD, partnership=partnership)
            add_user(
                s,
                username=f"{prefix}-leder",
                role="prosjektleder",
                password=PASSWORD,
                projects=[number],
                partnership=partnership,
            )
        add_user(s, username="nasjonal", role="leser", password=PASSWORD, partnership=None)
    from db import reporting as report_data

    with session_scope(url) as s:
        report_data.save_submission(
            s,
            project_id=ids[B]["project"],
            round_id=ids[B]["round"],
            content=ReportContent(spent_total=4242, narratives={"experiences": "Hemmelig utkast fra Finnmark"}),
            actor="b-leder",
            source_kind="form",
        )
    settings = {"DATABASE_URL": url, "GEVINST_TODAY": TODAY, "GEVINST_LOAD_DEFAULT_DATA": "0"}
    app = create_app(load_config(settings | {"GEVINST_SITE_NAME": SITE}))
    app.server.config["TESTING"] = True
    app.server.test_client().get("/helse")
    yield app, url, ids
    get_engine(url).dispose()


def who(url: str, username: str) -> Identity:
    from db.users import identity_of

    with read_session(url) as s:
        return identity_of(s.scalars(select(User).filter_by(username=username)).one())


def ctx_of(url: str, username: str):
    return context(url, who(url, username), today=None)


def client_of(app, username: str):
    client = app.server.test_client()
    assert login(client, username).status_code == 302
    return client


def by_input(app, inputs: dict, states: dict) -> dict:
    """A hand-made /_dash-update-component request for the callback the (first) input triggers."""
    trigger = next(iter(inputs))
    key = next(k for k, spec in app.callback_map.items() if any(i["id"] == trigger for i in spec["inputs"]))
    spec = app.callback_map[key]
    outputs = [
        {"id": ident, "property": prop} for ident, prop in (p.rsplit(".", 1) for p in key.strip(".").split("..."))
    ]
    outputs = [{**o, "property": o["property"].split("@")[0]} for o in outputs]

    def values(items, given):
        return [{"id": i["id"], "property": i["property"], "value": given.get(i["id"])} for i in items]

    return {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": values(spec["inputs"], inputs),
        "state": values(spec["state"], states),
        "changedPropIds": [f"{trigger}.n_clicks"],
    }


def post(client, app, inputs: dict, states: dict) -> str:
    response = client.post("/_dash-update-component", json=by_input(app, inputs, states))
    assert response.status_code == 200, response.status_code
    return json.dumps(response.get_json(), ensure_ascii=False)


def b_marks(ids) -> tuple[str, ...]:
    """What would betray B's data in a response: its partnership's name and its project numbers."""
    return (B, f"N{ids[B]['scheme']:02d}-")


# ------------------------------------------------------------------ reads


def test_the_users_carry_their_partnership(tenants):
    _app, url, _ids = tenants
    assert who(url, "a-sek").partnership == A and who(url, "b-leder").partnership == B
    assert who(url, "nasjonal").national and who(url, "nasjonal").role == "leser"


@pytest.mark.parametrize(
    "path", ["/", "/prosjekter", "/okonomi", "/milepaeler", "/gevinster", "/indikatorer", "/innrapportering", "/ssu"]
)
def test_pages_show_only_the_own_partnership_even_when_the_url_names_another(tenants, path):
    app, url, ids = tenants
    for username in ("a-sek", "a-leser", "a-leder"):
        page = render_layout(app, path, who(url, username), ordning=str(ids[B]["scheme"]))
        assert A in page, (path, username)
        for mark in b_marks(ids):
            assert mark not in page, (path, username, mark)
    national = render_layout(app, path, who(url, "nasjonal"), ordning=str(ids[B]["scheme"]))
    assert f'"value": "{ids[B]["scheme"]}"' in national, path


def test_rundetekster_and_project_pages_of_another_partnership_are_not_found(tenants):
    app, url, ids = tenants
    a_sek = who(url, "a-sek")
    texts = render_layout(app, "/rundetekster", a_sek, ordning=str(ids[B]["scheme"]))
    assert B not in texts and A in texts
    number = ids[B]["number"]
    for path in ("/prosjekter/<nummer>", "/innrapportering/<nummer>"):
        page = render_layout(app, path, a_sek, nummer=number)
        assert "empty-state" in page and "Hemmelig utkast" not in page and B not in page, path  # «Fant ikke …»
        assert "empty-state" not in render_layout(app, path, who(url, "b-sek"), nummer=number), path
        assert "empty-state" not in render_layout(app, path, who(url, "nasjonal"), nummer=number), path


def test_every_read_service_keeps_to_the_partnership(tenants):
    _app, url, ids = tenants
    ctx = ctx_of(url, "a-sek")
    other = str(ids[B]["scheme"])
    own_schemes = {c.id for c in schemes.list_schemes(ctx)}
    assert ids[A]["scheme"] in own_schemes and ids[B]["scheme"] not in own_schemes and len(own_schemes) == 2
    for view in (
        portfolio.overview(ctx, round_name=None, scheme=other),
        portfolio.projects(ctx, round_name=None, scheme=other),
        portfolio.finances(ctx, round_name=None, scheme=other),
        portfolio.milestones(ctx, round_name=None, scheme=other),
        portfolio.benefits(ctx, round_name=None, scheme=other),
        portfolio.indicators(ctx, project=None, behind_only=False, scheme=other),
    ):
        assert view.scope.scheme_id == ids[A]["scheme"] and {c.id for c in view.scope.choices} == own_schemes
    assert all(
        k.project_ref.startswith(f"N{ids[A]['scheme']:02d}-")
        for k in portfolio.all_indicators(ctx, project=None, scheme=other)
    )
    assert (
        portfolio.summary(ctx, round_name=None, scheme=other).projects[0].number.startswith(f"N{ids[A]['scheme']:02d}-")
    )
    assert rounds.rounds_page(ctx, round_name=None, scheme=other).scheme_id == ids[A]["scheme"]
    assert round_texts.round_texts_page(ctx, round_name=None, scheme=other).scheme_id == ids[A]["scheme"]
    assert ssu.ssu_page(ctx, round_name=None, scheme=other).scheme_id == ids[A]["scheme"]
    source = documents.round_source(ctx, round_name=None, scheme=other)
    assert all(p.number.startswith(f"N{ids[A]['scheme']:02d}-") for p in source.portfolio.projects)
    assert projects.project_page(ctx, ref=ids[B]["number"], round_name=None).detail is None
    assert reporting.reporting_page(ctx, ref=ids[B]["number"], round_name=None).project is None
    assert not reporting.template_for(ctx, ref=ids[B]["number"], round_name=ids[B]["round_name"]).ok
    with pytest.raises(Forbidden):
        rounds.round_status(ctx, round_id=ids[B]["round"])
    with pytest.raises(Forbidden):
        reporting.reporting_status(ctx, project_id=ids[B]["project"], round_id=ids[B]["round"])
    assert not round_texts.latest(ctx, round_id=ids[B]["round"]).ok
    assert {u.username for u in users.list_users(ctx)} == {"a-sek", "a-leser", "a-leder"}
    assert users.user_details(ctx, "b-sek") is None


def test_exports_and_documents_of_another_partnership_give_the_own_data(tenants):
    _app, url, ids = tenants
    ctx = ctx_of(url, "a-sek")
    for key in ("prosjekter", "okonomi-tabell3", "milepaeler", "indikatorer", "gevinster", "ssu-matrise"):
        table = export_table(ctx, key, f"ordning={ids[B]['scheme']}")
        text = json.dumps([list(map(str, row)) for row in table.rows], ensure_ascii=False)
        assert f"N{ids[B]['scheme']:02d}-" not in text and B not in text, key
    national = export_table(ctx_of(url, "nasjonal"), "prosjekter", f"ordning={ids[B]['scheme']}")
    assert any(f"N{ids[B]['scheme']:02d}-" in str(cell) for row in national.rows for cell in row)


def test_an_export_by_hand_made_request_gives_no_other_partnership(tenants):
    """The download callback, given a button id that names B's scheme. (Called in a request as the logged-in user:
    Dash registers the module-level export callback with the first app a test session builds only.)"""
    import base64

    from flask import g

    from web.exports import download

    app, url, ids = tenants
    ident = {"type": "eksport-knapp", "tabell": "prosjekter", "valg": f"ordning={ids[B]['scheme']}"}
    with app.server.test_request_context("/_dash-update-component", method="POST"):
        g.identity = who(url, "a-sek")
        sent = download(1, ident)
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert cells and not any(f"N{ids[B]['scheme']:02d}-" in c for c in cells)
    assert any(f"N{ids[A]['scheme']:02d}-" in c for c in cells)


def test_drafts_of_another_partnership_never_reach_a_secretariat(tenants):
    app, _url, ids = tenants
    chosen = {"project": ids[B]["project"], "round": ids[B]["round"]}
    for username, visible in (("a-sek", False), ("b-sek", True), ("nasjonal", False)):
        body = _payload(
            app,
            "prosjektrapportering-status.children",
            {"prosjektrapportering-versjon": 1},
            {"prosjektrapportering-valg": chosen},
        )
        body["changedPropIds"] = ["prosjektrapportering-versjon.data"]
        text = client_of(app, username).post("/_dash-update-component", json=body).get_data(as_text=True)
        assert ("Utkast" in text) is visible, username
    status = post(
        client_of(app, "a-sek"),
        app,
        {"innrapportering-versjon": 1},
        {"innrapportering-runde-id": ids[B]["round"]},
    )
    assert f"N{ids[B]['scheme']:02d}-" not in status


def test_a_background_document_job_acts_as_the_user_who_started_it(tenants):
    """The round report runs in a background process; it reads the user from the request's session cookie."""
    app, url, _ids = tenants
    from web.context import SESSION_COOKIE, identity_from_cookie

    config = load_config({"DATABASE_URL": url, "GEVINST_SECRET_KEY": app.server.secret_key})
    client = client_of(app, "a-sek")
    cookie = client.get_cookie(SESSION_COOKIE).value
    assert identity_from_cookie(config, cookie).partnership == A
    assert identity_from_cookie(config, cookie[:-2] + "xx") is None
    assert identity_from_cookie(config, None) is None
    outcome = documents.generate(Context.for_config(config, None), round_name=None, fmt="xlsx", scheme=None)
    assert not outcome.ok and "logge inn" in outcome.problems[0].message


# ------------------------------------------------------------------ writes


def _writes(ids) -> list[tuple[dict, dict]]:
    """Every writing callback, by hand, naming B's ids: (inputs, states)."""
    b = ids[B]
    chosen = {"project": b["project"], "round": b["round"], "base": 1}
    p = "prosjektrapportering"
    return [
        ({"innrapportering-apne-lukk": 1}, {"innrapportering-runde-id": b["round"], "innrapportering-versjon": 0}),
        (
            {"innrapportering-frist-knapp": 1},
            {
                "innrapportering-frist": "01.02.2026",
                "innrapportering-runde-id": b["round"],
                "innrapportering-versjon": 0,
            },
        ),
        (
            {"innrapportering-ny-knapp": 1},
            {
                "innrapportering-ny-navn": "Vår 2026",
                "innrapportering-ny-frist": "",
                "innrapportering-ordning-id": b["scheme"],
            },
        ),
        ({"innrapportering-paminnelse": 1}, {"innrapportering-runde-id": b["round"], "innrapportering-versjon": 0}),
        (
            {"innrapportering-kontakt-knapp": 1},
            {
                "innrapportering-kontakt-prosjekt": b["project"],
                "innrapportering-kontakt-adresser": "x@kommune.no",
                "innrapportering-runde-id": b["round"],
                "innrapportering-versjon": 0,
            },
        ),
        (
            {"innrapportering-las-knapp": 1},
            {
                "innrapportering-las-prosjekt": b["project"],
                "innrapportering-las-timer": 2,
                "innrapportering-las-grunn": "Fordi",
                "innrapportering-runde-id": b["round"],
                "innrapportering-versjon": 0,
            },
        ),
        ({f"{p}-lagre": 1}, {f"{p}-brukt": "1000", f"{p}-valg": chosen, f"{p}-versjon": 1}),
        ({f"{p}-godkjenn": 1}, {f"{p}-valg": chosen, f"{p}-vurdert": 1, f"{p}-versjon": 1}),
        (
            {f"{p}-sek-lagre": 1},
            {
                f"{p}-sek-vurdering": "progress",
                f"{p}-sek-poeng": 2,
                f"{p}-sek-begrunnelse": "Fordi",
                f"{p}-valg": chosen,
                f"{p}-versjon": 1,
            },
        ),
        (
            {"rundetekster-lagre": 1},
            {
                "rundetekster-tekst-foreword": "Finnmarks forord",
                "rundetekster-grunnlag": dict.fromkeys(CHAPTER_KEYS, 0),
                "rundetekster-runde-id": b["round"],
                "rundetekster-teller": 0,
            },
        ),
        (
            {"ssu-anb-lagre": 1},
            {
                "ssu-anb-prosjekt": b["project"],
                "ssu-anb-beslutning": "videreføre",
                "ssu-anb-belop": "100000",
                "ssu-anb-grunn": "Fordi",
                "ssu-runde-navn": b["round_name"],
            },
        ),
        (
            {"ssu-v-lagre": 1},
            {
                "ssu-v-prosjekt": b["project"],
                "ssu-v-sak": "12/25",
                "ssu-v-dato": "2025-12-10",
                "ssu-v-beslutning": "videreføre",
                "ssu-v-belop": "100000",
                "ssu-v-vilkar": "",
                "ssu-v-tekst": "",
                "ssu-runde-navn": b["round_name"],
            },
        ),
        (
            {"brukere-lagre": 1},
            {"brukere-valgt": "b-sek", "brukere-endre-navn": "Kapret", "brukere-endre-rolle": "leser"},
        ),
        ({"brukere-tilbakestill": 1}, {"brukere-valgt": "b-sek", "brukere-nytt-passord": "et-nytt-langt-passord"}),
        ({"brukere-deaktiver": 1}, {"brukere-valgt": "b-sek"}),
        ({f"{p}-mal-knapp": 1}, {f"{p}-valg": chosen}),
    ]


def test_a_secretariat_can_change_nothing_of_another_partnership_by_hand_made_requests(tenants):
    app, url, ids = tenants
    client = client_of(app, "a-sek")
    before = snapshot(url)
    for inputs, states in _writes(ids):
        output = next(iter(inputs))
        text = post(client, app, inputs, states)
        assert REFUSED.search(text), (output, text[:600])
        assert snapshot(url) == before, output


def test_a_national_reader_sees_every_partnership_and_writes_nothing(tenants):
    app, url, ids = tenants
    client = client_of(app, "nasjonal")
    before = snapshot(url)
    for inputs, states in _writes(ids):
        output = next(iter(inputs))
        text = post(client, app, inputs, states)
        assert REFUSED.search(text), (output, text[:600])
        assert snapshot(url) == before, output
    made = post(
        client,
        app,
        {"brukere-opprett": 1},
        {"brukere-brukernavn": "inntrenger", "brukere-rolle": "sekretariat", "brukere-versjon": 0},
    )
    assert "Bare sekretariatet kan" in made and snapshot(url) == before
    assert len(schemes.list_schemes(ctx_of(url, "nasjonal"))) == 4
    assert users.users_view(ctx_of(url, "nasjonal")).allowed is False


def test_every_write_service_refuses_another_partnership(tenants):
    _app, url, ids = tenants
    ctx = ctx_of(url, "a-sek")
    b = ids[B]
    before = snapshot(url)
    refused = [
        rounds.toggle_open(ctx, round_id=b["round"]),
        rounds.set_deadline(ctx, round_id=b["round"], deadline_text="01.02.2026"),
        rounds.create_round(ctx, scheme_id=b["scheme"], name="Vår 2026", deadline_text=None),
        rounds.unlock(ctx, round_id=b["round"], project_id=b["project"], hours=2, reason="Fordi"),
        rounds.remind(ctx, round_id=b["round"]),
        rounds.remind_by_name(ctx, round_name=b["round_name"], scheme_id=b["scheme"], if_due=False),
        reporting.review(ctx, project_id=b["project"], round_id=b["round"], approve=True, reviewed_version=1),
        reporting.template_file(ctx, project_id=b["project"], round_id=b["round"]),
        reporting.check_upload(ctx, project_id=b["project"], round_id=b["round"], file_name="mal.xlsx", content=b"PK"),
        round_texts.save_texts(ctx, round_id=b["round"], texts={"foreword": "x"}, based_on={"foreword": 0}),
        ssu.set_recommendation(
            ctx,
            round_name=b["round_name"],
            project_id=b["project"],
            decision="videreføre",
            amount_text="1",
            justification="Fordi",
        ),
        schemes.add_scheme(ctx, partnership=B, name="Ny ordning", yearly_envelope=1, first_year=2026),
        users.update_user(ctx, username="b-sek", name="Kapret", role="leser"),
        users.reset_password(ctx, username="b-sek"),
        users.set_active(ctx, username="b-leder", active=False),
        users.set_password(ctx, username="b-leser", password="et-nytt-langt-passord"),
        users.add_user(ctx, username="ny-leder", role="prosjektleder", password=PASSWORD, projects=[b["number"]]),
    ]
    for outcome in refused:
        assert not outcome.ok and all(re.search(r"[æøåÆØÅ]|finnes|Fant|Bare|kan", p.message) for p in outcome.problems)
    result = imports.import_file(ctx, DEFAULT_WORKBOOK, scheme_id=b["scheme"])
    assert not result.ok and "finnes ikke" in str(result.problems[0])
    assert snapshot(url) == before


def test_a_secretariat_creates_users_only_in_its_own_partnership(tenants):
    app, url, ids = tenants
    ctx = ctx_of(url, "a-sek")
    outcome = users.add_user(
        ctx, username="a-ny", role="prosjektleder", password=PASSWORD, projects=[ids[A]["number"]], partnership=B
    )
    assert outcome.ok, outcome.problems
    assert who(url, "a-ny").partnership == A
    national = users.add_user(ctx, username="a-nasjonal", role="leser", password=PASSWORD, partnership=None)
    assert national.ok and who(url, "a-nasjonal").partnership == A
    assert "a-ny" not in {u.username for u in users.list_users(ctx_of(url, "b-sek"))}
    bad = users.add_user(
        ctx_of(url, "b-sek"), username="b-ny", role="prosjektleder", password=PASSWORD, projects=[ids[A]["number"]]
    )
    assert not bad.ok and bad.problems[0].field == "prosjekter"


def test_the_operator_makes_national_readers_only(tenants):
    _app, url, _ids = tenants
    operator = context(url, Identity.command_line("drift"))
    refused = users.add_user(operator, username="nasjonal-sek", role="sekretariat", password=PASSWORD, partnership=None)
    assert not refused.ok and refused.problems[0].field == "helsefellesskap"
    unknown = users.add_user(
        operator, username="ukjent", role="leser", password=PASSWORD, partnership="Helsefellesskapet Atlantis"
    )
    assert not unknown.ok and "Atlantis" in unknown.problems[0].message
    made = users.add_user(operator, username="nasjonal-2", role="leser", password=PASSWORD, partnership=None)
    assert made.ok and who(url, "nasjonal-2").national


# ------------------------------------------------------------------ all 19 partnerships


@pytest.mark.sqlite_only
def test_on_the_full_national_set_each_secretariat_sees_only_its_own(tmp_path):
    url = sqlite_url(tmp_path / "national.sqlite")
    generate(url)
    with read_session(url) as s:
        owned = {}
        for sid, partnership in s.execute(select(GrantScheme.id, GrantScheme.partnership)):
            owned.setdefault(partnership, set()).add(sid)
    assert len(owned) == 19
    for partnership, own in owned.items():
        ctx = context(url, Identity(None, "sek", "Sek", "sekretariat", partnership=partnership), today=None)
        assert {c.id for c in schemes.list_schemes(ctx)} == own, partnership
        for other in (sid for p, sids in owned.items() if p != partnership for sid in sids):
            assert portfolio.overview(ctx, round_name=None, scheme=other).scope.scheme_id in own
        numbers = {p.number for p in portfolio.summary(ctx, round_name=None, scheme=None).projects}
        with read_session(url) as s:
            schemes_of = set(s.scalars(select(Project.scheme_id).where(Project.number.in_(numbers))))
        assert schemes_of <= own, partnership
    reader = context(url, Identity(None, "n", "N", "leser"), today=None)
    assert len(schemes.list_schemes(reader)) == 20


def test_the_header_names_the_users_own_partnership(tenants):
    """The issue-17 trial: every partnership's users were told, under the name, they were in Troms og Ofoten."""
    app, _url, _ids = tenants

    def brand(username: str) -> str:
        layout = client_of(app, username).get("/_dash-layout").get_json()
        found = re.search(r'"children": "([^"]*)", "className": "brand-sub"', json.dumps(layout, ensure_ascii=False))
        return found.group(1)

    assert brand("b-leser") == B and brand("a-sek") == A
    # before anyone has logged in: the installation's own name (it said Troms og Ofoten to every partnership)
    login_page = app.server.test_client().get("/logg-inn").get_data(as_text=True)
    assert f'<span class="brand-sub">{SITE}</span>' in login_page and "Troms og Ofoten" not in login_page
    assert brand("nasjonal") == "Alle helsefellesskap"
    # the accessibility statement sends each reader to their own secretariat (it named Troms og Ofoten for all)
    reader = Identity(None, "b-leser", "B-leser", "leser", partnership=B)
    assert f"kontakt sekretariatet i {B}." in render_layout(app, "/tilgjengelighet", reader)
    national = Identity(None, "nasjonal", "Nasjonal", "leser")
    assert "kontakt sekretariatet i ditt helsefellesskap." in render_layout(app, "/tilgjengelighet", national)
