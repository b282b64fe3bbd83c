"""Reporting rounds: creating, opening and closing them, deadlines, who has reported, reminders, and lifting
a closed round's lock for one project.

Reminders are sent by e-mail (``services.mail``) outside any write transaction: the text is read first, the
mail is sent, and only then is the reminder recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from db import reporting as data
from db.page_queries import RoundChoice, round_choices
from db.queries import SchemeChoice, find_round
from domain.formatting import count_of, format_date, format_local_time
from domain.problems import Problem
from domain.rounds import next_round_example
from domain.validation import blank, check_date
from services import authz, mail
from services.authz import as_id
from services.context import Context, Outcome, refusable


@dataclass(frozen=True)
class RoundsPage:
    scheme_id: int | None
    choices: list[SchemeChoice]
    rounds: list[RoundChoice]
    round_id: int | None = None
    round_name: str | None = None
    deadline: date | None = None
    may_administer: bool = False
    sends_mail: bool = False
    actor: str = ""
    deadline_note: str = ""
    """« Merk: fristen … er allerede passert.» when the round's deadline is past, else ""."""
    example: tuple[str, str] = ("", "")
    """The new-round form's examples: the next round's name and a usual deadline in it («Vår 2027», «15.04.2027»)."""


def rounds_page(ctx: Context, *, round_name: str | None, scheme: object) -> RoundsPage:
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen = authz.visible_scheme(session, ctx.identity, scheme)
        choices = authz.scheme_choices(session, ctx.identity)
        if chosen is None:
            return RoundsPage(None, choices, [], actor=ctx.actor, example=_example(ctx.today, []))
        round_ = find_round(session=session, scheme_id=chosen.id, name=round_name)
        names = round_choices(session=session, scheme_id=chosen.id)
        return RoundsPage(
            chosen.id,
            choices,
            names,
            round_.id if round_ else None,
            round_.name if round_ else None,
            round_.deadline if round_ else None,
            authz.allowed(ctx.identity, authz.ADMIN),
            mail.smtp_configured(ctx.config.smtp),
            ctx.actor,
            _passed(round_.deadline if round_ else None, ctx.today),
            _example(ctx.today, names),
        )


def _example(today: date, rounds: list[RoundChoice]) -> tuple[str, str]:
    name, deadline = next_round_example(today, [choice.name for choice in rounds])
    return name, deadline.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class RoundStatus:
    round_name: str
    is_open: bool
    deadline: date | None
    projects: list[data.ProjectRoundStatus] = field(default_factory=list)


def round_status(ctx: Context, *, round_id: object) -> RoundStatus:
    """Per active project of the round's scheme: not started, draft, submitted, returned or approved."""
    with ctx.db.read() as session:
        round_ = authz.require_round(session, ctx.identity, authz.READ, round_id)
        return RoundStatus(
            round_.name,
            round_.is_open,
            round_.deadline,
            [_visible(ctx, row) for row in data.round_status(session, round_id=round_.id, today=ctx.today)],
        )


def _visible(ctx: Context, row: data.ProjectRoundStatus) -> data.ProjectRoundStatus:
    """A return comment is about an unapproved version, and e-mail addresses are personal: both only for the
    project's leaders and the secretariat."""
    if authz.allowed(ctx.identity, authz.READ_DRAFTS, row.project_id):
        return row
    reminded = replace(row.reminded, recipients="") if row.reminded else None
    return replace(row, comment=None, recipients=None, reminded=reminded)


@refusable
def toggle_open(ctx: Context, *, round_id: object) -> Outcome[bool]:
    with ctx.db.write() as session:
        round_ = authz.require_round(session, ctx.identity, authz.ADMIN, round_id)
        round_ = data.set_round_open(session, round_id=round_.id, open_=not round_.is_open, actor=ctx.actor)
        is_open = round_.is_open
    return Outcome(is_open, "Runden er åpnet." if is_open else "Runden er lukket og låst for endringer.")


@refusable
def set_deadline(ctx: Context, *, round_id: object, deadline_text: str | None) -> Outcome:
    authz.require(ctx.identity, authz.ADMIN)
    deadline, error = check_date(deadline_text, "Frist")
    if error:
        return Outcome.refused(Problem.in_field("deadline", "Frist", error))
    with ctx.db.write() as session:
        round_ = authz.require_round(session, ctx.identity, authz.ADMIN, round_id)
        data.set_deadline(session, round_id=round_.id, deadline=deadline, actor=ctx.actor)
    saved = f"Fristen er lagret: {format_date(deadline) if deadline else 'ingen frist'}."
    return Outcome(deadline, saved + _passed(deadline, ctx.today))


def _passed(deadline: date | None, today: date) -> str:
    """A note when a deadline is already past: stored as given (a round may be registered afterwards), but
    never without saying so (the session-19 trial)."""
    if deadline is None or deadline >= today:
        return ""
    return f" Merk: fristen {format_date(deadline)} er allerede passert."


