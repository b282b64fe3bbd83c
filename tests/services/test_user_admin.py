"""The secretariat's user administration (services/users.py): every problem at once in plain Norwegian, a
cleared form after saving, editing, one-time passwords, disabling and enabling, and values of the wrong
kind from a hand-made request refused as problems, never as an error."""

from __future__ import annotations

import pytest
from dash import no_update
from sqlalchemy import select

from components.users import new_user_feedback
from db.models import AuditEntry, User
from db.session import read_session, session_scope
from db.users import add_user as add_user_row
from db.users import authenticate
from domain.identity import Identity
from services import users
from tests.conftest import context, snapshot

PASSWORD = "et-langt-test-passord"


@pytest.fixture
def admin(loaded_db):
    """The logged-in secretary «siri» (an account of her own, so the self-protection rules apply)."""
    with session_scope(loaded_db) as s:
        siri = add_user_row(s, username="siri", role="sekretariat", password=PASSWORD, name="Siri")
        add_user_row(s, username="gunnhild", role="prosjektleder", password=PASSWORD, projects=["15266"])
        identity = Identity(siri.id, "siri", "Siri", "sekretariat")
    return context(loaded_db, identity)


def _user(url, username) -> User:
    with read_session(url) as s:
        user = s.scalars(select(User).filter_by(username=username)).one()
        s.expunge(user)
        return user


def _fields(outcome) -> dict[str, str]:
    return {p.field: p.message for p in outcome.problems}


def test_every_problem_at_once_in_plain_norwegian_and_nothing_written(admin, loaded_db):
    before = snapshot(loaded_db)
    outcome = users.add_user(
        admin,
        username="ugyldig navn!",
        role="prosjektleder",
        password="kort",
        email="ikke-en-adresse",
        projects=None,
        one_time=True,
    )
    assert _fields(outcome) == {
        "brukernavn": "Brukernavnet kan bare ha bokstaver a–z, tall, punktum, bindestrek, @ og _.",
        "passord": "Passordet må ha minst 10 tegn.",
        "epost": "«ikke-en-adresse» ser ikke ut som en e-postadresse.",
        "prosjekter": "En prosjektleder må ha minst ett prosjekt. Velg prosjektene.",
    }
    assert all(p.label for p in outcome.problems)
    assert not any("--" in p.message for p in outcome.problems)  # no command-line flag on screen
    assert snapshot(loaded_db) == before
    taken = users.add_user(admin, username="gunnhild", role=None, password=PASSWORD, projects=["99999"])
    assert _fields(taken) == {
        "brukernavn": "Brukernavnet «gunnhild» er ikke ledig; velg et annet.",
        "rolle": "Velg en rolle.",
        "prosjekter": "Fant ikke prosjektet «99999».",
    }
    reader = users.add_user(admin, username="kari", role="leser", password=PASSWORD, projects=["15266"])
    assert "Bare prosjektledere har prosjekter" in _fields(reader)["prosjekter"]
    assert snapshot(loaded_db) == before


def test_the_form_is_cleared_so_the_next_user_gets_nothing_of_the_last(admin, loaded_db):
    first = users.add_user(
        admin, username="kari", role="prosjektleder", password="", name="Kari", projects=["15266"], one_time=True
    )
    assert first.ok, first.problems
    summary, shown, *rest = new_user_feedback(first, 3)
    errors, values, version = rest[:6], rest[6:12], rest[12]
    assert summary is None and errors == [None] * 6 and version == 4
    assert values == ["", "", "", "", None, []]  # username, name, e-mail, password, role, projects
    assert "Brukeren «kari» er opprettet." in shown.children
    second = users.add_user(admin, username="ola", role="leser", password="", projects=values[5], one_time=True)
    assert second.ok, second.problems
    assert users.user_details(admin, "ola").projects == []
    assert users.user_details(admin, "kari").projects == ["15266"]
    refused = new_user_feedback(users.add_user(admin, username="", role="leser", password=PASSWORD), 4)
    assert "Skjemaet ble ikke lagret: 1 feil må rettes" in str(refused[0]) and "Fyll inn brukernavn." in str(refused[2])
    assert list(refused[8:]) == [no_update] * 7  # the form keeps what was typed; the table stays


def test_a_one_time_password_is_made_shown_once_and_must_be_replaced(admin, loaded_db):
    outcome = users.add_user(admin, username="kari", role="leser", password=None, one_time=True)
    made = outcome.value.one_time_password
    assert made and len(made.replace("-", "")) == 12 and made in outcome.message
    assert "vises bare denne ene gangen" in outcome.message
    with session_scope(loaded_db) as s:
        identity = authenticate(s, username="kari", password=made).identity
    assert identity.must_change_password and users.user_details(admin, "kari").must_change_password


