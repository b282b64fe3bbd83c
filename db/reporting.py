"""Reporting rounds, submissions, review and the audit trail (queries and writes).

Flow: a leader saves a draft or submits (Excel or form) -> the secretariat returns it with a comment
or approves it -> approval writes the content into the live tables, one audit row per change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, defer

from db.contacts import LastReminder, Recipients, last_reminders, recipients
from db.models import (
    Allocation,
    AuditEntry,
    Benefit,
    FinanceReport,
    Kpi,
    KpiTargetRevision,
    KpiValue,
    Milestone,
    Narrative,
    Project,
    Reminder,
    ReminderProject,
    ReportingRound,
    RoundUnlock,
    Score,
    Submission,
    utcnow,
)
from db.queries import round_order, rounds, scheme_by_id
from db.writes import ensure_round, ensure_scheme
from domain.formatting import count_of, format_local_time
from domain.periods import parse_period
from domain.problems import Refused
from domain.report_content import ReportContent
from domain.report_diff import Change, SavedState, diff
from domain.rounds import parse_round_name
from domain.vocabulary import (
    IMPORTED,
    NARRATIVE_LABELS,
    NOT_STARTED,
    SCORE_DIMENSION,
    SUBMISSION_LABELS,
    WAITING_STATUSES,
    milestone_code,
    normalise_status,
)


class ReportingError(Refused):
    """A request that the rules do not allow; the message is Norwegian and meant for the user."""


class AwaitingReview(ReportingError):
    """A draft saved over a version sent in and not yet reviewed: nothing was written; not a mistake to correct."""


class StaleVersion(ReportingError):
    """A write based on a version that is no longer the latest; nothing was written."""

    def __init__(self, message: str, *, latest: Submission) -> None:
        super().__init__(message)
        self.latest_id = latest.id
        self.latest_version = latest.version


class AlreadyImported(Exception):
    """This very file (by SHA-256) was stored for the project and round before; nothing was written."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.id)
        self.submission_id = submission.id
        self.version = submission.version
        self.created_at = submission.created_at


class Unchanged(Exception):
    """The latest version already holds this very content with the status asked for; nothing was written (trial
    26a: «Lagre utkast» pressed again, or a template downloaded anew and sent unchanged, made identical versions)."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.id)
        self.submission_id = submission.id
        self.version = submission.version
        self.status = submission.status

    @property
    def message(self) -> str:
        what = "utkastet" if self.status == "draft" else "rapporten som er sendt inn"
        return f"Ingenting er endret siden versjon {self.version} ({what}); ingen ny versjon er lagret."


def unchanged(latest: Submission | None, content: ReportContent, *, submit: bool) -> bool:
    """The latest version is a draft (or one sent in) holding ``content`` already, and the same is asked for."""
    wanted = "submitted" if submit else "draft"
    return latest is not None and latest.status == wanted and json.loads(latest.content) == content.to_dict()


def file_submission(session: Session, *, project_id: int, round_id: int, sha256: str) -> Submission | None:
    """The version stored from this very file for the project and round, if any (the first one)."""
    return session.scalars(
        select(Submission)
        .filter_by(project_id=project_id, round_id=round_id, source_sha256=sha256)
        .order_by(Submission.version)
        .limit(1)
    ).first()


def _version_text(sub: Submission) -> str:
    when = sub.submitted_at or sub.created_at
    return (
        f"versjon {sub.version} ({SUBMISSION_LABELS[sub.status].lower()}, lagret av {sub.created_by} "
        f"{format_local_time(when)})"
    )


def check_base(latest: Submission | None, base_version: int | None, *, from_file: bool = False) -> None:
    """Refuse a write based on another version than the latest (optimistic concurrency). ``None`` is the
    command line's import of a file that names no version, which is checked by the caller."""
    current = latest.version if latest is not None else 0
    if base_version is None or base_version == current:
        return
    if from_file:
        message = (
            # «versjon 0» is no version anyone saw (trial 25b)
            (f"Filen ble laget fra versjon {base_version}" if base_version else "Filen ble laget før noe var lagret")
            + f", men siden er {_version_text(latest)} kommet til. "
            f"Ingenting er lagret. Last ned en ny mal: den er fylt ut med versjon {latest.version}."
        )
    else:
        message = (
            f"Rapporten er endret etter at du åpnet den: {_version_text(latest)}. Ingenting er lagret. "
            "Last inn siste versjon og gjør endringene dine der; det du prøvde å lagre, står under."
        )
    raise StaleVersion(message, latest=latest)


