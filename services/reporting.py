"""A project's report for a round: the template (download and upload), the web form (drafts and
submissions), every version, and the secretariat's review (return, approve, its own scores).

Flow: a leader saves a draft or submits (Excel or form) -> the secretariat returns it with a comment or
approves it -> approval writes the content into the live tables, one audit row per change
(``db.reporting``). Reports reach the pages only when approved; drafts and submitted versions are shown
only to the project's leaders and the secretariat.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from db import reporting as data
from db.models import GrantScheme, Project, ReportingRound
from db.page_queries import ProjectFacts, find_project, kpi_rows
from db.queries import find_round
from domain.formatting import format_date, format_decimal
from domain.problems import Problem
from domain.report_content import ContentReader, ReportContent, ReportedMilestone
from domain.report_diff import Change
from domain.validation import blank, check_score
from domain.vocabulary import FUTURE_USE, NARRATIVE_KINDS, NOT_STARTED, SCORE_DIMENSION, SPENT, SUBMISSION_LABELS
from etl.template import TemplateData, TemplateKpi, build_template, read_template
from services import authz
from services.context import Context, Outcome, refusable


@dataclass(frozen=True)
class File:
    content: bytes
    filename: str


# ------------------------------------------------------------------ the page


@dataclass(frozen=True)
class FormStart:
    """What the web form shows when the page opens: the draft being worked on, else the saved figures."""

    spent_total: int | None
    future_use: int | None
    milestones: list[ReportedMilestone]
    scores: dict[str, tuple[int, str]]
    narratives: dict[str, str]
    kpis: list[TemplateKpi]


@dataclass(frozen=True)
class ReportingPage:
    project: ProjectFacts | None
    round_id: int | None = None
    round_name: str | None = None
    may_report: bool = False
    may_review: bool = False
    writable: bool = False
    actor: str = ""
    form: FormStart | None = None


def reporting_page(ctx: Context, *, ref: str | None, round_name: str | None) -> ReportingPage:
    """The project's reporting page for a round (the latest round when none is named)."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        project = find_project(session=session, ref=ref or "")
        if project is None:
            return ReportingPage(None)
        round_ = find_round(session=session, scheme_id=project.scheme_id, name=round_name)
        if round_ is None:
            return ReportingPage(ProjectFacts.of(project))
        may_report = authz.allowed(ctx.identity, authz.REPORT, project.id)
        template = template_data(session, project.id, round_.id)
        draft = None
        if authz.allowed(ctx.identity, authz.READ_DRAFTS, project.id):
            latest = data.latest_submission(session, project.id, round_.id)
            if latest is not None and latest.status in ("draft", "returned"):
                draft = data.submission_content(latest)
        writable = may_report and data.can_write(session, round_id=round_.id, project_id=project.id)
        facts = ProjectFacts.of(project)
        round_id, name = round_.id, round_.name
    form = FormStart(
        draft.spent_total if draft else template.spent_last,
        draft.future_use if draft else template.future_use_last,
        draft.milestones if draft else template.milestones,
        {s.dimension: (s.value, s.justification) for s in draft.scores} if draft else template.scores,
        draft.narratives if draft else {},
        template.kpis,
    )
    return ReportingPage(
        facts, round_id, name, may_report, authz.allowed(ctx.identity, authz.ADMIN), writable, ctx.actor, form
    )


@dataclass(frozen=True)
class Review:
    version: int
    submitted_by: str
    changes: list[Change]


@dataclass(frozen=True)
class ReportingStatus:
    visible: bool
    status: str = NOT_STARTED
    comment: str | None = None
    review: Review | None = None
    submissions: list[data.SubmissionRow] = field(default_factory=list)
    history: list[data.AuditRow] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return SUBMISSION_LABELS[self.status]


