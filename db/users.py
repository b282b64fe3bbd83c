"""Users: creation, passwords (scrypt), login with lockout, and project rights."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from db.defaults import PARTNERSHIP as DEFAULT_PARTNERSHIP
from db.models import ROLES, AuditEntry, GrantScheme, LoginThrottle, Project, User, UserProject, utcnow
from domain.identity import Identity
from domain.problems import Problem, Refused

MAX_FAILED = 10
"""Password checks per account (from any address) before the account is locked for a short while."""
LOCK_MINUTES = (1, 2, 4, 8, 15)
"""How long the account is locked the first, second, … time in a row: short, so an outsider cannot keep a known
account shut for long; a successful login starts over."""
MAX_FAILED_FROM_ADDRESS = 5
"""Password checks for one user name from one client address before that address is shut out for the name."""
ADDRESS_LOCK_MINUTES = (5, 15, 60, 240)
"""How long one address is shut out for one name, growing with each lock in a row: the guesser locks out himself."""
MIN_PASSWORD = 10
# A hash to compare against when the user does not exist, so timing does not reveal user names.
_DUMMY_HASH = generate_password_hash("ikke-et-passord", method="scrypt")


class UserError(Refused):
    """A rule about users was broken; the message is Norwegian."""


USERNAME_RULE = re.compile(r"[a-zA-Z0-9._@-]{2,100}")
EMAIL_RULE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
LEADER = "prosjektleder"
# the fields of a user, as the secretariat's form names them: (key, label)
FIELDS = {
    "brukernavn": "Brukernavn",
    "navn": "Navn",
    "epost": "E-post",
    "rolle": "Rolle",
    "prosjekter": "Prosjekter",
    "passord": "Passord",
    "helsefellesskap": "Helsefellesskap",
}
READER = "leser"


def problem(key: str, message: str) -> Problem:
    return Problem.in_field(key, FIELDS[key], message)


def refuse_if(problems: list[Problem]) -> None:
    """Refuse with every problem, one per field (the first found: a value that was not text at all comes
    before the rules about its content)."""
    if problems:
        seen: set[str] = set()
        first = [p for p in problems if p.field is None or not (p.field in seen or seen.add(p.field))]
        raise UserError(first[0].message, problems=first)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"Passordet må ha minst {MIN_PASSWORD} tegn.", field="passord", label=FIELDS["passord"])
    return generate_password_hash(password, method="scrypt")


def password_problems(password: str | None) -> list[Problem]:
    if len(password or "") < MIN_PASSWORD:
        return [problem("passord", f"Passordet må ha minst {MIN_PASSWORD} tegn.")]
    return []


def _project_ids(session: Session, numbers: list[str], problems: list[Problem], partnership: str | None) -> list[int]:
    """The ids of the named projects; a project of another partnership is not found (decision 96)."""
    query = select(Project.number, Project.id).where(Project.number.in_(numbers))
    if partnership is not None:
        query = query.join(GrantScheme, Project.scheme_id == GrantScheme.id).where(
            GrantScheme.partnership == partnership
        )
    found = dict(session.execute(query).all() if numbers else [])
    missing = [number for number in numbers if number not in found]
    if missing:
        problems.append(problem("prosjekter", f"Fant ikke prosjektet «{'», «'.join(missing)}»."))
    return [found[number] for number in numbers if number in found]


def partnership_problems(session: Session, *, partnership: str | None, role: str | None) -> list[Problem]:
    """A user belongs to a partnership that owns a scheme (or is the default data's), or is a national reader."""
    if partnership is None:
        if role and role != READER:
            return [problem("helsefellesskap", "Bare en leser kan være nasjonal. Velg et helsefellesskap.")]
        return []
    known = (
        partnership == DEFAULT_PARTNERSHIP
        or session.scalars(select(GrantScheme.id).filter_by(partnership=partnership)).first()
    )
    if not known:
        return [
            problem("helsefellesskap", f"Ingen tilskuddsordning tilhører «{partnership}». Opprett ordningen først.")
        ]
    return []


def _detail_problems(
    session: Session,
    *,
    role: str | None,
    email: str | None,
    projects: list[str],
    problems: list[Problem],
    partnership: str | None = None,
) -> list[int]:
    """Role, e-mail and projects checked together; the project ids when they are all known (and all of the
    user's partnership)."""
    if not role:
        problems.append(problem("rolle", "Velg en rolle."))
    elif role not in ROLES:
        problems.append(problem("rolle", f"Ukjent rolle «{role}»."))
    if email and not EMAIL_RULE.fullmatch(email):
        problems.append(problem("epost", f"«{email}» ser ikke ut som en e-postadresse."))
    project_ids = _project_ids(session, projects, problems, partnership)
    if role == LEADER and not projects:
        problems.append(problem("prosjekter", "En prosjektleder må ha minst ett prosjekt. Velg prosjektene."))
    elif role in ROLES and role != LEADER and projects:
        problems.append(
            problem("prosjekter", "Bare prosjektledere har prosjekter. Fjern prosjektene, eller velg prosjektleder.")
        )
    return project_ids


def add_user(
    session: Session,
    *,
    username: str,
    role: str,
    password: str,
    name: str | None = None,
    email: str | None = None,
    projects: list[str] | None = None,
    actor: str = "kommandolinje",
    must_change_password: bool = False,
    known: list[Problem] | tuple[Problem, ...] = (),
    partnership: str | None = DEFAULT_PARTNERSHIP,
) -> User:
    """A new user; every problem at once (``UserError`` with one problem per field), nothing written then.
    ``known``: problems the caller found already (a value that was not text), refused together with these.
    ``partnership``: the partnership the user belongs to; None makes a national reader (decision 96)."""
    problems: list[Problem] = list(known)
    if not username:
        problems.append(problem("brukernavn", "Fyll inn brukernavn."))
    elif not USERNAME_RULE.fullmatch(username):
        problems.append(
            problem("brukernavn", "Brukernavnet kan bare ha bokstaver a–z, tall, punktum, bindestrek, @ og _.")
        )
    elif session.scalars(select(User.id).filter_by(username=username)).first() is not None:
        # the same answer whichever partnership holds the name (trial 26b: «finnes allerede» named another's user)
        problems.append(problem("brukernavn", f"Brukernavnet «{username}» er ikke ledig; velg et annet."))
    problems += password_problems(password)
    problems += partnership_problems(session, partnership=partnership, role=role)
    project_ids = _detail_problems(
        session, role=role, email=email, projects=projects or [], problems=problems, partnership=partnership
    )
    refuse_if(problems)
    user = User(
        username=username,
        role=role,
        partnership=partnership,
        password_hash=hash_password(password),
        name=name,
        email=email,
        must_change_password=must_change_password,
    )
    user.projects = [UserProject(project_id=pid) for pid in project_ids]
    session.add(user)
    session.flush()
    session.add(
        AuditEntry(
            actor=actor,
            action="bruker opprettet",
            entity="Bruker",
            entity_key=username,
            after=_summary(user, projects or []),
        )
    )
    return user


def _summary(user: User, projects: list[str]) -> str:
    where = user.partnership or "nasjonal"
    return f"{user.name or '–'}; {user.email or '–'}; {user.role}; {where}; prosjekter: {', '.join(projects) or '–'}"


def project_numbers(session: Session, user: User) -> list[str]:
    ids = [link.project_id for link in user.projects]
    if not ids:
        return []
    return sorted(n for n in session.scalars(select(Project.number).where(Project.id.in_(ids))) if n)


def update_user(
    session: Session,
    *,
    username: str,
    name: str | None,
    email: str | None,
    role: str,
    projects: list[str],
    actor: str,
    known: list[Problem] | tuple[Problem, ...] = (),
) -> bool:
    """Change a user's name, e-mail, role and projects (every problem at once); False when nothing changed.
    A change of role or projects takes effect on the user's next request (rights are read per request)."""
    user = get_user(session, username)
    problems: list[Problem] = list(known)
    problems += partnership_problems(session, partnership=user.partnership, role=role)
    project_ids = _detail_problems(
        session, role=role, email=email, projects=projects, problems=problems, partnership=user.partnership
    )
    refuse_if(problems)
    before_projects = project_numbers(session, user)
    before = _summary(user, before_projects)
    if (user.name, user.email, user.role, before_projects) == (name, email, role, sorted(projects)):
        return False
    user.name, user.email, user.role = name, email, role
    user.projects = [UserProject(project_id=pid) for pid in project_ids]
    session.add(
        AuditEntry(
            actor=actor,
            action="bruker endret",
            entity="Bruker",
            entity_key=username,
            before=before,
            after=_summary(user, sorted(projects)),
        )
    )
    return True


def session_epoch(session: Session, user_id: int) -> int | None:
    return session.scalar(select(User.session_epoch).where(User.id == user_id))


def end_sessions(user: User) -> None:
    """Every session cookie of the user made before now stops working (decision 38)."""
    user.session_epoch = (user.session_epoch or 0) + 1


def log_out(session: Session, *, user_id: int) -> None:
    user = session.get(User, user_id)
    if user is not None:
        end_sessions(user)


def set_password(
    session: Session,
    *,
    username: str,
    password: str,
    actor: str = "kommandolinje",
    one_time: bool = False,
) -> None:
    """A new password set by someone else (the secretariat or the command line); the user's sessions end.
    ``one_time``: the user must choose their own password at the next login."""
    user = get_user(session, username)
    refuse_if(password_problems(password))
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    user.must_change_password = one_time
    end_sessions(user)
    session.add(
        AuditEntry(
            actor=actor,
            action="engangspassord satt" if one_time else "passord endret",
            entity="Bruker",
            entity_key=username,
        )
    )


def change_own_password(
    session: Session, *, user_id: int, current: str, new: str, repeat: str, now: datetime | None = None
) -> dict[str, str]:
    """A user's own password change: every problem at once, by field (current, new, repeat); {} when
    changed. A wrong current password counts as a failed login, so guessing through this form locks the
    account just as the login form does."""
    user = session.get(User, user_id)
    problems: dict[str, str] = {}
    if user is None or not user.is_active:
        return {"current": "Brukeren finnes ikke eller er deaktivert."}
    if not current:
        problems["current"] = "Skriv passordet du har nå."
    elif not check_password_hash(user.password_hash, current):
        problems["current"] = "Passordet du har nå, er feil."
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_FROM_ADDRESS:
            user.locked_until = (now or utcnow()) + timedelta(minutes=lock_minutes(LOCK_MINUTES, user.lockouts))
            user.failed_logins, user.lockouts = 0, user.lockouts + 1
            session.add(
                AuditEntry(
                    actor=user.username,
                    action="konto sperret etter feil passord",
                    entity="Bruker",
                    entity_key=user.username,
                )
            )
    if len(new or "") < MIN_PASSWORD:
        problems["new"] = f"Det nye passordet må ha minst {MIN_PASSWORD} tegn."
    elif new == current:
        problems["new"] = "Det nye passordet må være et annet enn det gamle."
    if (repeat or "") != (new or ""):
        problems["repeat"] = "Gjenta det nye passordet likt."
    if problems:
        return problems
    user.password_hash = hash_password(new)
    user.failed_logins, user.locked_until = 0, None
    user.must_change_password = False
    end_sessions(user)
    session.add(
        AuditEntry(actor=user.username, action="passord endret av brukeren", entity="Bruker", entity_key=user.username)
    )
    return {}


def set_active(session: Session, *, username: str, active: bool, actor: str = "kommandolinje") -> bool:
    """Disable or enable a user; disabling ends every session of the user. False when it already was so."""
    user = get_user(session, username)
    if user.is_active == active:
        return False
    user.is_active = active
    if not active:
        end_sessions(user)
    session.add(
        AuditEntry(
            actor=actor,
            action="bruker aktivert" if active else "bruker deaktivert",
            entity="Bruker",
            entity_key=username,
        )
    )
    return True


def get_user(session: Session, username: str) -> User:
    user = session.scalars(select(User).filter_by(username=username)).one_or_none() if username else None
    if user is None:
        raise UserError(f"Fant ikke brukeren «{username}».", field="brukernavn", label=FIELDS["brukernavn"])
    return user


def list_users(session: Session, *, partnership: str | None = None, every: bool = True) -> list[User]:
    """The users of ``partnership``; with ``every`` (the operator) all users, national readers included."""
    query = select(User).order_by(User.username)
    if not every:
        query = query.where(User.partnership == partnership)
    return list(session.scalars(query))


def identity_of(user: User) -> Identity:
    return Identity(
        user.id,
        user.username,
        user.name or "",
        user.role,
        frozenset(link.project_id for link in user.projects),
        must_change_password=bool(user.must_change_password),
        partnership=user.partnership,
    )


def load_identity(session: Session, user_id: object, epoch: object) -> Identity | None:
    """The user a session cookie names, if the user is active and the cookie's epoch is the user's current one
    (an ended session's cookie has an older epoch)."""
    if isinstance(user_id, bool) or not isinstance(user_id, int) or isinstance(epoch, bool):
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.session_epoch != epoch:
        return None
    return identity_of(user)


@dataclass(frozen=True)
class LoginResult:
    identity: Identity | None
    message: str | None
    epoch: int | None = None  # written into the session cookie


WRONG_LOGIN = "Feil brukernavn eller passord."
"""The one answer to an unknown name, a wrong password, a disabled user and a locked account alike."""


def lock_minutes(steps: tuple[int, ...], lockouts: int | None) -> int:
    return steps[min(lockouts or 0, len(steps) - 1)]


@dataclass(frozen=True)
class LoginAttempt:
    """A reserved password check: whose hash to compare (a dummy one when the name is unknown or the check was not
    granted, so every answer costs one hash), and whether a right password may log in."""

    key: str
    user_id: int | None
    password_hash: str
    granted: bool


def throttle_key(username: str, address: str) -> str:
    return f"{address or '-'} {username.strip().lower()}"[:300]


def _reserve_for_address(session: Session, key: str, now: datetime) -> bool:
    """Count one check for ``key`` in one atomic statement (INSERT … ON CONFLICT DO UPDATE … RETURNING): parallel
    requests each get their own number, so at most MAX_FAILED_FROM_ADDRESS are granted before the lock."""
    table = LoginThrottle.__table__
    expired = and_(table.c.locked_until.is_not(None), table.c.locked_until <= now)
    insert = (postgresql if session.get_bind().dialect.name == "postgresql" else sqlite).insert
    statement = (
        insert(table)
        .values(key=key, failures=1, lockouts=0, locked_until=None, updated_at=now)
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case((expired, 1), else_=table.c.failures + 1),
                "locked_until": case((expired, None), else_=table.c.locked_until),
                "updated_at": now,
            },
            where=or_(table.c.locked_until.is_(None), table.c.locked_until <= now),
        )
        .returning(table.c.failures, table.c.lockouts)
    )
    row = session.execute(statement).first()
    if row is None:
        return False
    if row.failures >= MAX_FAILED_FROM_ADDRESS:
        session.execute(
            update(table)
            .where(table.c.key == key)
            .values(
                locked_until=now + timedelta(minutes=lock_minutes(ADDRESS_LOCK_MINUTES, row.lockouts)),
                lockouts=row.lockouts + 1,
            )
        )
    return True