# ---------------------------------------------------------------- rounds


def create_round(
    session: Session, *, name: str, deadline: date | None, actor: str, scheme_id: int | None = None
) -> ReportingRound:
    parsed = parse_round_name(name)
    if parsed is None:
        raise ReportingError(f"Rundenavnet «{name}» er ikke gyldig; skriv for eksempel «Vår 2026».")
    scheme = scheme_by_id(session=session, scheme_id=scheme_id) or ensure_scheme(session)
    existing = session.scalars(select(ReportingRound).filter_by(scheme_id=scheme.id, name=parsed.name)).one_or_none()
    if existing is not None:
        raise ReportingError(f"Runden «{parsed.name}» finnes allerede.")
    round_ = ensure_round(session, scheme, parsed)
    round_.deadline = deadline
    _audit(session, actor, "runde opprettet", round_id=round_.id, after=f"{round_.name}, frist {deadline or '–'}")
    return round_


def set_round_open(session: Session, *, round_id: int, open_: bool, actor: str) -> ReportingRound:
    round_ = session.get(ReportingRound, round_id)
    round_.is_open = open_
    round_.closed_at = None if open_ else utcnow()
    _audit(session, actor, "runde åpnet" if open_ else "runde lukket", round_id=round_id, after=round_.name)
    return round_


def set_deadline(session: Session, *, round_id: int, deadline: date | None, actor: str) -> None:
    round_ = session.get(ReportingRound, round_id)
    before = round_.deadline
    round_.deadline = deadline
    _audit(session, actor, "frist endret", round_id=round_id, before=str(before or "–"), after=str(deadline or "–"))


def unlock_for_project(
    session: Session, *, round_id: int, project_id: int, hours: int, reason: str, actor: str
) -> RoundUnlock:
    if not reason.strip():
        raise ReportingError(
            "Skriv en begrunnelse for å åpne runden for prosjektet.", field="reason", label="Begrunnelse"
        )
    if not 1 <= hours <= 24 * 14:
        raise ReportingError("Åpningen må vare mellom 1 time og 14 dager.", field="hours", label="Antall timer")
    unlock = RoundUnlock(
        round_id=round_id,
        project_id=project_id,
        unlocked_by=actor,
        until=utcnow() + timedelta(hours=hours),
        reason=reason.strip(),
    )
    session.add(unlock)
    _audit(
        session,
        actor,
        "lås opphevet",
        project_id=project_id,
        round_id=round_id,
        after=f"til {format_local_time(unlock.until)}: {reason.strip()}",
    )
    return unlock


def can_write(session: Session, *, round_id: int, project_id: int, now: datetime | None = None) -> bool:
    """Open rounds take reports; a closed round only where the secretariat lifted the lock, until it ends."""
    round_ = session.get(ReportingRound, round_id)
    if round_.is_open:
        return True
    now = now or utcnow()
    return (
        session.scalar(
            select(func.count(RoundUnlock.id)).where(
                RoundUnlock.round_id == round_id, RoundUnlock.project_id == project_id, RoundUnlock.until > now
            )
        )
        > 0
    )


# ---------------------------------------------------------------- status per project


@dataclass(frozen=True)
class ProjectRoundStatus:
    project_id: int
    project_ref: str
    project: str
    recipients: Recipients | None  # None: not for this user's eyes (services.rounds._visible)
    status: str
    label: str
    when: datetime | None
    version: int | None
    overdue: bool
    comment: str | None
    reminded: LastReminder | None = None


def latest_submission(session: Session, project_id: int, round_id: int) -> Submission | None:
    return session.scalars(
        select(Submission).filter_by(project_id=project_id, round_id=round_id).order_by(Submission.version.desc())
    ).first()


