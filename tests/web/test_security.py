"""Access control and security, through real HTTP requests against the app (Flask test client)."""

from __future__ import annotations

import io
import json
import re
import zipfile

import dash
import pytest
from sqlalchemy import select

from app import create_app
from db.models import ReportingRound, Submission, User
from db.session import read_session, session_scope
from db.users import add_user
from settings import ConfigError, load_config
from tests.conftest import snapshot

PASSWORD = "et-langt-test-passord"


@pytest.fixture
def app(loaded_db):
    with session_scope(loaded_db) as s:
        add_user(s, username="siri", role="sekretariat", password=PASSWORD, name="Siri")
        add_user(s, username="gunnhild", role="prosjektleder", password=PASSWORD, projects=["15266"])
        add_user(s, username="ssu", role="leser", password=PASSWORD)
        add_user(s, username="ola", role="prosjektleder", password=PASSWORD, projects=["12910"])
    application = create_app(load_config({"DATABASE_URL": loaded_db, "GEVINST_TODAY": "2025-10-03"}))
    application.server.config["TESTING"] = True
    application.server.test_client().get("/helse")  # Dash sets up its callbacks on the first request
    return application


def csrf_of(client) -> str:
    page = client.get("/logg-inn").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def login(client, username: str, password: str = PASSWORD):
    return client.post(
        "/logg-inn", data={"csrf": csrf_of(client), "brukernavn": username, "passord": password, "neste": "/"}
    )


def test_login_page_is_norwegian_with_labelled_fields(app):
    page = app.server.test_client().get("/logg-inn").get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert '<label for="brukernavn">Brukernavn</label>' in page and '<label for="passord">Passord</label>' in page
    for sheet in ("style.css", "theme.css", "vendor/designsystemet.css"):  # the app's look (session-19 trial)
        assert f'<link rel="stylesheet" href="/assets/{sheet}">' in page