def _reserve_for_account(session: Session, user_id: int, username: str, now: datetime) -> bool:
    """Count one check for the account in one atomic UPDATE … RETURNING; the check that reaches MAX_FAILED locks
    the account (for a short, growing while) in the same transaction."""
    table = User.__table__
    expired = and_(table.c.locked_until.is_not(None), table.c.locked_until <= now)
    row = session.execute(
        update(table)
        .where(table.c.id == user_id, or_(table.c.locked_until.is_(None), table.c.locked_until <= now))
        .values(
            failed_logins=case((expired, 1), else_=table.c.failed_logins + 1),
            locked_until=case((expired, None), else_=table.c.locked_until),
        )
        .returning(table.c.failed_logins, table.c.lockouts)
    ).first()
    if row is None:
        return False
    if row.failed_logins >= MAX_FAILED:
        session.execute(
            update(table)
            .where(table.c.id == user_id)
            .values(
                locked_until=now + timedelta(minutes=lock_minutes(LOCK_MINUTES, row.lockouts)),
                lockouts=row.lockouts + 1,
                failed_logins=0,
            )
        )
        session.add(
            AuditEntry(actor=username, action="konto sperret etter feil passord", entity="Bruker", entity_key=username)
        )
    return True


def begin_login(session: Session, *, username: str, address: str, now: datetime | None = None) -> LoginAttempt:
    """Reserve one password check, first for this name from this address, then for the account (commit before the
    slow hash, so parallel guesses queue on the counters, not on the hash)."""
    now = now or utcnow()
    name = username.strip() if isinstance(username, str) else ""
    key = throttle_key(name, address)
    if not USERNAME_RULE.fullmatch(name) or not _reserve_for_address(session, key, now):
        # a name no user can have (a NUL, which PostgreSQL refuses, or 10 000 characters) is simply wrong
        return LoginAttempt(key, None, _DUMMY_HASH, False)
    user = session.execute(
        select(User.id, User.password_hash, User.is_active).where(User.username == name)
    ).one_or_none()
    if user is None or not user.is_active or not _reserve_for_account(session, user.id, name, now):
        return LoginAttempt(key, None, _DUMMY_HASH, False)
    return LoginAttempt(key, user.id, user.password_hash, True)