def round_status(session: Session, *, round_id: int, today: date) -> list[ProjectRoundStatus]:
    round_ = session.get(ReportingRound, round_id)
    latest: dict[int, Submission] = {}
    for sub in session.scalars(
        select(Submission)
        .filter_by(round_id=round_id)
        .options(defer(Submission.content))
        .order_by(Submission.project_id, Submission.version)
    ):
        latest[sub.project_id] = sub
    out = []
    projects = list(
        session.scalars(select(Project).filter_by(scheme_id=round_.scheme_id, status="active").order_by(Project.id))
    )
    addresses = recipients(session, [p.id for p in projects])
    reminded = last_reminders(session, round_id=round_id)
    imported = _holding_data(session, round_id) - latest.keys()
    for project in projects:
        sub = latest.get(project.id)
        status = sub.status if sub else IMPORTED if project.id in imported else NOT_STARTED
        when = None if sub is None else (sub.decided_at or sub.submitted_at or sub.created_at)
        waiting = status in WAITING_STATUSES
        out.append(
            ProjectRoundStatus(
                project.id,
                project.number or f"id-{project.id}",
                project.display_name,
                addresses[project.id],
                status,
                SUBMISSION_LABELS[status],
                when,
                sub.version if sub else None,
                overdue=waiting and round_.deadline is not None and round_.deadline < today,
                comment=sub.comment if sub and status == "returned" else None,
                reminded=reminded.get(project.id),
            )
        )
    return out


# ---------------------------------------------------------------- submissions


def lock_project(session: Session, project_id: int) -> None:
    """Serialise writes to one project's reports (a row lock on PostgreSQL; SQLite locks the file)."""
    session.execute(select(Project.id).where(Project.id == project_id).with_for_update())


def saved_state(session: Session, *, project_id: int, round_id: int) -> SavedState:
    """The live values for a project in a round (falling back to its latest earlier round)."""
    source_round = state_round(session, project_id, round_id)
    rep = session.scalars(select(FinanceReport).filter_by(project_id=project_id, round_id=source_round)).one_or_none()
    milestones = {
        m.code: (m.description, m.period_text, m.status_text)
        for m in session.scalars(select(Milestone).filter_by(project_id=project_id, round_id=source_round))
    }
    # only scores a project reported: illustrative ones (the default data's) are neither shown in the form nor
    # in the template, so a leader is never told they changed a number they did not see (the session-21 trial)
    scores = {
        s.dimension: (s.value, s.justification)
        for s in session.scalars(
            select(Score).filter_by(
                project_id=project_id, round_id=source_round, assessor="project", is_illustrative=False
            )
        )
    }
    kpi_values = {
        (kpi_id, when.isoformat()): value
        for kpi_id, when, value in session.execute(
            select(KpiValue.kpi_id, KpiValue.period_date, KpiValue.value)
            .join(Kpi, KpiValue.kpi_id == Kpi.id)
            .join(Benefit, Kpi.benefit_id == Benefit.id)
            .where(Benefit.project_id == project_id)
        )
    }
    narratives = project_texts(session, project_id=project_id, round_id=source_round)
    kpis = project_kpis(session, project_id)
    targets = {k.id: (k.target_value, k.target_date.isoformat() if k.target_date else None) for k in kpis}
    return SavedState(
        rep.spent_total if rep else None,
        rep.future_use if rep else None,
        milestones,
        scores,
        kpi_values,
        narratives,
        targets,
        {k.id: k.unit for k in kpis},
    )


def project_texts(session: Session, *, project_id: int, round_id: int) -> dict[str, str]:
    """A project's texts stored for one round, by kind."""
    return {
        n.kind: n.text for n in session.scalars(select(Narrative).filter_by(project_id=project_id, round_id=round_id))
    }


def project_kpis(session: Session, project_id: int) -> list[Kpi]:
    """A project's indicators."""
    return list(
        session.scalars(select(Kpi).join(Benefit, Kpi.benefit_id == Benefit.id).where(Benefit.project_id == project_id))
    )


def state_round(session: Session, project_id: int, round_id: int) -> int:
    """This round if it holds data for the project, else the latest earlier round that does."""
    target = session.get(ReportingRound, round_id)
    candidates = [
        r
        for r in rounds(session=session, scheme_id=target.scheme_id)
        if (r.year, r.season != "vår") <= (target.year, target.season != "vår")
    ]
    for r in reversed(candidates):
        if holds_data(session, project_id, r.id):
            return r.id
    return round_id


def _holding_data(session: Session, round_id: int) -> set[int]:
    """The projects whose figures the round holds (milestones or a finance report)."""
    return set(session.scalars(select(Milestone.project_id).filter_by(round_id=round_id).distinct())) | set(
        session.scalars(select(FinanceReport.project_id).filter_by(round_id=round_id).distinct())
    )