def reporting_status(ctx: Context, *, project_id: object, round_id: object) -> ReportingStatus:
    """The versions, the one waiting for review with its changes, and the history: for the project's leaders
    and the secretariat only, since they show what is not approved."""
    with ctx.db.read() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.READ, project_id, round_id)
        if not authz.allowed(ctx.identity, authz.READ_DRAFTS, project.id):
            return ReportingStatus(False)
        latest = data.latest_submission(session, project.id, round_.id)
        review = None
        if latest is not None and latest.status == "submitted":
            changes = data.preview(
                session, project_id=project.id, round_id=round_.id, content=data.submission_content(latest)
            )
            review = Review(latest.version, latest.created_by, changes)
        return ReportingStatus(
            True,
            latest.status if latest else NOT_STARTED,
            latest.comment if latest is not None and latest.status == "returned" else None,
            review,
            data.submissions_for(session, project_id=project.id, round_id=round_.id),
            data.audit_entries(session, project_id=project.id),
        )


# ------------------------------------------------------------------ the Excel template


def template_data(session, project_id: int, round_id: int) -> TemplateData:
    """What a project's template for a round is filled with (inside the caller's session)."""
    project = session.get(Project, project_id)
    round_ = session.get(ReportingRound, round_id)
    start = data.report_start(session, project_id=project_id, round_id=round_id)
    kpis = []
    for k in kpi_rows(session=session, project_ids=[project_id]):
        last = k.values[-1] if k.values else None
        kpis.append(
            TemplateKpi(
                k.id,
                k.name,
                k.unit,
                k.baseline,
                k.target,
                f"{format_decimal(last.value)} ({format_date(last.when)})" if last else "–",
            )
        )
    return TemplateData(
        project_id=project.id,
        project_number=project.number or f"id-{project.id}",
        project_name=project.name,
        partnership=session.get(GrantScheme, project.scheme_id).partnership,
        owners=project.owners or "",
        leaders=project.leaders or "",
        round_name=round_.name,
        deadline=round_.deadline,
        granted_total=start.granted_total,
        spent_last=start.spent_total,
        future_use_last=start.future_use,
        milestones=[ReportedMilestone(*m) for m in start.milestones],
        scores=start.scores,
        kpis=kpis,
        narratives=start.narratives,
    )


def template_filename(template: TemplateData) -> str:
    return f"rapport_{template.project_number}_{template.round_name.replace(' ', '_').lower()}.xlsx"


@refusable
def template_file(ctx: Context, *, project_id: object, round_id: object) -> Outcome[File]:
    """The pre-filled reporting template for one project and round."""
    with ctx.db.read() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.REPORT, project_id, round_id)
        template = template_data(session, project.id, round_.id)
    return Outcome(File(build_template(template), template_filename(template)))


@refusable
def template_for(ctx: Context, *, ref: str, round_name: str) -> Outcome[File]:
    """The template by project number and round name (the command line)."""
    with ctx.db.read() as session:
        project = find_project(session=session, ref=ref)
        if project is None:
            return Outcome.refused(Problem.general(f"Fant ikke prosjektet «{ref}»."))
        round_ = data.find_round_by_name(session, round_name, scheme_id=project.scheme_id)
        if round_ is None:
            return Outcome.refused(
                Problem.general(f"Runden «{round_name}» finnes ikke. Opprett den på siden Innrapportering.")
            )
        project_id, round_id = project.id, round_.id
    return template_file(ctx, project_id=project_id, round_id=round_id)


