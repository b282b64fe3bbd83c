"""Users: creation, passwords (scrypt), login with lockout, and project rights."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from db.models import ROLES, AuditEntry, Project, User, UserProject, utcnow
from domain.identity import Identity
from domain.problems import Refused

MAX_FAILED = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10
# A hash to compare against when the user does not exist, so timing does not reveal user names.
_DUMMY_HASH = generate_password_hash("ikke-et-passord", method="scrypt")


class UserError(Refused):
    """A rule about users was broken; the message is Norwegian."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"Passordet må ha minst {MIN_PASSWORD} tegn.")
    return generate_password_hash(password, method="scrypt")


def _project_ids(session: Session, numbers: list[str]) -> list[int]:
    ids = []
    for number in numbers:
        project = session.scalars(select(Project).filter_by(number=number)).one_or_none()
        if project is None:
            raise UserError(f"Fant ikke prosjektet «{number}».")
        ids.append(project.id)
    return ids


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
) -> User:
    if not re.fullmatch(r"[a-zA-Z0-9._@-]{2,100}", username or ""):
        raise UserError("Brukernavnet kan bare ha bokstaver a–z, tall, punktum, bindestrek, @ og _.")
    if role not in ROLES:
        raise UserError(f"Ukjent rolle «{role}»; bruk {', '.join(ROLES)}.")
    if session.scalars(select(User).filter_by(username=username)).one_or_none() is not None:
        raise UserError(f"Brukeren «{username}» finnes allerede.")
    project_ids = _project_ids(session, projects or [])
    if role == "prosjektleder" and not project_ids:
        raise UserError("En prosjektleder må ha minst ett prosjekt (--project NR).")
    user = User(username=username, role=role, password_hash=hash_password(password), name=name, email=email)
    user.projects = [UserProject(project_id=pid) for pid in project_ids]
    session.add(user)
    session.flush()
    session.add(
        AuditEntry(
            actor=actor,
            action="bruker opprettet",
            entity="Bruker",
            entity_key=username,
            after=f"{role}; prosjekter: {', '.join(projects or []) or '–'}",
        )
    )
    return user


def set_password(session: Session, *, username: str, password: str, actor: str = "kommandolinje") -> None:
    user = _get(session, username)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    session.add(AuditEntry(actor=actor, action="passord endret", entity="Bruker", entity_key=username))


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
        if user.failed_logins >= MAX_FAILED:
            user.locked_until = (now or utcnow()) + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
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
    session.add(
        AuditEntry(actor=user.username, action="passord endret av brukeren", entity="Bruker", entity_key=user.username)
    )
    return {}


def set_active(session: Session, *, username: str, active: bool, actor: str = "kommandolinje") -> None:
    user = _get(session, username)
    user.is_active = active
    session.add(
        AuditEntry(
            actor=actor,
            action="bruker aktivert" if active else "bruker deaktivert",
            entity="Bruker",
            entity_key=username,
        )
    )


def set_projects(session: Session, *, username: str, projects: list[str], actor: str) -> None:
    user = _get(session, username)
    user.projects = [UserProject(project_id=pid) for pid in _project_ids(session, projects)]
    session.add(
        AuditEntry(
            actor=actor,
            action="prosjekter endret",
            entity="Bruker",
            entity_key=username,
            after=", ".join(projects) or "–",
        )
    )


def _get(session: Session, username: str) -> User:
    user = session.scalars(select(User).filter_by(username=username)).one_or_none()
    if user is None:
        raise UserError(f"Fant ikke brukeren «{username}».")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def identity_of(user: User) -> Identity:
    return Identity(
        user.id, user.username, user.name or "", user.role, frozenset(link.project_id for link in user.projects)
    )


def load_identity(session: Session, user_id: int) -> Identity | None:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        return None
    return identity_of(user)


@dataclass(frozen=True)
class LoginResult:
    identity: Identity | None
    message: str | None


def authenticate(session: Session, *, username: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check a password; after MAX_FAILED failures the account is locked for LOCK_MINUTES."""
    now = now or utcnow()
    user = session.scalars(select(User).filter_by(username=(username or "").strip())).one_or_none()
    wrong = LoginResult(None, "Feil brukernavn eller passord.")
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return wrong
    if user.locked_until is not None and user.locked_until > now:
        return LoginResult(
            None, "For mange feil forsøk. Kontoen er sperret en stund; prøv igjen senere eller kontakt sekretariatet."
        )
    if not check_password_hash(user.password_hash, password or "") or not user.is_active:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED:
            user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            user.failed_logins = 0
            session.add(
                AuditEntry(
                    actor=user.username,
                    action="konto sperret etter feil passord",
                    entity="Bruker",
                    entity_key=user.username,
                )
            )
        return wrong
    user.failed_logins, user.locked_until, user.last_login = 0, None, now
    return LoginResult(identity_of(user), None)


def ensure_first_user(session: Session) -> str | None:
    """With no users at all, create 'sekretariat' with a random password and return it (shown once)."""
    if session.scalars(select(User.id)).first() is not None:
        return None
    password = secrets.token_urlsafe(12)
    add_user(
        session, username="sekretariat", role="sekretariat", password=password, name="Sekretariatet", actor="oppstart"
    )
    return password