def holds_data(session: Session, project_id: int, round_id: int) -> bool:
    """Whether the round holds the project's figures (milestones or a finance report)."""
    return bool(
        session.scalar(select(func.count(Milestone.id)).filter_by(project_id=project_id, round_id=round_id))
        or session.scalar(select(func.count(FinanceReport.id)).filter_by(project_id=project_id, round_id=round_id))
    )


def preview(session: Session, *, project_id: int, round_id: int, content: ReportContent) -> list[Change]:
    return diff(saved_state(session, project_id=project_id, round_id=round_id), content)


def save_submission(
    session: Session,
    *,
    project_id: int,
    round_id: int,
    content: ReportContent,
    actor: str,
    source_kind: str,
    source_name: str | None = None,
    source_sha256: str | None = None,
    submit: bool = False,
    base_version: int | None = None,
    from_file: bool = False,
) -> Submission:
    """Store a new version as a draft or submitted, if ``base_version`` is still the latest; earlier open
    versions become superseded."""
    lock_project(session, project_id)
    if not can_write(session, round_id=round_id, project_id=project_id):
        raise ReportingError("Runden er lukket. Sekretariatet kan åpne den for prosjektet ved behov.")
    if source_sha256 and (
        same := file_submission(session, project_id=project_id, round_id=round_id, sha256=source_sha256)
    ):
        raise AlreadyImported(same)  # read after the lock: two imports of one file store it once
    latest = latest_submission(session, project_id, round_id)  # read after the lock: the current latest
    check_base(latest, base_version, from_file=from_file)
    if latest is not None and latest.status == "submitted" and not submit:
        raise AwaitingReview("Rapporten er sendt inn og venter på sekretariatet. Du kan sende inn en ny versjon.")
    if unchanged(latest, content, submit=submit):
        raise Unchanged(latest)
    if latest is not None and latest.status in ("draft", "submitted"):
        latest.status = "superseded"  # a returned version keeps its status and comment as a record
    sub = Submission(
        project_id=project_id,
        round_id=round_id,
        version=(latest.version + 1) if latest else 1,
        status="submitted" if submit else "draft",
        content=json.dumps(content.to_dict(), ensure_ascii=False),
        source_kind=source_kind,
        source_name=source_name,
        source_sha256=source_sha256,
        created_by=actor,
        submitted_at=utcnow() if submit else None,
    )
    session.add(sub)
    session.flush()
    source = _source_text(sub)
    _audit(
        session,
        actor,
        "sendt inn" if submit else "utkast lagret",
        project_id=project_id,
        round_id=round_id,
        submission_id=sub.id,
        after=f"versjon {sub.version}",
        source=source,
    )
    return sub


def submit_draft(session: Session, *, submission_id: int, actor: str) -> Submission:
    sub = session.get(Submission, submission_id)
    if sub.status not in ("draft", "returned"):
        raise ReportingError("Bare utkast og rapporter som er sendt tilbake, kan sendes inn.")
    return save_submission(
        session,
        project_id=sub.project_id,
        round_id=sub.round_id,
        content=ReportContent.from_dict(json.loads(sub.content)),
        actor=actor,
        source_kind=sub.source_kind,
        source_name=sub.source_name,
        source_sha256=sub.source_sha256,
        submit=True,
    )


def _reviewed(session: Session, submission_id: int, reviewed_version: int | None) -> Submission:
    """The submission under review, locked, if it is still the latest version (``None``: the command line,
    which names the submission itself)."""
    lock_project(session, session.get(Submission, submission_id).project_id)
    sub = session.get(Submission, submission_id)
    session.refresh(sub)
    latest = latest_submission(session, sub.project_id, sub.round_id)  # ``sub`` itself, or newer and just read
    if reviewed_version is not None and latest.version != reviewed_version:
        raise StaleVersion(
            f"Du har sett gjennom versjon {reviewed_version}, men siden er {_version_text(latest)} kommet inn. "
            "Ingenting er endret. Se gjennom den nye versjonen før du godkjenner eller sender tilbake.",
            latest=latest,
        )
    return sub


def return_submission(
    session: Session, *, submission_id: int, actor: str, comment: str, reviewed_version: int | None = None
) -> Submission:
    sub = _reviewed(session, submission_id, reviewed_version)
    if sub.status != "submitted":
        raise ReportingError("Bare innsendte rapporter kan sendes tilbake.")
    if not comment.strip():
        raise ReportingError("Skriv en kommentar til prosjektlederen om hva som må rettes.")
    sub.status, sub.decided_by, sub.decided_at, sub.comment = "returned", actor, utcnow(), comment.strip()
    _audit(
        session,
        actor,
        "sendt tilbake",
        project_id=sub.project_id,
        round_id=sub.round_id,
        submission_id=sub.id,
        after=comment.strip(),
    )
    return sub


