"""Who gets a project's reminders: its active leaders' own addresses and the contact addresses the
secretariat (or an import) added, and when each project was last reminded."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEntry, ProjectContact, Reminder, ReminderProject, User, UserProject
from domain.validation import check_email

LEADER_ROLE = "prosjektleder"
SENT = "smtp"


@dataclass(frozen=True)
class Recipients:
    """A project's addresses: from its leaders' accounts and the contact list, each once, in that order."""

    leaders: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.leaders + self.contacts))


def recipients(session: Session, project_ids: list[int]) -> dict[int, Recipients]:
    """Every project's recipients, in two queries. A leader counts when the account is active, has the
    leader role and a valid address (an address written wrongly on an account is skipped, not sent to)."""
    leaders: dict[int, list[str]] = defaultdict(list)
    contacts: dict[int, list[str]] = defaultdict(list)
    if not project_ids:
        return {}
    for project_id, email in session.execute(
        select(UserProject.project_id, User.email)
        .join(User, User.id == UserProject.user_id)
        .where(
            UserProject.project_id.in_(project_ids),
            User.role == LEADER_ROLE,
            User.is_active.is_(True),
            User.email.is_not(None),
        )
        .order_by(UserProject.project_id, User.email)
    ):
        address, error = check_email(email)
        if error is None:
            leaders[project_id].append(address)
    for project_id, email in session.execute(
        select(ProjectContact.project_id, ProjectContact.email)
        .where(ProjectContact.project_id.in_(project_ids))
        .order_by(ProjectContact.project_id, ProjectContact.id)
    ):
        contacts[project_id].append(email)
    return {pid: Recipients(tuple(dict.fromkeys(leaders[pid])), tuple(contacts[pid])) for pid in project_ids}


def contact_addresses(session: Session, project_id: int) -> list[str]:
    return list(
        session.scalars(
            select(ProjectContact.email).where(ProjectContact.project_id == project_id).order_by(ProjectContact.id)
        )
    )


def set_contacts(session: Session, *, project_id: int, addresses: list[str], actor: str, source: str) -> bool:
    """Make the project's contact list exactly ``addresses`` (already checked, lower case); audited.
    Returns whether anything changed."""
    before = contact_addresses(session, project_id)
    if before == addresses:
        return False
    rows = {row.email: row for row in session.scalars(select(ProjectContact).filter_by(project_id=project_id))}
    for email, row in rows.items():
        if email not in addresses:
            session.delete(row)
    session.flush()
    for email in addresses:
        if email not in rows:
            session.add(ProjectContact(project_id=project_id, email=email, added_by=actor))
    _audit(session, actor, project_id, before, addresses, source)
    return True


def add_contacts(session: Session, *, project_id: int, addresses: list[str], actor: str, source: str) -> list[str]:
    """Add the addresses the project does not have yet (an import never removes one); returns those added."""
    before = contact_addresses(session, project_id)
    added = [a for a in addresses if a not in before]
    for email in added:
        session.add(ProjectContact(project_id=project_id, email=email, added_by=actor))
    if added:
        _audit(session, actor, project_id, before, before + added, source)
    return added


def _audit(session: Session, actor: str, project_id: int, before: list[str], after: list[str], source: str) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action="kontaktadresser endret",
            project_id=project_id,
            entity="Kontaktadresser",
            before=", ".join(before) or "–",
            after=", ".join(after) or "–",
            source=source,
        )
    )


@dataclass(frozen=True)
class LastReminder:
    """A project's latest reminder in a round: when, by what means, and to whom."""

    at: datetime
    sent: bool
    recipients: str


def last_reminders(session: Session, *, round_id: int) -> dict[int, LastReminder]:
    """Per project, its latest reminder sent by e-mail in the round, or else its latest prepared text."""
    out: dict[int, LastReminder] = {}
    for project_id, at, method, to in session.execute(
        select(ReminderProject.project_id, Reminder.sent_at, Reminder.method, ReminderProject.recipients)
        .join(Reminder, Reminder.id == ReminderProject.reminder_id)
        .where(Reminder.round_id == round_id)
        .order_by(Reminder.sent_at, Reminder.id)
    ):
        sent = method == SENT
        known = out.get(project_id)
        if known is None or sent or not known.sent:
            out[project_id] = LastReminder(at, sent, to)
    return out