def password_matches(attempt: LoginAttempt, password: object) -> bool:
    """Exactly one hash per attempt, whatever the name or the lock (identical timing)."""
    right = check_password_hash(attempt.password_hash, password if isinstance(password, str) else "")
    return right and attempt.granted and attempt.user_id is not None


def finish_login(session: Session, attempt: LoginAttempt, now: datetime | None = None) -> LoginResult:
    """A right password: the counters start over; the user as the session cookie will name them."""
    user = session.get(User, attempt.user_id)
    if user is None or not user.is_active:
        return LoginResult(None, WRONG_LOGIN)
    user.failed_logins, user.locked_until, user.lockouts, user.last_login = 0, None, 0, now or utcnow()
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == attempt.key))
    forget_old_throttles(session, now=now)
    return LoginResult(identity_of(user), None, user.session_epoch)


def authenticate(
    session: Session, *, username: str, password: str, address: str = "", now: datetime | None = None
) -> LoginResult:
    """Check a password in one session (the command line and tests); the web runs the three steps in their own
    transactions (``services.users.authenticate``)."""
    attempt = begin_login(session, username=username, address=address, now=now)
    if not password_matches(attempt, password):
        return LoginResult(None, WRONG_LOGIN)
    return finish_login(session, attempt, now)


def forget_old_throttles(session: Session, *, now: datetime | None = None, days: int = 2) -> int:
    """Rows of addresses that have not tried for ``days`` days (and are not locked) are removed."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    gone = session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.updated_at < cutoff,
            or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < cutoff),
        )
    )
    return gone.rowcount or 0


FIRST_USERNAME = "sekretariat"
FIRST_NAME = "Sekretariatet"


def first_user_problems(username: str, email: str | None) -> list[Problem]:
    """The first user's user name and e-mail, checked before the init step writes anything."""
    problems: list[Problem] = []
    if not USERNAME_RULE.fullmatch(username or ""):
        problems.append(
            problem("brukernavn", "Brukernavnet kan bare ha bokstaver a–z, tall, punktum, bindestrek, @ og _.")
        )
    if email and not EMAIL_RULE.fullmatch(email):
        problems.append(problem("epost", f"«{email}» ser ikke ut som en e-postadresse."))
    return problems


def ensure_first_user(
    session: Session, *, username: str = FIRST_USERNAME, name: str | None = FIRST_NAME, email: str | None = None
) -> str | None:
    """With no users at all, create the first secretariat user with a random password and return it (shown once).
    None when any user exists, so running it again (or from a second process after the first) adds nobody."""
    if session.scalars(select(User.id)).first() is not None:
        return None
    password = secrets.token_urlsafe(12)
    add_user(  # a one-time password: it sits in a file, so the first login leads to Min side (trial 24b)
        session,
        username=username,
        role="sekretariat",
        password=password,
        name=name,
        email=email,
        actor="oppstart",
        must_change_password=True,
    )
    return password