def approve_submission(
    session: Session, *, submission_id: int, actor: str, reviewed_version: int | None = None
) -> list[Change]:
    """Write the submission into the live tables, one audit row per changed value, credited to the one who
    made the change (the submission's author), with the approver named as the source."""
    sub = _reviewed(session, submission_id, reviewed_version)
    if sub.status != "submitted":
        raise ReportingError("Bare innsendte rapporter kan godkjennes.")
    content = ReportContent.from_dict(json.loads(sub.content))
    changes = preview(session, project_id=sub.project_id, round_id=sub.round_id, content=content)
    _apply(session, sub, content, actor)
    for older in session.scalars(
        select(Submission).filter_by(project_id=sub.project_id, round_id=sub.round_id, status="approved")
    ):
        older.status = "superseded"
    sub.status, sub.decided_by, sub.decided_at = "approved", actor, utcnow()
    for change in changes:
        _audit(
            session,
            sub.created_by,
            f"endret ({change.area.lower()})",
            project_id=sub.project_id,
            round_id=sub.round_id,
            submission_id=sub.id,
            entity=change.area,
            entity_key=change.key,
            before=change.before,
            after=change.after,
            source=f"{_source_text(sub)}, godkjent av {actor}",
        )
    _audit(
        session,
        actor,
        "godkjent",
        project_id=sub.project_id,
        round_id=sub.round_id,
        submission_id=sub.id,
        after=f"versjon {sub.version}, {count_of(len(changes), 'endring', 'endringer')}",
        source=_source_text(sub),
    )
    return changes


