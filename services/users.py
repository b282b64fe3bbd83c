"""Users: logging in, who is logged in, the secretariat's user administration, and each user's own page."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from db import users as user_data
from db.models import Project
from db.page_queries import project_ref
from db.session import Database
from domain.identity import Identity
from domain.problems import Problem
from domain.vocabulary import ROLE
from services import authz
from services.context import Context, Outcome, refusable

MIN_PASSWORD = user_data.MIN_PASSWORD
LoginResult = user_data.LoginResult


def load_identity(db: Database, user_id: int) -> Identity | None:
    with db.read() as session:
        return user_data.load_identity(session, user_id)


def authenticate(db: Database, *, username: str, password: str) -> LoginResult:
    """Check a password (failed attempts count toward the lock, so this writes)."""
    with db.write() as session:
        return user_data.authenticate(session, username=username, password=password)


def create_first_user(db: Database) -> str | None:
    """With no users at all, create 'sekretariat' with a random password and return it (shown once)."""
    with db.write() as session:
        return user_data.ensure_first_user(session)


@dataclass(frozen=True)
class UserRow:
    username: str
    name: str | None
    email: str | None
    role: str
    active: bool
    projects: list[str]


@dataclass(frozen=True)
class UsersView:
    allowed: bool
    users: list[UserRow] = field(default_factory=list)
    project_choices: list[tuple[str, str]] = field(default_factory=list)  # (label, project number)


def users_view(ctx: Context) -> UsersView:
    """The user administration page: every user, and the projects a leader can be given."""
    if not authz.allowed(ctx.identity, authz.ADMIN):
        return UsersView(False)
    with ctx.db.read() as session:
        refs = {pid: project_ref(number, pid) for pid, number in session.execute(select(Project.id, Project.number))}
        rows = [
            UserRow(
                u.username, u.name, u.email, u.role, u.is_active, sorted(refs[link.project_id] for link in u.projects)
            )
            for u in user_data.list_users(session)
        ]
        choices = [
            (short or name, number)
            for short, name, number in session.execute(
                select(Project.short_name, Project.name, Project.number)
                .where(Project.number.isnot(None))
                .order_by(Project.id)
            )
        ]
    return UsersView(True, rows, choices)


def list_users(ctx: Context) -> list[UserRow]:
    authz.require(ctx.identity, authz.ADMIN)
    return users_view(ctx).users


@refusable
def add_user(
    ctx: Context,
    *,
    username: str,
    role: str,
    password: str,
    name: str | None = None,
    email: str | None = None,
    projects: list[str] | None = None,
) -> Outcome:
    authz.require(ctx.identity, authz.ADMIN)
    username = (username or "").strip()
    with ctx.db.write() as session:
        user_data.add_user(
            session,
            username=username,
            role=role or "",
            password=password or "",
            name=(name or "").strip() or None,
            email=(email or "").strip() or None,
            projects=list(projects or []),
            actor=ctx.actor,
        )
    return Outcome(username, f"Brukeren «{username}» er opprettet.")


@refusable
def set_active(ctx: Context, *, username: str, active: bool) -> Outcome:
    authz.require(ctx.identity, authz.ADMIN)
    username = (username or "").strip()
    with ctx.db.write() as session:
        user_data.set_active(session, username=username, active=active, actor=ctx.actor)
    return Outcome(username, f"«{username}» er {'aktivert' if active else 'deaktivert'}.")


@refusable
def set_password(ctx: Context, *, username: str, password: str) -> Outcome:
    authz.require(ctx.identity, authz.ADMIN)
    with ctx.db.write() as session:
        user_data.set_password(session, username=username, password=password, actor=ctx.actor)
    return Outcome(username, f"Passordet til «{username}» er endret.")


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
    return MyPage(who, ROLE[who.role].description, projects)


PASSWORD_FIELDS = ("current", "new", "repeat")


def change_own_password(ctx: Context, *, current: str, new: str, repeat: str) -> Outcome:
    """Every problem at once, by field; a wrong current password counts as a failed login."""
    who = ctx.identity
    if who is None or who.id is None:
        return Outcome.refused(Problem.general("Du er ikke logget inn."))
    with ctx.db.write() as session:
        problems = user_data.change_own_password(
            session, user_id=who.id, current=current or "", new=new or "", repeat=repeat or ""
        )
    if problems:
        return Outcome.from_problems([Problem.in_field(key, key, text) for key, text in problems.items()])
    return Outcome(True, "Passordet er byttet. Bruk det nye neste gang du logger inn.")