def test_edit_name_email_role_and_projects(admin, loaded_db):
    outcome = users.update_user(
        admin,
        username="gunnhild",
        name="Gunnhild Ag",
        email="gunnhild@unn.no",
        role="prosjektleder",
        projects=["15266", "39011"],
    )
    assert outcome.ok and outcome.message == "Endringene for «gunnhild» er lagret."
    details = users.user_details(admin, "gunnhild")
    assert (details.name, details.email, details.role, details.projects) == (
        "Gunnhild Ag",
        "gunnhild@unn.no",
        "prosjektleder",
        ["15266", "39011"],
    )
    same = users.update_user(
        admin,
        username="gunnhild",
        name="Gunnhild Ag",
        email="gunnhild@unn.no",
        role="prosjektleder",
        projects=["39011", "15266"],
    )
    assert same.ok and same.message == "Ingen endringer å lagre."
    wrong = users.update_user(admin, username="gunnhild", name="G", email="x", role="leser", projects=["15266"])
    assert set(_fields(wrong)) == {"epost", "prosjekter"}
    assert users.user_details(admin, "gunnhild").name == "Gunnhild Ag"
    reader = users.update_user(admin, username="gunnhild", name="G", email=None, role="leser", projects=[])
    assert reader.ok and users.user_details(admin, "gunnhild").role == "leser"
    with read_session(loaded_db) as s:
        entries = list(s.scalars(select(AuditEntry).filter_by(action="bruker endret", entity_key="gunnhild")))
    assert len(entries) == 2 and "15266, 39011" in entries[0].after and "leser" in entries[1].after
    own = users.update_user(admin, username="siri", name="Siri", role="leser", projects=[])
    assert _fields(own) == {"rolle": "Du kan ikke endre din egen rolle. Be en annen i sekretariatet."}
    assert users.update_user(admin, username="finnes-ikke", role="leser").problems[0].message == (
        "Fant ikke brukeren «finnes-ikke»."
    )


def test_reset_password_ends_sessions_and_gives_a_one_time_password(admin, loaded_db):
    epoch = _user(loaded_db, "gunnhild").session_epoch
    outcome = users.reset_password(admin, username="gunnhild", password="")
    made = outcome.value.one_time_password
    assert outcome.ok and made in outcome.message and "innlogginger er avsluttet" in outcome.message
    user = _user(loaded_db, "gunnhild")
    assert user.session_epoch == epoch + 1 and user.must_change_password
    with session_scope(loaded_db) as s:
        assert authenticate(s, username="gunnhild", password=PASSWORD).identity is None
        assert authenticate(s, username="gunnhild", password=made).identity is not None
    typed = users.reset_password(admin, username="gunnhild", password="skrevet-av-sekretariatet")
    assert typed.ok and typed.value.one_time_password is None and "skrevet-av" not in typed.message
    assert _fields(users.reset_password(admin, username="gunnhild", password="kort")) == {
        "passord": "Passordet må ha minst 10 tegn."
    }
    assert users.reset_password(admin, username="siri").problems[0].message == (
        "Ditt eget passord bytter du på Min side."
    )
    with read_session(loaded_db) as s:
        assert (
            s.scalars(select(AuditEntry.action).filter_by(entity_key="gunnhild")).all().count("engangspassord satt")
            == 2
        )


def test_disable_and_enable(admin, loaded_db):
    epoch = _user(loaded_db, "gunnhild").session_epoch
    off = users.set_active(admin, username="gunnhild", active=False)
    assert off.ok and off.message == "«gunnhild» er deaktivert. Brukerens innlogginger er avsluttet."
    assert _user(loaded_db, "gunnhild").session_epoch == epoch + 1
    with session_scope(loaded_db) as s:
        assert authenticate(s, username="gunnhild", password=PASSWORD).identity is None
    assert users.set_active(admin, username="gunnhild", active=False).message == "«gunnhild» var allerede deaktivert."
    on = users.set_active(admin, username="gunnhild", active=True)
    assert on.ok and on.message == "«gunnhild» er aktivert."
    with session_scope(loaded_db) as s:
        assert authenticate(s, username="gunnhild", password=PASSWORD).identity is not None
    assert users.set_active(admin, username="siri", active=False).problems[0].message == (
        "Du kan ikke deaktivere deg selv."
    )


HAND_MADE = [["gunnhild"], {"a": 1}, 7, True, ["x", 1]]


@pytest.mark.parametrize("value", HAND_MADE, ids=repr)
def test_values_of_the_wrong_kind_are_problems_not_errors(admin, loaded_db, value):
    before = snapshot(loaded_db)
    calls = [
        lambda: users.add_user(admin, username=value, role="leser", password=PASSWORD),
        lambda: users.add_user(admin, username="kari", role=value, password=PASSWORD),
        lambda: users.add_user(admin, username="kari", role="leser", password=value),
        lambda: users.add_user(admin, username="kari", role="leser", password=PASSWORD, name=value, email=value),
        lambda: users.add_user(admin, username="kari", role="prosjektleder", password=PASSWORD, projects=value),
        lambda: users.update_user(admin, username=value, role="leser"),
        lambda: users.update_user(admin, username="gunnhild", role=value, projects=value, name=value),
        lambda: users.reset_password(admin, username=value),
        lambda: users.reset_password(admin, username="gunnhild", password=value),
        lambda: users.set_active(admin, username=value, active=False),
        lambda: users.set_active(admin, username="gunnhild", active=value if value is not True else "ja"),
    ]
    for call in calls:
        outcome = call()
        assert not outcome.ok, outcome
        assert all(p.message and "Traceback" not in p.message for p in outcome.problems)
    assert users.user_details(admin, value) is None
    assert snapshot(loaded_db) == before


def test_wrong_kinds_in_ones_own_password_change(admin):
    outcome = users.change_own_password(admin, current=["a"], new={"b": 1}, repeat="x")
    assert {p.field for p in outcome.problems} == {"current", "new"}


def test_only_the_secretariat_administers_users(admin, loaded_db):
    before = snapshot(loaded_db)
    leader = admin.acting_as(Identity(2, "gunnhild", "Gunnhild", "prosjektleder", frozenset({4})))
    for outcome in (
        users.add_user(leader, username="kari", role="leser", password=PASSWORD),
        users.update_user(leader, username="gunnhild", role="sekretariat", projects=[]),
        users.reset_password(leader, username="siri"),
        users.set_active(leader, username="siri", active=False),
    ):
        assert outcome.problems[0].message == "Bare sekretariatet kan gjøre dette."
    assert not users.users_view(leader).allowed and users.user_details(leader, "siri") is None
    assert snapshot(loaded_db) == before