def _apply(session: Session, sub: Submission, content: ReportContent, actor: str) -> None:
    pid, rid = sub.project_id, sub.round_id
    source_round = state_round(session, pid, rid)
    if source_round != rid:  # a new round starts from the project's latest data, carried forward
        for m in session.scalars(select(Milestone).filter_by(project_id=pid, round_id=source_round)):
            session.add(
                Milestone(
                    project_id=pid,
                    round_id=rid,
                    code=m.code,
                    sequence=m.sequence,
                    description=m.description,
                    period_text=m.period_text,
                    period_start=m.period_start,
                    period_end=m.period_end,
                    period_problem=m.period_problem,
                    status_text=m.status_text,
                    status=m.status,
                    kind=m.kind,
                )
            )
        session.flush()
    rep = session.scalars(select(FinanceReport).filter_by(project_id=pid, round_id=rid)).one_or_none()
    if rep is None:
        granted = session.scalars(
            select(Allocation.amount).filter_by(project_id=pid).order_by(Allocation.year.desc())
        ).first()
        rep = FinanceReport(project_id=pid, round_id=rid, granted_per_year=granted)
        session.add(rep)
    # what the reviewer was shown is what is stored: a blank amount (the leader was asked) is blank, like a new
    # round's; the printed text of an imported report does not outlive the figure it belonged to
    if content.spent_total != rep.spent_total:
        rep.spent_total, rep.spent_total_text = content.spent_total, None
    if content.future_use != rep.future_use:
        rep.future_use, rep.future_use_text = content.future_use, None
    for m in content.milestones:
        row = session.scalars(select(Milestone).filter_by(project_id=pid, round_id=rid, code=m.code)).one_or_none()
        parsed = parse_period(m.period_text)
        values = dict(
            description=m.description,
            period_text=m.period_text,
            period_start=parsed.start,
            period_end=parsed.end,
            period_problem=None if parsed.ok or not m.period_text else parsed.reason,
            status_text=m.status_text,
            status=normalise_status(m.status_text) if m.status_text else "planlagt",
            kind=m.kind,
            sequence=milestone_code(m.code)[1],
        )
        if row is None:
            session.add(Milestone(project_id=pid, round_id=rid, code=m.code, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
    for s in content.scores:
        row = session.scalars(
            select(Score).filter_by(project_id=pid, round_id=rid, assessor="project", dimension=s.dimension)
        ).one_or_none()
        maximum = SCORE_DIMENSION[s.dimension].maximum
        if row is None:
            session.add(
                Score(
                    project_id=pid,
                    round_id=rid,
                    assessor="project",
                    dimension=s.dimension,
                    value=s.value,
                    maximum=maximum,
                    justification=s.justification,
                    is_illustrative=False,
                )
            )
        else:
            row.value, row.maximum, row.justification, row.is_illustrative = s.value, maximum, s.justification, False
    for k in content.kpi_values:
        when = date.fromisoformat(k.when)
        row = session.scalars(select(KpiValue).filter_by(kpi_id=k.kpi_id, period_date=when)).one_or_none()
        if row is None:
            session.add(KpiValue(kpi_id=k.kpi_id, period_date=when, value=k.value, round_id=rid, is_illustrative=False))
        else:
            row.value, row.is_illustrative = k.value, False
    for t in content.kpi_targets:
        kpi = session.get(Kpi, t.kpi_id)
        new_date = date.fromisoformat(t.target_date) if t.target_date else kpi.target_date
        if (kpi.target_value, kpi.target_date) != (t.target, new_date):
            session.add(
                KpiTargetRevision(
                    kpi_id=kpi.id,
                    previous_target_value=kpi.target_value,
                    previous_target_date=kpi.target_date,
                    revised_on=utcnow().date(),
                    reason=f"{t.reason} (rapport versjon {sub.version})",
                )
            )
            kpi.target_value, kpi.target_date = t.target, new_date
    for kind, text in content.narratives.items():
        row = session.scalars(select(Narrative).filter_by(project_id=pid, round_id=rid, kind=kind)).one_or_none()
        if row is None:
            session.add(Narrative(project_id=pid, round_id=rid, kind=kind, text=text))
        else:
            row.text = text
    for row in session.scalars(select(Narrative).filter_by(project_id=pid, round_id=rid)):
        if row.kind in NARRATIVE_LABELS and row.kind not in content.narratives:  # emptied: shown as «fjernet»
            session.delete(row)
    session.flush()


def set_secretariat_score(
    session: Session, *, project_id: int, round_id: int, dimension: str, value: int, justification: str, actor: str
) -> None:
    """The secretariat's own assessment beside the project's; both are kept. ``value`` is checked."""
    row = session.scalars(
        select(Score).filter_by(project_id=project_id, round_id=round_id, assessor="secretariat", dimension=dimension)
    ).one_or_none()
    before = None if row is None else f"{row.value}: {row.justification}"
    maximum = SCORE_DIMENSION[dimension].maximum
    if row is None:
        session.add(
            Score(
                project_id=project_id,
                round_id=round_id,
                assessor="secretariat",
                dimension=dimension,
                value=value,
                maximum=maximum,
                justification=justification,
            )
        )
    else:
        row.value, row.maximum, row.justification = value, maximum, justification
    _audit(
        session,
        actor,
        "sekretariatets vurdering",
        project_id=project_id,
        round_id=round_id,
        entity="Poeng",
        entity_key=SCORE_DIMENSION[dimension].label,
        before=before,
        after=f"{value}: {justification}",
        source="skjema",
    )


def submission_content(sub: Submission) -> ReportContent:
    return ReportContent.from_dict(json.loads(sub.content))


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    version: int
    status: str
    source_kind: str
    source_name: str | None
    created_by: str
    created_at: datetime
    submitted_at: datetime | None
    comment: str | None


def submissions_for(session: Session, *, project_id: int, round_id: int) -> list[SubmissionRow]:
    return [
        SubmissionRow(
            s.id,
            s.version,
            s.status,
            s.source_kind,
            s.source_name,
            s.created_by,
            s.created_at,
            s.submitted_at,
            s.comment,
        )
        for s in session.scalars(
            select(Submission)
            .filter_by(project_id=project_id, round_id=round_id)
            .options(defer(Submission.content))
            .order_by(Submission.version.desc())
        )
    ]


# ---------------------------------------------------------------- reminders


@dataclass(frozen=True)
class ReminderMessage:
    """One project's reminder: its own message to its own recipients (leaders and contact addresses)."""

    project_id: int
    project: str
    recipients: tuple[str, ...]
    subject: str
    body: str


@dataclass(frozen=True)
class ReminderDraft:
    """The reminders of a round: one message per project that has not reported and has an address, and the
    projects that have none."""

    round_name: str
    messages: tuple[ReminderMessage, ...]
    missing_address: tuple[str, ...]

    @property
    def recipients(self) -> list[str]:
        return sorted({a for m in self.messages for a in m.recipients})


def reminder_draft(session: Session, *, round_id: int, today: date, site: str = "") -> ReminderDraft:
    """``site``: the portal's address; each message then links to its project's reporting page."""
    from domain.formatting import format_date

    round_ = session.get(ReportingRound, round_id)
    scheme = scheme_by_id(session=session, scheme_id=round_.scheme_id)
    deadline = format_date(round_.deadline) if round_.deadline else "snarest"
    waiting = [s for s in round_status(session, round_id=round_id, today=today) if s.status in WAITING_STATUSES]
    messages = tuple(
        ReminderMessage(
            s.project_id,
            s.project,
            s.recipients.addresses,
            f"Påminnelse: rapportering {round_.name} for {s.project}, frist {deadline}",
            f"Hei!\n\nDette er en påminnelse om rapporteringen for {round_.name} i {scheme.partnership}.\n\n"
            f"Prosjekt: {s.project}{_number(s.project_ref)}\n"
            f"Status: {s.label.lower()}\nFrist: {deadline}\n\n"
            + (f"Sekretariatet har sendt rapporten tilbake med denne kommentaren: {s.comment}\n\n" if s.comment else "")
            + "Last ned malen eller bruk skjemaet på prosjektets side i Gevinstportalen"
            + (f": {_report_link(site, s.project_ref, round_.name)}" if site else "")
            + ".\n\n"
            "Vennlig hilsen\nSekretariatet",
        )
        for s in waiting
        if s.recipients.addresses
    )
    return ReminderDraft(round_.name, messages, tuple(s.project for s in waiting if not s.recipients.addresses))


def _report_link(site: str, ref: str, round_name: str) -> str:
    """The project's reporting page for the round: https://…/innrapportering/15266?runde=V%C3%A5r%202026."""
    from urllib.parse import quote

    return f"{site}/innrapportering/{quote(ref)}?runde={quote(round_name)}"


def _number(ref: str) -> str:
    return "" if ref.startswith("id-") else f" (prosjektnummer {ref})"


def record_reminder(
    session: Session, *, round_id: int, actor: str, method: str, messages: tuple[ReminderMessage, ...]
) -> None:
    """Log a reminder: ``smtp`` for the messages the mail server took, ``manual`` for text shown to be sent
    by hand. One row per project, so the round's page can say who was reminded when."""
    if not messages:
        return
    to = sorted({a for m in messages for a in m.recipients})
    session.add(
        Reminder(
            round_id=round_id,
            sent_by=actor,
            method=method,
            recipients=", ".join(to),
            projects=", ".join(m.project for m in messages),
            sent_to=[ReminderProject(project_id=m.project_id, recipients=", ".join(m.recipients)) for m in messages],
        )
    )
    for m in messages:
        _audit(
            session,
            actor,
            "påminnelse " + ("sendt" if method == "smtp" else "laget"),
            project_id=m.project_id,
            round_id=round_id,
            after=", ".join(m.recipients),
        )


# ---------------------------------------------------------------- audit


def _source_text(sub: Submission) -> str:
    if sub.source_kind == "excel":
        return f"fil {sub.source_name} (SHA-256 {sub.source_sha256})"
    return "nettskjema"


def _audit(
    session: Session,
    actor: str,
    action: str,
    *,
    project_id: int | None = None,
    round_id: int | None = None,
    submission_id: int | None = None,
    entity: str | None = None,
    entity_key: str | None = None,
    before: str | None = None,
    after: str | None = None,
    source: str | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            project_id=project_id,
            round_id=round_id,
            submission_id=submission_id,
            entity=entity,
            entity_key=entity_key,
            before=before,
            after=after,
            source=source,
        )
    )


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    entity: str | None
    entity_key: str | None
    before: str | None
    after: str | None
    source: str | None


def audit_entries(
    session: Session, *, project_id: int | None = None, round_id: int | None = None, limit: int = 500
) -> list[AuditRow]:
    """The newest first. With ``round_id``: that round's entries and those of no round (the project's own)."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    if project_id is not None:
        query = query.where(AuditEntry.project_id == project_id)
    if round_id is not None:
        query = query.where(or_(AuditEntry.round_id == round_id, AuditEntry.round_id.is_(None)))
    return [
        AuditRow(e.at, e.actor, e.action, e.entity, e.entity_key, e.before, e.after, e.source)
        for e in session.scalars(query)
    ]


def find_round_by_name(session: Session, name: str, *, scheme_id: int | None = None) -> ReportingRound | None:
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    parsed = parse_round_name(name)
    if scheme is None or parsed is None:
        return None
    return session.scalars(select(ReportingRound).filter_by(scheme_id=scheme.id, name=parsed.name)).one_or_none()


def current_reporting_round(session: Session, *, scheme_id: int | None = None) -> ReportingRound | None:
    """The open round with the latest deadline, else the latest round."""
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    if scheme is None:
        return None
    all_rounds = rounds(session=session, scheme_id=scheme.id)
    open_rounds = [r for r in all_rounds if r.is_open]
    return (open_rounds or all_rounds or [None])[-1]


def granted_total(session: Session, *, project_id: int, round_id: int) -> int | None:
    """What the project has been granted up to and including the round's year (None: nothing)."""
    year = session.get(ReportingRound, round_id).year
    total = session.scalar(
        select(func.sum(Allocation.amount)).filter_by(project_id=project_id).where(Allocation.year <= year)
    )
    return int(total) if total else None  # PostgreSQL sums BIGINT as NUMERIC (a Decimal): whole kroner, as int


def granted_years(session: Session, *, project_id: int, round_id: int) -> tuple[int, int] | None:
    """The first and last year of the allocations ``granted_total`` sums (None: none)."""
    year = session.get(ReportingRound, round_id).year
    first, last = session.execute(
        select(func.min(Allocation.year), func.max(Allocation.year))
        .filter_by(project_id=project_id)
        .where(Allocation.year <= year)
    ).one()
    return (first, last) if first is not None else None


@dataclass(frozen=True)
class ReportStart:
    """What a project's report for a round starts from: the latest approved figures, carried forward from
    the project's latest earlier round when this one holds none yet."""

    milestones: list[tuple[str, str, str | None, str | None, str]]  # code, description, period, status, kind
    scores: dict[str, tuple[int, str]]  # the project's own, reported (not illustrative) scores
    narratives: dict[str, str]
    spent_total: int | None
    future_use: int | None
    granted_total: int | None


def milestone_descriptions(session: Session, *, project_id: int, round_id: int) -> list[tuple[str, str | None]]:
    """(code, description) of the milestones a report for the round starts from (as report_start)."""
    source = state_round(session, project_id, round_id)
    query = select(Milestone.code, Milestone.description).filter_by(project_id=project_id, round_id=source)
    return [(code, description) for code, description in session.execute(query)]


def _latest_texts(session: Session, project_id: int, source: int) -> dict[str, str]:
    """Per kind, the project's latest text written up to the round ``source``: a round approved with a text left
    blank does not blank the help beside it in the next template (trial 25b)."""
    upto = session.get(ReportingRound, source)
    rows = session.execute(
        select(Narrative.kind, Narrative.text, ReportingRound)
        .join(ReportingRound, Narrative.round_id == ReportingRound.id)
        .where(Narrative.project_id == project_id)
    ).all()
    texts: dict[str, str] = {}
    for kind, text, round_ in sorted(rows, key=lambda row: round_order(row[2])):
        if (text or "").strip() and (upto is None or round_order(round_) <= round_order(upto)):
            texts[kind] = text
    return texts


def report_start(session: Session, *, project_id: int, round_id: int) -> ReportStart:
    source = state_round(session, project_id, round_id)
    rep = session.scalars(select(FinanceReport).filter_by(project_id=project_id, round_id=source)).one_or_none()
    milestones = [
        (m.code, m.description, m.period_text, m.status_text, m.kind)
        for m in session.scalars(
            select(Milestone)
            .filter_by(project_id=project_id, round_id=source)
            .order_by(Milestone.sequence, Milestone.code)
        )
    ]
    scores = {
        s.dimension: (s.value, s.justification or "")
        for s in session.scalars(
            select(Score).filter_by(project_id=project_id, round_id=source, assessor="project", is_illustrative=False)
        )
    }
    narratives = _latest_texts(session, project_id, source)
    granted = granted_total(session, project_id=project_id, round_id=round_id)
    return ReportStart(
        milestones,
        scores,
        narratives,
        rep.spent_total if rep else None,
        rep.future_use if rep else None,
        granted or None,
    )
