"""Users: logging in, who is logged in, the secretariat's user administration, and each user's own page."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from db import users as user_data
from db.models import GrantScheme, Project, User
from db.page_queries import project_ref
from db.session import Database
from domain.identity import Identity
from domain.problems import Problem
from domain.validation import check_short_text
from domain.vocabulary import NATIONAL_READER, NATIONAL_READER_DESCRIPTION, ROLE
from services import authz
from services.context import Context, Outcome, refusable
from settings import ROOT, Config

MIN_PASSWORD = user_data.MIN_PASSWORD
DEFAULT_PARTNERSHIP = user_data.DEFAULT_PARTNERSHIP
FIELDS = user_data.FIELDS
LoginResult = user_data.LoginResult
# a one-time password: 12 characters without look-alikes (0/O, 1/l/I), in groups of four
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def load_identity(db: Database, user_id: object, epoch: object) -> Identity | None:
    """The user a session cookie names, or None when the user is gone, disabled or the session was ended."""
    if user_id is None:
        return None
    with db.read() as session:
        return user_data.load_identity(session, user_id, epoch)


def authenticate(db: Database, *, username: object, password: object, address: str = "") -> LoginResult:
    """Check a password: reserve the check (counted atomically per name and address, then per account, and
    committed), compare one hash outside any transaction, and only then log in. Unknown, wrong, disabled and locked
    all answer the same, after the same work (decision 68)."""
    username = username if isinstance(username, str) else ""
    with db.write() as session:
        attempt = user_data.begin_login(session, username=username, address=address)
    if not user_data.password_matches(attempt, password):
        return LoginResult(None, user_data.WRONG_LOGIN)
    with db.write() as session:
        return user_data.finish_login(session, attempt)


def end_sessions(db: Database, user_id: object) -> None:
    """Logging out: every session of the user ends on the server, so a copied cookie no longer works."""
    if isinstance(user_id, int) and not isinstance(user_id, bool):
        with db.write() as session:
            user_data.log_out(session, user_id=user_id)


def create_first_user(db: Database, **who) -> str | None:
    """With no users at all, create the first secretariat user (``username``, ``name``, ``email``; default
    'sekretariat') with a random password and return it (shown once)."""
    with db.write() as session:
        return user_data.ensure_first_user(session, **who)


def user_count(db: Database) -> int:
    """How many user accounts exist (the init step's report; zero means the database is not initialised)."""
    with db.read() as session:
        return session.scalar(select(func.count(User.id))) or 0


@dataclass(frozen=True)
class UserRow:
    username: str
    name: str | None
    email: str | None
    role: str
    active: bool
    projects: list[str]
    must_change_password: bool = False
    partnership: str | None = None  # None: a national reader

    @property
    def role_label(self) -> str:
        if self.partnership is None:
            return NATIONAL_READER
        return ROLE[self.role].label if self.role in ROLE else self.role


@dataclass(frozen=True)
class UsersView:
    allowed: bool
    users: list[UserRow] = field(default_factory=list)
    project_choices: list[tuple[str, str]] = field(default_factory=list)  # (label, project number)


def users_view(ctx: Context) -> UsersView:
    """The user administration page: the users of the secretariat's partnership (every user for the operator),
    and the projects of that partnership a leader can be given (decision 96)."""
    if not authz.allowed(ctx.identity, authz.ADMIN):
        return UsersView(False)
    partnership = authz.partnership_filter(ctx.identity)
    with ctx.db.read() as session:
        numbers = dict(session.execute(select(Project.id, Project.number)).all())
        rows = [
            UserRow(
                u.username,
                u.name,
                u.email,
                u.role,
                u.is_active,
                sorted(numbers[link.project_id] or str(link.project_id) for link in u.projects),
                bool(u.must_change_password),
                u.partnership,
            )
            for u in user_data.list_users(session, partnership=partnership, every=partnership is None)
        ]
        own = select(Project.short_name, Project.name, Project.number).where(Project.number.isnot(None))
        if partnership is not None:
            own = own.join(GrantScheme, Project.scheme_id == GrantScheme.id).where(
                GrantScheme.partnership == partnership
            )
        choices = [
            (f"{short or name} ({number})", number) for short, name, number in session.execute(own.order_by(Project.id))
        ]
    return UsersView(True, rows, choices)


def list_users(ctx: Context) -> list[UserRow]:
    authz.require(ctx.identity, authz.ADMIN)
    return users_view(ctx).users


def user_details(ctx: Context, username: object) -> UserRow | None:
    """One user for the edit form; None when not allowed or no such user."""
    if not authz.allowed(ctx.identity, authz.ADMIN) or not isinstance(username, str):
        return None
    return next((u for u in users_view(ctx).users if u.username == username), None)


# ------------------------------------------------------------------ checking what a request sends


def _text(raw: object, key: str, problems: list[Problem], *, required: bool = False) -> str | None:
    value, error = check_short_text(raw, FIELDS[key], required=required)
    if error:
        problems.append(Problem.in_field(key, FIELDS[key], error))
    return value


def _role(raw: object, problems: list[Problem]) -> str | None:
    if raw is not None and not isinstance(raw, str):
        problems.append(Problem.in_field("rolle", FIELDS["rolle"], "Velg en av rollene i listen."))
        return None
    return raw or None


def _projects(raw: object, problems: list[Problem]) -> list[str]:
    """Project numbers from a multi-select: a list of texts (None is no projects)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        problems.append(Problem.in_field("prosjekter", FIELDS["prosjekter"], "Velg prosjektene i listen."))
        return []
    return list(dict.fromkeys(item.strip() for item in raw if item.strip()))


def _chosen_user(raw: object) -> str:
    """The user a request names (a choice from the list); anything but text is refused."""
    if not isinstance(raw, str) or not raw.strip():
        raise user_data.UserError("Velg en bruker i listen.", field="brukernavn", label=FIELDS["brukernavn"])
    return raw.strip()


def _is_yourself(ctx: Context, username: str) -> bool:
    """The logged-in secretary's own account (the command line acts as no account)."""
    who = ctx.identity
    return who is not None and who.id is not None and who.username == username


def _not_yourself(ctx: Context, username: str, what: str) -> None:
    """The secretariat cannot lock itself out: its own password and access are changed elsewhere."""
    if _is_yourself(ctx, username):
        raise user_data.UserError(what, field="brukernavn", label=FIELDS["brukernavn"])


def new_one_time_password() -> str:
    raw = "".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _one_time_note(username: str, password: str) -> str:
    return (
        f"Engangspassordet til «{username}» er {password} – gi det til brukeren nå; det vises bare denne ene "
        "gangen. Brukeren må velge sitt eget passord ved første innlogging."
    )


@dataclass(frozen=True)
class Saved:
    username: str
    one_time_password: str | None = None  # shown once, when the portal made it


# ------------------------------------------------------------------ the secretariat's writes


@refusable
def add_user(
    ctx: Context,
    *,
    username: object,
    role: object,
    password: object,
    name: object = None,
    email: object = None,
    projects: object = None,
    one_time: bool = False,
    partnership: str | None = DEFAULT_PARTNERSHIP,
) -> Outcome:
    """A new user, every problem at once. ``one_time`` (the web form): the password is a one-time password,
    made by the portal when none is given, and the user must choose their own at the first login. The user
    belongs to the secretariat's partnership; only the operator names another (``partnership``; None with the
    role «leser» makes a national reader)."""
    authz.require(ctx.identity, authz.ADMIN)
    partnership = authz.user_partnership(ctx.identity, partnership)
    problems: list[Problem] = []
    username_text = _text(username, "brukernavn", problems, required=True)
    name_text = _text(name, "navn", problems)
    email_text = _text(email, "epost", problems)
    role_key = _role(role, problems)
    numbers = _projects(projects, problems)
    if password is not None and not isinstance(password, str):
        problems.append(Problem.in_field("passord", FIELDS["passord"], "Passordet må være tekst."))
    made = new_one_time_password() if one_time and not password else None
    with ctx.db.write() as session:
        user_data.add_user(
            session,
            username=username_text or "",
            role=role_key or "",
            password=made or (password if isinstance(password, str) else ""),
            name=name_text,
            email=email_text,
            projects=numbers,
            actor=ctx.actor,
            must_change_password=one_time,
            known=problems,
            partnership=partnership,
        )
    text = f"Brukeren «{username_text}» er opprettet."
    return Outcome(Saved(username_text or "", made), text + (" " + _one_time_note(username_text, made) if made else ""))


@refusable
def update_user(
    ctx: Context, *, username: object, name: object = None, email: object = None, role: object, projects: object = None
) -> Outcome:
    """Change a user's name, e-mail, role and projects; every problem at once."""
    authz.require(ctx.identity, authz.ADMIN)
    chosen = _chosen_user(username)
    problems: list[Problem] = []
    name_text = _text(name, "navn", problems)
    email_text = _text(email, "epost", problems)
    role_key = _role(role, problems)
    numbers = _projects(projects, problems)
    with ctx.db.write() as session:
        user = authz.require_user(ctx.identity, user_data.get_user(session, chosen))
        if role_key and role_key != user.role and _is_yourself(ctx, chosen):
            problems.append(
                Problem.in_field(
                    "rolle", FIELDS["rolle"], "Du kan ikke endre din egen rolle. Be en annen i sekretariatet."
                )
            )
        changed = user_data.update_user(
            session,
            username=chosen,
            name=name_text,
            email=email_text,
            role=role_key or "",
            projects=numbers,
            actor=ctx.actor,
            known=problems,
        )
    return Outcome(Saved(chosen), f"Endringene for «{chosen}» er lagret." if changed else "Ingen endringer å lagre.")


@refusable
def reset_password(ctx: Context, *, username: object, password: object = None) -> Outcome:
    """The secretariat gives a user a one-time password (typed, or made here and shown once); the user's
    sessions end and the user must choose their own password at the next login."""
    authz.require(ctx.identity, authz.ADMIN)
    chosen = _chosen_user(username)
    if password is not None and not isinstance(password, str):
        raise user_data.UserError("Passordet må være tekst.", field="passord", label=FIELDS["passord"])
    _not_yourself(ctx, chosen, "Ditt eget passord bytter du på Min side.")
    made = None if password else new_one_time_password()
    with ctx.db.write() as session:
        authz.require_user(ctx.identity, user_data.get_user(session, chosen))
        user_data.set_password(session, username=chosen, password=made or password, actor=ctx.actor, one_time=True)
    note = _one_time_note(chosen, made) if made else f"«{chosen}» har fått engangspassordet du skrev."
    return Outcome(Saved(chosen, made), note + " Brukerens innlogginger er avsluttet.")


@refusable
def set_active(ctx: Context, *, username: object, active: object) -> Outcome:
    """Disable (every session of the user ends at once) or enable a user."""
    authz.require(ctx.identity, authz.ADMIN)
    chosen = _chosen_user(username)
    if not isinstance(active, bool):
        raise user_data.UserError("Velg aktiver eller deaktiver.")
    if not active:
        _not_yourself(ctx, chosen, "Du kan ikke deaktivere deg selv.")
    with ctx.db.write() as session:
        authz.require_user(ctx.identity, user_data.get_user(session, chosen))
        changed = user_data.set_active(session, username=chosen, active=active, actor=ctx.actor)
    if not changed:
        return Outcome(Saved(chosen), f"«{chosen}» var allerede {'aktiv' if active else 'deaktivert'}.")
    ended = "" if active else " Brukerens innlogginger er avsluttet."
    return Outcome(Saved(chosen), f"«{chosen}» er {'aktivert' if active else 'deaktivert'}.{ended}")


@refusable
def set_password(ctx: Context, *, username: object, password: object) -> Outcome:
    """A password set from the command line (by whoever holds the database); the user's sessions end."""
    authz.require(ctx.identity, authz.ADMIN)
    chosen = _chosen_user(username)
    if not isinstance(password, str):
        raise user_data.UserError("Passordet må være tekst.", field="passord", label=FIELDS["passord"])
    with ctx.db.write() as session:
        authz.require_user(ctx.identity, user_data.get_user(session, chosen))
        user_data.set_password(session, username=chosen, password=password, actor=ctx.actor)
    return Outcome(Saved(chosen), f"Passordet til «{chosen}» er endret.")


@dataclass(frozen=True)
class MyPage:
    identity: Identity | None
    role_text: str = ""
    projects: list[tuple[str, str]] = field(default_factory=list)  # (name, URL key)


def my_page(ctx: Context) -> MyPage:
    who = ctx.identity
    if who is None:
        return MyPage(None)
    with ctx.db.read() as session:
        projects = (
            [
                (short or name, project_ref(number, pid))
                for pid, number, short, name in session.execute(
                    select(Project.id, Project.number, Project.short_name, Project.name)
                    .where(Project.id.in_(sorted(who.project_ids)))
                    .order_by(Project.id)
                )
            ]
            if who.project_ids
            else []
        )
    description = NATIONAL_READER_DESCRIPTION if who.national and who.id is not None else ROLE[who.role].description
    return MyPage(who, description, projects)


PASSWORD_FIELDS = ("current", "new", "repeat")
PASSWORD_LABELS = {"current": "Passordet du har nå", "new": "Nytt passord", "repeat": "Gjenta det nye passordet"}
"""The fields as the form names them (trial 23 saw «repeat: Gjenta det nye passordet likt.»)."""


def first_password_file(config: Config) -> Path:
    """Where the init step keeps the first user's one-time password: beside a SQLite file, else in instance/."""
    url = make_url(config.database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).parent / "forste-passord.txt"
    return ROOT / "instance" / "forste-passord.txt"


def _forget_first_password(config: Config, username: str) -> bool:
    """Remove the init step's password file once its user has chosen a password (trial 25b: it stayed)."""
    path = first_password_file(config)
    try:
        if f"Brukernavn: {username}\n" not in path.read_text(encoding="utf-8"):
            return False
        path.unlink()
    except OSError:  # gone already, or not ours to remove: nothing to do
        return False
    return True


def change_own_password(ctx: Context, *, current: object, new: object, repeat: object) -> Outcome:
    """Every problem at once, by field; a wrong current password counts as a failed login. Every other
    session of the user ends: the value is the new session epoch, for the session that made the change."""
    who = ctx.identity
    if who is None or who.id is None:
        return Outcome.refused(Problem.general("Du er ikke logget inn."))
    given = {"current": current, "new": new, "repeat": repeat}
    not_text = [key for key, value in given.items() if value is not None and not isinstance(value, str)]
    if not_text:
        return Outcome.from_problems(
            [Problem.in_field(key, PASSWORD_LABELS[key], "Skriv passordet som tekst.") for key in not_text]
        )
    with ctx.db.write() as session:
        problems = user_data.change_own_password(
            session, user_id=who.id, current=current or "", new=new or "", repeat=repeat or ""
        )
        epoch = None if problems else user_data.session_epoch(session, who.id)
    if problems:
        return Outcome.from_problems(
            [Problem.in_field(key, PASSWORD_LABELS[key], text) for key, text in problems.items()]
        )
    removed = who.must_change_password and _forget_first_password(ctx.config, who.username)
    return Outcome(
        epoch,
        "Passordet er byttet. Bruk det nye neste gang du logger inn. Andre innlogginger er avsluttet."
        + (" Filen med engangspassordet er slettet." if removed else ""),
    )
