"""The SSU matrix's poll (decision 126) through the Flask test client: it answers «no update» while nothing
changed and the new stamp after a change, and it is not the user's activity, so it never keeps a session alive."""

from __future__ import annotations

from tests.web.test_security import _payload, app, login  # noqa: F401 (app is a fixture)


def _poll(app, client, seen: str):  # noqa: F811
    body = _payload(app, "ssu-endret.data", {"ssu-poll": 3}, {"ssu-stempel": seen})
    body["changedPropIds"] = ["ssu-poll.n_intervals"]
    return client.post("/_dash-update-component", json=body)


def _stamp(app, client) -> str:  # noqa: F811
    """The stamp the page was rendered with, as the refresh callback gives it."""
    body = _payload(app, "ssu-matrise-innhold.children", {"ssu-endret": "x"}, {"ssu-runde-navn": "Høst 2025"})
    body["changedPropIds"] = ["ssu-endret.data"]
    answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code == 200, answer.data
    return answer.get_json()["response"]["ssu-stempel"]["data"]


def test_the_poll_answers_no_update_until_something_changed(app):  # noqa: F811
    client = app.server.test_client()
    login(client, "ssu")
    stamp = _stamp(app, client)
    assert _poll(app, client, stamp).get_json()["response"] == {}  # nothing changed: «no update»
    changed = _poll(app, client, "0-0-0")
    assert changed.status_code == 200 and changed.get_json()["response"]["ssu-endret"]["data"] == stamp


def test_the_poll_does_not_keep_a_session_alive(app):  # noqa: F811
    client = app.server.test_client()
    login(client, "ssu")
    with client.session_transaction() as s:
        s["seen"] -= 600  # ten minutes idle
    stamp = _stamp(app, client)  # the refresh the poll starts is not activity either
    with client.session_transaction() as s:
        idle = s["seen"]
    assert _poll(app, client, stamp).get_json()["response"] == {}
    with client.session_transaction() as s:
        assert s["seen"] == idle
    client.get("/ssu")  # a page the user opens is
    with client.session_transaction() as s:
        assert s["seen"] > idle