@dataclass
class TemplateImport:
    file_name: str
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    project: str | None = None
    round_name: str | None = None
    submission_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def import_template(
    ctx: Context,
    data_: bytes,
    file_name: str,
    *,
    dry_run: bool = False,
    submit: bool = True,
    expected_project_id: int | None = None,
    expected_round: str | None = None,
) -> TemplateImport:
    """Validate a filled template; unless ``dry_run``, store it as a new submission (all or nothing)."""
    result = TemplateImport(file_name)
    reading = read_template(data_, file_name, expected_project_id=expected_project_id, expected_round=expected_round)
    result.round_name = reading.round_name
    if not reading.ok:
        result.problems = reading.problems
        return result
    try:
        with ctx.db.read() as session:
            project = authz.require_project(session, ctx.identity, authz.REPORT, reading.project_id)
            if project.number not in (reading.project_number, None) and f"id-{project.id}" != reading.project_number:
                result.problems = [Problem(file_name, None, "Prosjektet i malen finnes ikke i databasen.")]
                return result
            round_ = data.find_round_by_name(session, reading.round_name or "", scheme_id=project.scheme_id)
            if round_ is None:
                result.problems = [Problem(file_name, None, f"Runden «{reading.round_name}» finnes ikke.")]
                return result
            authz.require_kpis_of_project(session, project.id, reading.content.kpi_ids)
            result.project = project.display_name
            result.changes = data.preview(session, project_id=project.id, round_id=round_.id, content=reading.content)
            project_id, round_id = project.id, round_.id
        if dry_run:
            return result
        sha256 = hashlib.sha256(data_).hexdigest()
        result.submission_id = ctx.db.write_with_retry(
            lambda session: (
                data.save_submission(
                    session,
                    project_id=project_id,
                    round_id=round_id,
                    content=reading.content,
                    actor=ctx.actor,
                    source_kind="excel",
                    source_name=file_name,
                    source_sha256=sha256,
                    submit=submit,
                ).id
            )
        )
    except authz.Forbidden as exc:
        result.problems = [Problem(file_name, None, exc.message)]
    except data.ReportingError as exc:
        result.problems = [Problem(file_name, None, exc.message)]
    return result


@refusable
def check_upload(
    ctx: Context, *, project_id: object, round_id: object, file_name: str, content: bytes | None
) -> Outcome[list[Change]]:
    """Validate an uploaded template for this project and round and show what it would change; nothing is
    stored."""
    with ctx.db.read() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.REPORT, project_id, round_id)
        project_id, expected_round = project.id, round_.name
    if content is None:
        return Outcome.refused(Problem(file_name, None, "Filen kunne ikke leses."))
    result = import_template(
        ctx, content, file_name, dry_run=True, expected_project_id=project_id, expected_round=expected_round
    )
    if not result.ok:
        return Outcome.from_problems(result.problems)
    return Outcome(result.changes, f"Filen «{file_name}» er kontrollert uten feil.")


@refusable
def submit_upload(
    ctx: Context, *, project_id: object, round_id: object, file_name: str, content: bytes | None
) -> Outcome:
    """Store an uploaded template as a new submitted version."""
    with ctx.db.read() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.REPORT, project_id, round_id)
        project_id, expected_round = project.id, round_.name
    if content is None:
        return Outcome.refused(Problem.general("Last opp filen på nytt."))
    result = import_template(ctx, content, file_name, expected_project_id=project_id, expected_round=expected_round)
    if not result.ok:
        return Outcome.from_problems(result.problems)
    return Outcome(result.submission_id, "Rapporten er sendt inn til sekretariatet.")


# ------------------------------------------------------------------ the web form


@dataclass(frozen=True)
class ReportForm:
    """What the web form sends: amounts as typed, the grids' rows, the texts by kind."""

    spent: object = None
    future_use: object = None
    milestones: list = field(default_factory=list)
    scores: list = field(default_factory=list)
    kpis: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)


FORM_FIELDS = ("spent", "future_use", "milestones", "scores", "kpis")


def read_form(form: ReportForm) -> tuple[ReportContent, list[Problem]]:
    """The form by exactly the rules of the Excel template; every problem names its field and row."""
    problems: list[Problem] = []

    def report(where: tuple[str, str], _column: str, message: str) -> None:
        problems.append(Problem.in_field(where[0], where[1], message))

    reader = ContentReader(report)
    reader.amount(("spent", SPENT.label), "spent_total", form.spent, SPENT.label)
    reader.amount(
        ("future_use", FUTURE_USE.form_label),
        "future_use",
        form.future_use,
        FUTURE_USE.form_label,
    )
    for index, row in enumerate(_rows(form.milestones), start=1):
        reader.milestone(
            ("milestones", f"Milepæler, rad {index}"),
            {key: row.get(key) for key in ("code", "description", "period", "status", "kind")},
            f"rad {index}",
        )
    for row in _rows(form.scores):
        dimension = SCORE_DIMENSION.get(str(row.get("dimension")))
        if dimension is None:
            if not (blank(row.get("value")) and blank(row.get("justification"))):
                problems.append(Problem.in_field("scores", "Poeng", "Ukjent vurdering i skjemaet."))
            continue
        reader.score(
            ("scores", f"Poeng, {dimension.titled}"), dimension.key, row.get("value"), row.get("justification")
        )
    for row in _rows(form.kpis):
        kpi_id = authz.as_id(row.get("kpi_id"))
        name = str(row.get("name") or "")[:300]
        where = ("kpis", f"Indikatorer, {name}")
        if kpi_id is None:
            problems.append(Problem.in_field("kpis", where[1], "Ukjent indikator i skjemaet."))
            continue
        reader.kpi_value(where, kpi_id, name, row.get("date"), row.get("value"))
        reader.kpi_target(
            ("kpis", f"Indikatorer, {name} (nytt mål)"),
            kpi_id,
            name,
            row.get("new_target"),
            row.get("new_target_date"),
            row.get("reason"),
        )
    texts = form.texts if isinstance(form.texts, dict) else {}
    for kind in NARRATIVE_KINDS:
        reader.narrative(kind.key, texts.get(kind.key))
    return reader.content, problems


