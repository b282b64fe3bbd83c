"""Sessions that end honestly, through the Flask test client: a cookie captured before logging out, a
password change or reset, or disabling no longer works; a Dash request then gets a Norwegian 401; the
return address after login stays on this site; the menu shows what the role can use."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import parse_qs, urlsplit

from tests.web.test_security import PASSWORD, _payload, app, csrf_of, login  # noqa: F401 (app is a fixture)

COOKIE = "gevinstportalen"
EXPIRED = "Økten din er utløpt. Logg inn igjen – det du har skrevet er tatt vare på i denne nettleseren."


def _logged_in(app, username: str):  # noqa: F811
    client = app.server.test_client()
    assert login(client, username).status_code == 302
    return client


def _captured(client) -> str:
    return client.get_cookie(COOKIE).value


def _replay(app, cookie: str):  # noqa: F811
    """A new client holding only a copy of a captured cookie, as an attacker or another tab would."""
    other = app.server.test_client()
    other.set_cookie(COOKIE, cookie)
    return other


def _dash_ping(app, client):  # noqa: F811
    """A Dash callback request (the user table's refresh), as a click on a page sends it."""
    body = _payload(app, "brukere-tabell.children", {"brukere-versjon": 1}, {})
    body["changedPropIds"] = ["brukere-versjon.data"]
    return client.post("/_dash-update-component", json=body)


def _works(app, cookie: str) -> bool:  # noqa: F811
    return _replay(app, cookie).get("/bruker").status_code == 200


def _password_change(app, client, current: str, new: str):  # noqa: F811
    body = _payload(
        app,
        "bruker-passord-feil.children",
        {"bruker-passord-knapp": 1},
        {"bruker-passord-current": current, "bruker-passord-new": new, "bruker-passord-repeat": new},
    )
    return client.post("/_dash-update-component", json=body)


def test_a_cookie_captured_before_logout_no_longer_works(app):  # noqa: F811
    client = _logged_in(app, "gunnhild")
    cookie = _captured(client)
    assert _works(app, cookie)
    client.post("/logg-ut", data={"csrf": csrf_of(client)})
    assert not _works(app, cookie)
    replayed = _dash_ping(app, _replay(app, cookie))
    assert replayed.status_code == 401
    assert replayed.get_json() == {"error": EXPIRED, "login": "/logg-inn", "expired": True}
    assert _logged_in(app, "gunnhild").get("/bruker").status_code == 200  # a new login works


def test_a_dash_request_without_any_session_gets_a_norwegian_401(app):  # noqa: F811
    response = _dash_ping(app, app.server.test_client())
    assert response.status_code == 401 and response.get_json()["error"] == "Du må logge inn."
    assert response.mimetype == "application/json"


def test_ones_own_password_change_ends_other_sessions_and_keeps_this_one(app):  # noqa: F811
    client = _logged_in(app, "ssu")
    elsewhere = _captured(_logged_in(app, "ssu"))
    before = _captured(client)
    response = _password_change(app, client, PASSWORD, "et-helt-nytt-passord")
    assert "Passordet er byttet" in response.get_data(as_text=True)
    assert not _works(app, before) and not _works(app, elsewhere)
    assert client.get("/bruker").status_code == 200  # the session that made the change goes on
    refused = _password_change(app, client, "feil-passord-her", "et-annet-nytt-passord")
    assert "er feil" in refused.get_data(as_text=True) and client.get("/bruker").status_code == 200


def _admin_action(app, client, output: str, button: str, states: dict):  # noqa: F811
    body = _payload(app, output, {button: 1}, {"brukere-versjon": 0, **states})
    return client.post("/_dash-update-component", json=body)


def test_a_reset_by_the_secretariat_ends_the_users_sessions(app):  # noqa: F811
    leader = _logged_in(app, "gunnhild")
    cookie = _captured(leader)
    admin = _logged_in(app, "siri")
    response = _admin_action(
        app, admin, "brukere-passord-melding.children", "brukere-tilbakestill", {"brukere-valgt": "gunnhild"}
    )
    text = json.dumps(response.get_json(), ensure_ascii=False)
    made = re.search(r"Engangspassordet til «gunnhild» er ([a-z0-9-]+)", text).group(1)
    assert not _works(app, cookie) and leader.get("/bruker").status_code == 302
    fresh = app.server.test_client()
    assert login(fresh, "gunnhild", made).status_code == 302
    assert fresh.get("/okonomi").headers["Location"] == "/bruker"  # a one-time password must be replaced first
    assert '"href": "/okonomi"' not in json.dumps(fresh.get("/_dash-layout").get_json())  # no menu until then
    assert "Passordet er byttet" in _password_change(app, fresh, made, "mitt-eget-passord-1").get_data(as_text=True)
    assert fresh.get("/okonomi").status_code == 200
    assert '"href": "/okonomi"' in json.dumps(fresh.get("/_dash-layout").get_json())


def test_disabling_ends_sessions_and_enabling_does_not_revive_them(app):  # noqa: F811
    leader = _logged_in(app, "gunnhild")
    cookie = _captured(leader)
    admin = _logged_in(app, "siri")
    off = _admin_action(
        app, admin, "brukere-aktiv-melding.children", "brukere-deaktiver", {"brukere-valgt": "gunnhild"}
    )
    assert "er deaktivert" in off.get_data(as_text=True)
    assert _dash_ping(app, leader).status_code == 401
    on = _admin_action(app, admin, "brukere-aktiv-melding.children", "brukere-aktiver", {"brukere-valgt": "gunnhild"})
    assert "er aktivert" in on.get_data(as_text=True)
    assert not _works(app, cookie)


def test_hand_made_user_requests_with_lists_get_norwegian_problems(app):  # noqa: F811
    admin = _logged_in(app, "siri")
    body = _payload(
        app,
        "brukere-feil.children",
        {"brukere-opprett": 1},
        {"brukere-brukernavn": ["kari"], "brukere-rolle": ["leser"], "brukere-passord": {"x": 1}, "brukere-versjon": 0},
    )
    response = admin.post("/_dash-update-component", json=body)
    text = json.dumps(response.get_json(), ensure_ascii=False)
    assert response.status_code == 200 and "Brukernavn må være tekst." in text and "Velg en av rollene" in text
    for output, button in (
        ("brukere-aktiv-melding.children", "brukere-deaktiver"),
        ("brukere-passord-melding.children", "brukere-tilbakestill"),
        ("brukere-endre-navn-feil.children", "brukere-lagre"),
    ):
        response = _admin_action(app, admin, output, button, {"brukere-valgt": ["gunnhild"]})
        assert response.status_code == 200, output
        assert "Velg en bruker i listen." in json.dumps(response.get_json(), ensure_ascii=False), output
    leader = _logged_in(app, "gunnhild")
    body = _payload(app, "brukere-feil.children", {"brukere-opprett": 1}, {"brukere-brukernavn": "kari"})
    assert "Bare sekretariatet kan" in leader.post("/_dash-update-component", json=body).get_data(as_text=True)


OFF_SITE = [
    "//angriper.example",
    "/\t/angriper.example",
    "/\\angriper.example",
    "https://angriper.example",
    "/\n/angriper.example",
    " /x",
    "/ok\r\n/x",
    "javascript:alert(1)",
    "/x /y",
]


def test_the_return_address_stays_on_this_site(app):  # noqa: F811
    for target in OFF_SITE:
        client = app.server.test_client()
        page = client.get("/logg-inn", query_string={"neste": target}).get_data(as_text=True)
        assert 'name="neste" value="/"' in page, target
        response = client.post(
            "/logg-inn", data={"csrf": csrf_of(client), "brukernavn": "siri", "passord": PASSWORD, "neste": target}
        )
        assert response.headers["Location"] == "/", target


def test_the_encoded_tab_in_the_address_bar_is_refused(app):  # noqa: F811
    """/logg-inn?neste=/%09/vert: Flask decodes %09 to a tab, which browsers would drop to «//vert»."""
    client = app.server.test_client()
    page = client.get("/logg-inn?neste=/%09/angriper.example").get_data(as_text=True)
    assert 'name="neste" value="/"' in page


def test_the_page_one_was_on_is_kept_whole_through_login(app):  # noqa: F811
    client = app.server.test_client()
    response = client.get("/okonomi?runde=H%C3%B8st%202025&ordning=1")
    location = response.headers["Location"]
    target = parse_qs(urlsplit(location).query)["neste"][0]
    assert target == "/okonomi?runde=H%C3%B8st%202025&ordning=1"
    done = client.post(
        "/logg-inn", data={"csrf": csrf_of(client), "brukernavn": "siri", "passord": PASSWORD, "neste": target}
    )
    assert done.headers["Location"] == target


def test_session_status_and_keep_alive(app):  # noqa: F811
    client = app.server.test_client()
    assert client.get("/okt").get_json() == {"active": False, "remaining": 0, "timeout": 3600}
    login(client, "ssu")
    first = client.get("/okt")
    assert first.get_json()["active"] and first.headers["Cache-Control"] == "no-store"
    time.sleep(1.2)
    later = client.get("/okt").get_json()["remaining"]
    assert later < first.get_json()["remaining"]  # asking does not extend the session
    assert client.post("/okt/forleng", json={}).get_json()["remaining"] > later  # this does
    cross = client.post("/okt/forleng", json={}, headers={"Origin": "https://angriper.example"})
    assert cross.status_code == 403
    client.post("/logg-ut", data={"csrf": csrf_of(client)})
    assert client.post("/okt/forleng", json={}).status_code == 401


def test_the_menu_shows_only_pages_the_role_can_use(app):  # noqa: F811
    for username, sees_users in (("siri", True), ("gunnhild", False), ("ssu", False)):
        layout = json.dumps(_logged_in(app, username).get("/_dash-layout").get_json())
        assert ('"href": "/brukere"' in layout) is sees_users, username
        assert '"href": "/okonomi"' in layout and '"href": "/ssu"' in layout