def test_login_logout_and_session_cookie_flags(app):
    client = app.server.test_client()
    response = login(client, "siri")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/").status_code == 200
    assert client.post("/logg-ut", data={"csrf": "feil"}).status_code == 400
    page = client.get("/bruker")
    assert page.status_code == 200
    token = client.get("/logg-inn").get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', token).group(1)
    assert client.post("/logg-ut", data={"csrf": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_login_needs_the_csrf_token(app):
    client = app.server.test_client()
    client.get("/logg-inn")
    response = client.post("/logg-inn", data={"brukernavn": "siri", "passord": PASSWORD})
    assert response.status_code == 400 and "utløpt" in response.get_data(as_text=True)


def test_an_empty_login_is_refused_field_by_field_without_checking_a_password(app, loaded_db):
    client = app.server.test_client()
    response = login(client, "  ", "")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Du ble ikke logget inn: 2 feil må rettes" in page
    assert '<a href="#brukernavn">Brukernavn: Skriv brukernavnet ditt.</a>' in page
    assert 'aria-invalid="true" aria-describedby="brukernavn-feil"' in page
    assert 'id="passord-feil"><p>Skriv passordet ditt.</p>' in page
    with read_session(loaded_db) as s:
        assert s.scalars(select(User).filter_by(username="siri")).one().failed_logins == 0
    refused = login(client, "siri", "galt-passord").get_data(as_text=True)
    assert '<a href="#brukernavn">Feil brukernavn eller passord.</a>' in refused
    assert refused.count('aria-describedby="passord-feil"') == 2  # both fields, one message


def test_wrong_password_and_lockout(app, loaded_db):
    """Five wrong passwords for a name from one address shut that address out for the name (the right password
    then fails too), with the same answer as a wrong password; the account itself stays open to others."""
    from db.models import LoginThrottle

    client = app.server.test_client()
    response = login(client, "siri", "galt-passord")
    assert response.status_code == 401 and "Feil brukernavn eller passord." in response.get_data(as_text=True)
    assert login(client, "finnes-ikke", "x").status_code == 401
    for _ in range(4):
        login(client, "siri", "galt-passord")
    locked = login(client, "siri")
    assert locked.status_code == 401 and "Feil brukernavn eller passord." in locked.get_data(as_text=True)
    with read_session(loaded_db) as s:
        user = s.scalars(select(User).filter_by(username="siri")).one()
        assert user.locked_until is None and user.failed_logins == 5
        assert s.get(LoginThrottle, "127.0.0.1 siri").locked_until is not None
        assert user.password_hash.startswith("scrypt:")
    elsewhere = app.server.test_client()
    response = elsewhere.post(
        "/logg-inn",
        data={"csrf": csrf_of(elsewhere), "brukernavn": "siri", "passord": PASSWORD, "neste": "/"},
        environ_base={"REMOTE_ADDR": "10.0.0.7"},
    )
    assert response.status_code == 302


def test_only_refused_logins_count_against_the_login_limits(app):
    """A ward behind one address logging in at once is not shut out; refused posts are (decision 169)."""
    from web.auth import TOO_MANY

    client = app.server.test_client()
    assert all(login(client, "siri").status_code == 302 for _ in range(31))  # more than the 30 a minute
    answers = [login(client, "ola", "").status_code for _ in range(21)]  # no password: refused, none checked
    assert answers[:20] == [400] * 20 and answers[20] == 429
    response = login(client, "ola", "")
    assert response.status_code == 429 and TOO_MANY in response.get_data(as_text=True)
    assert login(client, "siri").status_code == 302  # the limit is the user name's, not the address's yet


def test_disabled_user_cannot_log_in(app, loaded_db):
    from db.users import set_active

    with session_scope(loaded_db) as s:
        set_active(s, username="ssu", active=False)
    assert login(app.server.test_client(), "ssu").status_code == 401


def _page_paths():
    return [(p.get("path_template") or p["path"]).replace("<nummer>", "15266") for p in dash.page_registry.values()]


def test_every_page_and_dash_endpoint_needs_login(app):
    client = app.server.test_client()
    paths = _page_paths()
    assert len(paths) >= 12
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/logg-inn"), path
    for endpoint in ("/_dash-layout", "/_dash-dependencies"):
        assert client.get(endpoint).status_code == 401
    assert client.get("/helse").get_json() == {"status": "ok"}


def _payload(app, output_contains: str, inputs: dict, states: dict) -> dict:
    """A hand-made /_dash-update-component request for the callback whose output names ``output_contains``."""
    key = next(k for k in app.callback_map if output_contains in k)
    spec = app.callback_map[key]
    outputs = []
    for part in key.strip(".").split("..."):
        ident, prop = part.rsplit(".", 1)
        outputs.append({"id": ident, "property": prop})

    def values(items, given):
        return [{"id": i["id"], "property": i["property"], "value": given.get(i["id"])} for i in items]

    return {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": values(spec["inputs"], inputs),
        "state": values(spec["state"], states),
        "changedPropIds": [f"{next(iter(inputs))}.n_clicks"],
    }


def test_every_callback_is_refused_without_login(app):
    client = app.server.test_client()
    assert app.callback_map
    for key, spec in app.callback_map.items():
        body = {
            "output": key,
            "outputs": [],
            "inputs": [{"id": i["id"], "property": i["property"], "value": None} for i in spec["inputs"]],
            "state": [],
        }
        assert client.post("/_dash-update-component", json=body).status_code == 401, key


def _round_and_projects(url):
    with session_scope(url) as s:
        from db import reporting

        r = reporting.create_round(s, name="Vår 2026", deadline=None, actor="test")
        reporting.set_round_open(s, round_id=r.id, open_=True, actor="test")
        return r.id


def test_leader_cannot_report_for_another_project_by_hand_made_request(app, loaded_db):
    round_id = _round_and_projects(loaded_db)
    client = app.server.test_client()
    login(client, "gunnhild")
    before = snapshot(loaded_db)
    other = {"project": 1, "round": round_id, "base": 0}  # Samhandling palliasjon, not Gunnhild's
    body = _payload(
        app,
        "prosjektrapportering-skjema-feil.children",
        {"prosjektrapportering-lagre": 1},
        {"prosjektrapportering-brukt": "1000", "prosjektrapportering-valg": other, "prosjektrapportering-versjon": 0},
    )
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    assert "ikke skrivetilgang til dette prosjektet" in response.get_data(as_text=True)
    assert snapshot(loaded_db) == before
    own = {"project": 4, "round": round_id, "base": 0}
    body = _payload(
        app,
        "prosjektrapportering-skjema-feil.children",
        {"prosjektrapportering-lagre": 1},
        {
            "prosjektrapportering-brukt": "2100000",
            "prosjektrapportering-fremtidig": "125 000",  # as stored: a blanked amount asks for confirmation
            "prosjektrapportering-valg": own,
            "prosjektrapportering-versjon": 0,
        },
    )
    assert "Utkastet er lagret" in client.post("/_dash-update-component", json=body).get_data(as_text=True)
    with read_session(loaded_db) as s:
        assert [sub.project_id for sub in s.scalars(select(Submission))] == [4]


def test_leader_cannot_approve_and_reader_cannot_write(app, loaded_db):
    round_id = _round_and_projects(loaded_db)
    client = app.server.test_client()
    login(client, "gunnhild")
    body = _payload(
        app,
        "prosjektrapportering-gjennomgang-melding.children",
        {"prosjektrapportering-godkjenn": 1},
        {"prosjektrapportering-valg": {"project": 4, "round": round_id}, "prosjektrapportering-vurdert": 1},
    )
    assert "Bare sekretariatet kan" in client.post("/_dash-update-component", json=body).get_data(as_text=True)
    reader = app.server.test_client()
    login(reader, "ssu")
    before = snapshot(loaded_db)
    body = _payload(
        app,
        "innrapportering-ny-feil.children",
        {"innrapportering-ny-knapp": 1},
        {"innrapportering-ny-navn": "Høst 2026", "innrapportering-ny-frist": ""},
    )
    assert "Bare sekretariatet kan" in reader.post("/_dash-update-component", json=body).get_data(as_text=True)
    body = _payload(
        app,
        "prosjektrapportering-skjema-feil.children",
        {"prosjektrapportering-lagre": 1},
        {
            "prosjektrapportering-brukt": "1",
            "prosjektrapportering-valg": {"project": 4, "round": round_id, "base": 0},
            "prosjektrapportering-versjon": 0,
        },
    )
    assert "Du har lesetilgang" in reader.post("/_dash-update-component", json=body).get_data(as_text=True)
    assert snapshot(loaded_db) == before
    with read_session(loaded_db) as s:
        assert [r.name for r in s.scalars(select(ReportingRound))] == ["Høst 2025", "Vår 2026"]


def test_drafts_are_visible_only_to_their_leaders_and_the_secretariat(app, loaded_db):
    round_id = _round_and_projects(loaded_db)
    from db import reporting
    from domain.report_content import ReportContent

    with session_scope(loaded_db) as s:
        reporting.save_submission(
            s,
            project_id=4,
            round_id=round_id,
            content=ReportContent(spent_total=123),
            actor="gunnhild",
            source_kind="form",
        )
    for username, visible in (("gunnhild", True), ("siri", True), ("ssu", False)):
        client = app.server.test_client()
        login(client, username)
        body = _payload(
            app,
            "prosjektrapportering-status.children",
            {"prosjektrapportering-versjon": 1},
            {"prosjektrapportering-valg": {"project": 4, "round": round_id}},
        )
        body["changedPropIds"] = ["prosjektrapportering-versjon.data"]
        text = client.post("/_dash-update-component", json=body).get_data(as_text=True)
        assert ("Utkast" in text) is visible, username


def test_the_reporting_pages_layout_holds_no_draft_for_others(app, loaded_db):
    """The trial: a reader or another project's leader received the draft in the page's layout response."""
    round_id = _round_and_projects(loaded_db)
    from db import reporting
    from domain.report_content import ReportContent

    secret = "Hemmelig utkast om budsjettet"
    with session_scope(loaded_db) as s:
        reporting.save_submission(
            s,
            project_id=4,
            round_id=round_id,
            content=ReportContent(spent_total=7_654_321, narratives={"experiences": secret}),
            actor="gunnhild",
            source_kind="form",
        )
    key = next(k for k in app.callback_map if "_pages_content.children" in k)
    spec = app.callback_map[key]
    for username, visible in (("gunnhild", True), ("siri", True), ("ssu", False), ("ola", False)):
        client = app.server.test_client()
        login(client, username)
        given = {"pathname": "/innrapportering/15266", "search": "?runde=V%C3%A5r%202026"}
        body = {
            "output": key,
            "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")],
            "inputs": [{**i, "value": given.get(i["property"])} for i in spec["inputs"]],
            "state": [{**i, "value": given.get(i["property"])} for i in spec["state"]],
            "changedPropIds": ["_pages_location.pathname"],
        }
        text = client.post("/_dash-update-component", json=body).get_data(as_text=True)
        assert "Rapport:" in text, (username, text[:300])
        assert (secret in text) is visible and ("7 654 321" in text) is visible, username


