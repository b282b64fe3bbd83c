"""A user changes their own password on Min side: all problems at once, lockout, audit."""

from __future__ import annotations

from sqlalchemy import select

from db.migrate import upgrade
from db.models import AuditEntry, User
from db.session import session_scope
from db.users import MAX_FAILED, WRONG_LOGIN, add_user, authenticate, change_own_password

OLD = "gammelt-passord-1"
NEW = "nytt-passord-som-er-langt"


def _user(url) -> int:
    upgrade(url)
    with session_scope(url) as s:
        return add_user(s, username="kari", role="leser", password=OLD).id


def test_every_problem_is_named_at_once_and_nothing_changes(db_url):
    uid = _user(db_url)
    with session_scope(db_url) as s:
        problems = change_own_password(s, user_id=uid, current="feil-passord", new="kort", repeat="annet")
    assert problems == {
        "current": "Passordet du har nå, er feil.",
        "new": "Det nye passordet må ha minst 10 tegn.",
        "repeat": "Gjenta det nye passordet likt.",
    }
    with session_scope(db_url) as s:
        assert authenticate(s, username="kari", password=OLD).identity is not None
        assert change_own_password(s, user_id=uid, current=OLD, new=OLD, repeat=OLD) == {
            "new": "Det nye passordet må være et annet enn det gamle."
        }


def test_a_good_change_takes_effect_and_is_audited(db_url):
    uid = _user(db_url)
    with session_scope(db_url) as s:
        assert change_own_password(s, user_id=uid, current=OLD, new=NEW, repeat=NEW) == {}
    with session_scope(db_url) as s:
        assert authenticate(s, username="kari", password=OLD).identity is None
        assert authenticate(s, username="kari", password=NEW).identity is not None
        assert s.scalars(select(AuditEntry).filter_by(action="passord endret av brukeren")).one().actor == "kari"


def test_guessing_the_current_password_locks_the_account(db_url):
    uid = _user(db_url)
    for _ in range(MAX_FAILED):
        with session_scope(db_url) as s:
            change_own_password(s, user_id=uid, current="gjetning-xyz", new=NEW, repeat=NEW)
    with session_scope(db_url) as s:
        assert s.get(User, uid).locked_until is not None
        locked = authenticate(s, username="kari", password=OLD)  # the right password, while locked
        assert locked.identity is None and locked.message == WRONG_LOGIN  # the same answer as a wrong one


def test_the_form_names_its_fields_in_norwegian(db_url):
    """Trial 23: Min side said «repeat: Gjenta det nye passordet likt.»."""
    from components.feedback import problem_text
    from domain.identity import Identity
    from services import users
    from services.context import Context
    from settings import load_config

    uid = _user(db_url)
    ctx = Context.for_config(load_config({"DATABASE_URL": db_url}), Identity(uid, "kari", "Kari", "leser"))
    outcome = users.change_own_password(ctx, current=OLD, new=NEW, repeat=NEW + "x")
    assert [problem_text(p) for p in outcome.problems] == ["Gjenta det nye passordet likt."]
    outcome = users.change_own_password(ctx, current="", new="kort", repeat="kort")
    texts = [problem_text(p) for p in outcome.problems]
    assert texts and all(t[0].isupper() and not t.startswith(("current", "new", "repeat")) for t in texts)