def _rows(value: object) -> list[dict]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


@refusable
def save_form(ctx: Context, *, project_id: object, round_id: object, form: ReportForm, submit: bool) -> Outcome[int]:
    """Save the form as a draft, or submit it; nothing is stored while the form has a problem."""
    with ctx.db.read() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.REPORT, project_id, round_id)
        project_id, round_id = project.id, round_.id
        content, problems = read_form(form)
        if problems:
            return Outcome.from_problems(problems)
        authz.require_kpis_of_project(session, project_id, content.kpi_ids)
    version = ctx.db.write_with_retry(
        lambda session: (
            data.save_submission(
                session,
                project_id=project_id,
                round_id=round_id,
                content=content,
                actor=ctx.actor,
                source_kind="form",
                submit=submit,
            ).version
        )
    )
    return Outcome(
        version,
        f"Versjon {version} er sendt inn til sekretariatet." if submit else f"Utkastet er lagret (versjon {version}).",
    )


# ------------------------------------------------------------------ the secretariat's review


@refusable
def review(ctx: Context, *, project_id: object, round_id: object, approve: bool, comment: str | None = None) -> Outcome:
    """Approve the submitted version (its figures then reach every page) or return it with a comment."""
    with ctx.db.write() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.ADMIN, project_id, round_id)
        latest = data.latest_submission(session, project.id, round_.id)
        if latest is None:
            return Outcome.refused(Problem.general("Det finnes ingen rapport å behandle."))
        if approve:
            changes = data.approve_submission(session, submission_id=latest.id, actor=ctx.actor)
            return Outcome(
                len(changes), f"Rapporten er godkjent; {len(changes)} endringer er lagret og vises på sidene."
            )
        data.return_submission(session, submission_id=latest.id, actor=ctx.actor, comment=comment or "")
    return Outcome(None, "Rapporten er sendt tilbake til prosjektlederen med kommentaren.")


@refusable
def set_secretariat_score(
    ctx: Context, *, project_id: object, round_id: object, dimension: object, value: object, justification: str | None
) -> Outcome:
    """The secretariat's own score beside the project's, with a reason; both are kept."""
    if not dimension or str(dimension) not in SCORE_DIMENSION:
        return Outcome.refused(Problem.in_field("dimension", "Vurdering", "Velg hvilken vurdering du vil sette."))
    checked, error = check_score(str(dimension), value)
    problems = [Problem.in_field("value", "Poeng", error)] if error else []
    if blank(justification):
        problems.append(
            Problem.in_field("justification", "Begrunnelse", "Skriv en begrunnelse for sekretariatets vurdering.")
        )
    if problems:
        return Outcome.from_problems(problems)
    with ctx.db.write() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.ADMIN, project_id, round_id)
        data.set_secretariat_score(
            session,
            project_id=project.id,
            round_id=round_.id,
            dimension=str(dimension),
            value=checked,
            justification=str(justification).strip(),
            actor=ctx.actor,
        )
    return Outcome(checked, "Sekretariatets vurdering er lagret ved siden av prosjektets egen.")
