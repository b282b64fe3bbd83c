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