def test_security_headers(app):
    client = app.server.test_client()
    login(client, "siri")
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_cross_site_dash_posts_are_refused(app):
    client = app.server.test_client()
    login(client, "siri")
    response = client.post("/_dash-update-component", json={}, headers={"Origin": "https://angriper.example"})
    assert response.status_code == 403


def test_oversized_request_is_refused_before_parsing(app):
    client = app.server.test_client()
    login(client, "siri")
    response = client.post(
        "/_dash-update-component", data=b"0" * (26 * 1024 * 1024), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def _rezip(data: bytes, name: str, change) -> bytes:
    """The same .xlsx with one part's XML changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item, change(content) if item.filename == name else content)
    return out.getvalue()


def test_xml_entity_in_a_workbook_is_refused_by_defusedxml(tmp_path):
    """A workbook that declares an XML entity is refused by defusedxml (our own check first, and openpyxl's too);
    the same file without it reads."""
    import openpyxl

    from etl.workbook import read_workbook_bytes
    from tests.conftest import write_workbook

    data = write_workbook(
        tmp_path / "ok.xlsx", {"Ark": [["Prosjekt", "Innvilget sum årlig"], ["Eldreløftet", 1]]}
    ).read_bytes()
    book, problems = read_workbook_bytes(data, "ok.xlsx")
    assert book is not None and problems == [] and book.grids[0].value(2, 1) == "Eldreløftet"
    evil = _rezip(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: (
            b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            + xml.replace(b"Eldrel&#248;ftet", b"&lol2;")
        ),
    )
    assert b"&lol2;" in zipfile.ZipFile(io.BytesIO(evil)).read("xl/worksheets/sheet1.xml")
    book, problems = read_workbook_bytes(evil, "ond.xlsx")
    assert book is None and "DTD eller entiteter" in problems[0].message  # refused before any reader (etl.xlsx_guard)
    from defusedxml import EntitiesForbidden

    with pytest.raises(ValueError) as refused:
        openpyxl.load_workbook(io.BytesIO(evil))
    assert isinstance(refused.value.__cause__, EntitiesForbidden)  # refused by defusedxml, not by chance


PRODUCTION_SECRET = "3f9a61c0d2b84e7f95a1c6d0b2e87f43a9d15c2e6b7f08a4"  # as `openssl rand -hex 24` makes one


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.setenv("GEVINST_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.delenv("GEVINST_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="GEVINST_SECRET_KEY"):
        load_config()
    for placeholder in ("x" * 40, "change-me-change-me-change-me-change-me", "endre-meg", "abcd" * 10):
        monkeypatch.setenv("GEVINST_SECRET_KEY", placeholder)
        with pytest.raises(ConfigError, match="minst 32 tegn"):
            load_config()
    monkeypatch.setenv("GEVINST_SECRET_KEY", PRODUCTION_SECRET)
    config = load_config()
    assert config.environment == "production" and config.secret_key == PRODUCTION_SECRET


def test_user_cli_reads_password_from_stdin_only(loaded_db):
    from tests.cli import run_cli

    refused = run_cli("users", "add", "kari", "--role", "leser", "--db", loaded_db)
    assert refused.returncode != 0 and "--password-stdin" in refused.stderr
    done = run_cli(
        "users",
        "add",
        "kari",
        "--role",
        "prosjektleder",
        "--project",
        "39011",
        "--name",
        "Kari",
        "--password-stdin",
        "--db",
        loaded_db,
        input="et-godt-passord-1\n",
    )
    assert done.returncode == 0, done.stderr
    listed = run_cli("users", "list", "--db", loaded_db)
    assert re.search(r"kari\s+prosjektleder\s+ja\s+Kari\s+39011", listed.stdout)
    assert "et-godt-passord-1" not in listed.stdout
    assert run_cli("users", "disable", "kari", "--db", loaded_db).returncode == 0
    assert re.search(r"kari\s+prosjektleder\s+nei", run_cli("users", "list", "--db", loaded_db).stdout)


def test_production_cookies_are_secure_and_errors_are_plain(loaded_db):
    with session_scope(loaded_db) as s:
        add_user(s, username="siri", role="sekretariat", password=PASSWORD)
    application = create_app(
        load_config({"DATABASE_URL": loaded_db, "GEVINST_ENV": "production", "GEVINST_SECRET_KEY": PRODUCTION_SECRET})
    )
    client = application.server.test_client()
    response = login(client, "siri")
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in client.get("/logg-inn").headers


def test_contact_addresses_by_hand_made_request_are_refused_in_norwegian(app, loaded_db):
    """Only the secretariat edits reminder addresses; lists where text belongs and a project of another scheme
    are refused with a Norwegian message (never a 500) and nothing is written."""
    from db.models import Project, ProjectContact
    from db.writes import create_scheme

    round_id = _round_and_projects(loaded_db)
    with session_scope(loaded_db) as s:
        other = create_scheme(s, partnership="Finnmark", name="Annen ordning", yearly_envelope=1, first_year=2026)
        stranger = Project(scheme_id=other.id, number="F-1", name="Fremmed prosjekt", status="active")
        s.add(stranger)
        s.flush()
        stranger_id = stranger.id

    def save(client, project, addresses, round_=round_id):
        states = {
            "innrapportering-kontakt-prosjekt": project,
            "innrapportering-kontakt-adresser": addresses,
            "innrapportering-runde-id": round_,
            "innrapportering-versjon": 0,
        }
        body = _payload(app, "innrapportering-kontakt-melding.children@", {"innrapportering-kontakt-knapp": 1}, states)
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code == 200
        return json.dumps(response.get_json(), ensure_ascii=False)

    siri, leader, reader = (app.server.test_client() for _ in range(3))
    for client, username in ((siri, "siri"), (leader, "gunnhild"), (reader, "ssu")):
        login(client, username)
    before = snapshot(loaded_db)
    assert "Adressene må sendes som tekst" in save(siri, 4, ["ola@kommune.no"])
    # another partnership's project (decision 96) is answered as one that does not exist
    assert "Prosjektet finnes ikke." in save(siri, stranger_id, "ola@kommune.no")
    assert "Prosjektet finnes ikke." in save(siri, [4], "ola@kommune.no")
    assert "Rapporteringsrunden finnes ikke for dette prosjektet." in save(siri, 4, "ola@kommune.no", round_=[1])
    assert "er ikke en gyldig e-postadresse" in save(siri, 4, "ola@kommune")
    for client in (leader, reader):
        assert "Bare sekretariatet kan" in save(client, 4, "ola@kommune.no")
    assert snapshot(loaded_db) == before
    assert "Kontaktadressene for Eldreløftet er lagret (1 adresse)." in save(siri, 4, "Ola@Kommune.no")
    with read_session(loaded_db) as s:
        assert s.scalars(select(ProjectContact.email)).all() == ["ola@kommune.no"]


@pytest.mark.parametrize("value", [["Høst 2025"], {"a": 1}, 7, True])
def test_a_callback_given_values_of_the_wrong_kind_answers_in_norwegian(app, value):
    """The trial: `oversikt-runde` as a list, an object, a number or a boolean gave HTTP 500 and an English page."""
    client = app.server.test_client()
    login(client, "siri")
    body = _payload(app, "oversikt-ingress.children", {"oversikt-runde": value}, {"oversikt-ordning": None})
    body["changedPropIds"] = ["oversikt-runde.value"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204)
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "Error" not in text
    if response.status_code == 200 and "app-feil" in text:
        assert "Noe gikk galt, og ingenting ble endret" in text