@refusable
def create_round(ctx: Context, *, scheme_id: object, name: str | None, deadline_text: str | None) -> Outcome[str]:
    authz.require(ctx.identity, authz.ADMIN)
    problems = []
    deadline, error = check_date(deadline_text, "Frist")
    if error:
        problems.append(Problem.in_field("deadline", "Frist", error))
    if blank(name):
        example = next_round_example(ctx.today)[0]
        problems.append(Problem.in_field("name", "Navn", f"Navn på runden mangler; skriv for eksempel «{example}»."))
    if problems:
        return Outcome.from_problems(problems)
    with ctx.db.write() as session:
        scheme = authz.scheme_to_write(session, ctx.identity, authz.ADMIN, scheme_id)
        round_ = data.create_round(
            session, name=str(name), deadline=deadline, actor=ctx.actor, scheme_id=scheme.id if scheme else None
        )
        created = round_.name
    return Outcome(created, "Runden er opprettet." + _passed(deadline, ctx.today))


@refusable
def unlock(
    ctx: Context, *, round_id: object, project_id: object, hours: object, reason: str | None
) -> Outcome[datetime]:
    """Open a closed round for one project for a limited time, with a reason (logged)."""
    authz.require(ctx.identity, authz.ADMIN)
    if not project_id:
        return Outcome.refused(Problem.in_field("project", "Prosjekt", "Velg prosjektet som skal få åpnet runden."))
    with ctx.db.write() as session:
        round_ = authz.require_round(session, ctx.identity, authz.ADMIN, round_id)
        project, _round = authz.require_project_round(session, ctx.identity, authz.ADMIN, project_id, round_.id)
        hours_value = as_id(hours) or 0
        unlocked = data.unlock_for_project(
            session, round_id=round_.id, project_id=project.id, hours=hours_value, reason=reason or "", actor=ctx.actor
        )
        until = unlocked.until
    return Outcome(until, f"Runden er åpen for prosjektet til {format_local_time(until)}.")


@dataclass(frozen=True)
class Reminder:
    """The round's reminder: the prepared messages, those the mail server took (to the addresses it took),
    and what went wrong."""

    draft: data.ReminderDraft
    delivered: tuple[data.ReminderMessage, ...] = ()
    problem: str | None = None

    @property
    def sent(self) -> bool:
        return bool(self.delivered)

    @property
    def sent_to(self) -> list[str]:
        return sorted({a for m in self.delivered for a in m.recipients})

    @property
    def summary(self) -> str | None:
        if not self.delivered:
            return None
        projects = count_of(len(self.delivered), "prosjekt", "prosjekter")
        return f"Påminnelsen er sendt for {projects} til {count_of(len(self.sent_to), 'adresse', 'adresser')}."


def _send(ctx: Context, round_id: int) -> Reminder:
    """Read the reminders, send them (outside any transaction), then record what the server accepted; with
    no mail server the text is recorded as prepared. A failed send records nothing as sent."""
    with ctx.db.read() as session:
        draft = data.reminder_draft(session, round_id=round_id, today=ctx.today, site=ctx.site)
    if not mail.smtp_configured(ctx.config.smtp):
        with ctx.db.write() as session:
            data.record_reminder(session, round_id=round_id, actor=ctx.actor, method="manual", messages=draft.messages)
        return Reminder(draft)
    if not draft.messages:
        return Reminder(draft, problem=str(mail.MailError.no_recipients()))
    mails = [mail.Mail(m.recipients, m.subject, m.body) for m in draft.messages]
    delivery = mail.send_each(ctx.config.smtp, mails)
    delivered = tuple(
        replace(draft.messages[i], recipients=accepted) for i, accepted in sorted(delivery.accepted.items())
    )
    if delivered:
        with ctx.db.write() as session:
            data.record_reminder(session, round_id=round_id, actor=ctx.actor, method="smtp", messages=delivered)
    return Reminder(draft, delivered, delivery.problem)


@refusable
def remind(ctx: Context, *, round_id: object) -> Outcome[Reminder]:
    """Remind every project of the round that has not reported, each by its own message."""
    with ctx.db.read() as session:
        round_ = authz.require_round(session, ctx.identity, authz.ADMIN, round_id)
        rid = round_.id
    reminder = _send(ctx, rid)
    return Outcome(reminder, reminder.summary)


@refusable
def remind_by_name(ctx: Context, *, round_name: str, scheme_id: int | None, if_due: bool) -> Outcome[Reminder | None]:
    """The command line's reminder: with ``if_due`` only when the round is open and the deadline is one of the
    configured number of days away (run daily from cron)."""
    authz.require(ctx.identity, authz.ADMIN)
    with ctx.db.read() as session:
        round_ = data.find_round_by_name(session, round_name, scheme_id=scheme_id)
        if round_ is None or not authz.sees_scheme(session, ctx.identity, round_.scheme_id):
            return Outcome.refused(Problem.general(f"Runden «{round_name}» finnes ikke."))
        rid, is_open, deadline = round_.id, round_.is_open, round_.deadline
    if if_due:
        days_left = (deadline - ctx.today).days if deadline else None
        if not is_open or days_left not in ctx.config.reminder_days:
            return Outcome(
                None,
                f"Ingen påminnelse i dag ({round_name}: "
                f"{'lukket' if not is_open else f'{days_left} dager til fristen'}).",
            )
    return Outcome(_send(ctx, rid))
