"""A project's report for a round: the template (download and upload), the web form (drafts and
submissions), every version, and the secretariat's review (return, approve, its own scores).

Flow: a leader saves a draft or submits (Excel or form) -> the secretariat returns it with a comment or
approves it -> approval writes the content into the live tables, one audit row per change
(``db.reporting``). Reports reach the pages only when approved; drafts and submitted versions are shown
only to the project's leaders and the secretariat.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from db import reporting as data
from db.models import GrantScheme, Project, ReportingRound, Submission
from db.page_queries import ProjectFacts, find_project, kpi_rows
from db.queries import find_round
from domain.formatting import and_listing, count_of, format_date, format_local_time, format_measure, format_megabytes
from domain.problems import Problem, Refused
from domain.report_content import ContentReader, ReportContent, ReportedMilestone, undescribed
from domain.report_diff import Change, diff, state_of, warnings
from domain.validation import MAX_TEMPLATE_BYTES, blank, check_code, check_score
from domain.vocabulary import (
    FUTURE_USE,
    ILLUSTRATIVE,
    MILESTONE_KIND_LABELS,
    NARRATIVE_KINDS,
    NOT_STARTED,
    SCORE_DIMENSION,
    SPENT,
    SUBMISSION_LABELS,
)
from etl.template import TemplateData, TemplateKpi, build_template, read_template, spent_missing
from services import authz
from services.context import Context, Outcome, refusable


@dataclass(frozen=True)
class File:
    content: bytes
    filename: str


# ------------------------------------------------------------------ the version being worked on


@dataclass(frozen=True)
class Working:
    """The version a leader continues from: the project's latest version in the round (draft, submitted,
    returned or approved), else the approved figures carried forward. ``version`` is what a write must be
    based on."""

    version: int  # the latest version's number; 0 when there is none
    content: ReportContent | None  # the latest version's content


def working_version(session, project_id: int, round_id: int) -> Working:
    latest = data.latest_submission(session, project_id, round_id)
    if latest is None:
        return Working(0, None)
    return Working(latest.version, data.submission_content(latest))


# ------------------------------------------------------------------ the page


@dataclass(frozen=True)
class ReportingPage:
    project: ProjectFacts | None
    round_id: int | None = None
    round_name: str | None = None
    may_report: bool = False
    may_review: bool = False
    writable: bool = False
    actor: str = ""
    form: TemplateData | None = None  # what the web form opens with: the same as the template's cells
    base_version: int = 0
    closed: bool = False


def reporting_page(ctx: Context, *, ref: str | None, round_name: str | None) -> ReportingPage:
    """The project's reporting page for a round (the latest round when none is named). The form opens on the
    user's latest version; only the project's leaders and the secretariat get anything but approved data."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        project = authz.project_in_partnership(session, ctx.identity, find_project(session=session, ref=ref or ""))
        if project is None:
            return ReportingPage(None)
        round_ = find_round(session=session, scheme_id=project.scheme_id, name=round_name)
        if round_ is None:
            return ReportingPage(ProjectFacts.of(project))
        may_report = authz.allowed(ctx.identity, authz.REPORT, project.id)
        working = working_version(session, project.id, round_.id) if may_report else Working(0, None)
        form = template_data(session, project.id, round_.id, working) if may_report else None
        open_ = data.can_write(session, round_id=round_.id, project_id=project.id)
        return ReportingPage(
            ProjectFacts.of(project),
            round_.id,
            round_.name,
            may_report,
            authz.allowed(ctx.identity, authz.ADMIN),
            may_report and open_,
            ctx.actor,
            form,
            working.version,
            not open_,
        )


@dataclass(frozen=True)
class Review:
    version: int
    submitted_by: str
    changes: list[Change]
    warnings: list[str] = field(default_factory=list)
    """What the leader was asked to confirm, for the reviewer too (trial 26a: a file sent from the command line
    was never asked, and the review showed a falling cumulative amount as an ordinary change)."""


@dataclass(frozen=True)
class ReportingStatus:
    visible: bool
    status: str = NOT_STARTED
    comment: str | None = None
    review: Review | None = None
    submissions: list[data.SubmissionRow] = field(default_factory=list)
    history: list[data.AuditRow] = field(default_factory=list)
    imported: bool = False  # no version in the portal, but the round's figures came from the round's report file

    @property
    def status_label(self) -> str:
        if self.imported and self.status == NOT_STARTED:  # the session-22 trial: «Ikke startet» for a reported round
            return "Rapportert i rapportfilen (importert); ingen versjoner i portalen"
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
            content = data.submission_content(latest)
            assessment = assess(session, project.id, round_.id, content, submit=True, today=ctx.today)
            review = Review(latest.version, latest.created_by, assessment.changes, assessment.warnings)
        return ReportingStatus(
            True,
            latest.status if latest else NOT_STARTED,
            latest.comment if latest is not None and latest.status == "returned" else None,
            review,
            data.submissions_for(session, project_id=project.id, round_id=round_.id),
            # the round's own history (the session-22 trial: a closed round listed another round's drafts);
            # the project page keeps the whole history
            data.audit_entries(session, project_id=project.id, round_id=round_.id),
            latest is None and data.holds_data(session, project.id, round_.id),
        )


# ------------------------------------------------------------------ the Excel template


def template_data(session, project_id: int, round_id: int, working: Working | None = None) -> TemplateData:
    """What a project's template (and web form) for a round is filled with, inside the caller's session: the
    approved figures, overlaid with the version being worked on when there is one."""
    project = session.get(Project, project_id)
    round_ = session.get(ReportingRound, round_id)
    start = data.report_start(session, project_id=project_id, round_id=round_id)
    working = working or Working(0, None)
    content = working.content
    entered = {k.kpi_id: k for k in content.kpi_values} if content else {}
    targets = {t.kpi_id: t for t in content.kpi_targets} if content else {}
    kpis = []
    for k in kpi_rows(session=session, project_ids=[project_id]):
        last = k.values[-1] if k.values else None
        value, target = entered.get(k.id), targets.get(k.id)
        kpis.append(
            TemplateKpi(
                k.id,
                k.name,
                k.unit,
                k.baseline,
                k.target,
                _last_measured(last, k.unit),
                date.fromisoformat(value.when) if value else None,
                value.value if value else None,
                target.target if target else None,
                date.fromisoformat(target.target_date) if target and target.target_date else None,
                target.reason if target else "",
                illustrative=k.illustrative,
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
        granted_years=data.granted_years(session, project_id=project.id, round_id=round_.id),
        spent_last=start.spent_total,
        milestones=list(content.milestones) if content else [ReportedMilestone(*m) for m in start.milestones],
        scores={s.dimension: (s.value, s.justification) for s in content.scores} if content else start.scores,
        kpis=kpis,
        narratives=start.narratives,
        texts=dict(content.narratives) if content else _starting_texts(session, project_id, round_id, start),
        based_on_version=working.version,
        spent_total=content.spent_total if content else start.spent_total,
        future_use=content.future_use if content else start.future_use,
    )


def _last_measured(last, unit: str | None) -> str:
    """'14 (30. sep. 2025)', marked where the measurement is illustrative ('14 (30. sep. 2025, eksempeldata)')."""
    if last is None:
        return "–"
    mark = f", {ILLUSTRATIVE}" if last.illustrative else ""
    return f"{format_measure(last.value, unit)} ({format_date(last.when)}{mark})"


def _starting_texts(session, project_id: int, round_id: int, start) -> dict[str, str]:
    """A report's texts before anything is typed: the round's own when it has approved data (a correction keeps
    them), else each text's latest written version, to be updated where it has changed (trial 26c: a new round's
    template and form started empty, so a leader who did not retype every text removed it from the round report,
    while the projects that had not reported kept theirs). Only what the leader changes is a change."""
    if data.state_round(session, project_id, round_id) == round_id:
        return data.project_texts(session, project_id=project_id, round_id=round_id)
    return dict(start.narratives)


def template_filename(template: TemplateData) -> str:
    return f"rapport_{template.project_number}_{template.round_name.replace(' ', '_').lower()}.xlsx"


@refusable
def template_file(ctx: Context, *, project_id: object, round_id: object) -> Outcome[File]:
    """The pre-filled reporting template for one project and round."""
    with ctx.db.read() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.REPORT, project_id, round_id)
        template = template_data(session, project.id, round_.id, working_version(session, project.id, round_.id))
    return Outcome(File(build_template(template, key=ctx.config.secret_key), template_filename(template)))


@refusable
def template_for(ctx: Context, *, ref: str, round_name: str) -> Outcome[File]:
    """The template by project number and round name (the command line)."""
    with ctx.db.read() as session:
        project = authz.project_in_partnership(session, ctx.identity, find_project(session=session, ref=ref))
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
    warnings: list[str] = field(default_factory=list)
    stale: list[Change] = field(default_factory=list)  # when refused as stale: the file against the newer version
    project: str | None = None
    round_name: str | None = None
    submission_id: int | None = None
    already: str | None = None  # set when this very file was stored for the project and round before

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Assessment:
    """What a report would change, and what its author is asked to confirm."""

    changes: list[Change]
    warnings: list[str]


def assess(
    session, project_id: int, round_id: int, content: ReportContent, *, submit: bool, today: date | None = None
) -> Assessment:
    saved = data.saved_state(session, project_id=project_id, round_id=round_id)
    changes = diff(saved, content)
    granted = data.granted_total(session, project_id=project_id, round_id=round_id)
    said = warnings(saved, content, granted_total=granted, changes=changes, submit=submit, today=today)
    return Assessment(changes, said)


def _stale_changes(ctx: Context, exc: data.StaleVersion, content: ReportContent) -> list[Change]:
    """What the refused report holds that the newer version does not (so nothing typed is lost unseen)."""
    with ctx.db.read() as session:
        latest = session.get(Submission, exc.latest_id)
        units = {k.id: k.unit for k in data.project_kpis(session, latest.project_id)}
        return diff(state_of(data.submission_content(latest), units), content)


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
    """Validate a filled template; unless ``dry_run``, store it as a new submission (all or nothing), if the
    version it was made from is still the latest."""
    result = TemplateImport(file_name)
    reading = read_template(
        data_,
        file_name,
        key=ctx.config.secret_key,
        expected_project_id=expected_project_id,
        expected_round=expected_round,
    )
    result.round_name = reading.round_name
    if reading.ok and submit and reading.content.spent_total is None:
        reading.problems.append(spent_missing())
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
            sha256 = hashlib.sha256(data_).hexdigest()
            same = data.file_submission(session, project_id=project.id, round_id=round_.id, sha256=sha256)
            if same is not None:
                result.already, result.submission_id = _already_text(file_name, data.AlreadyImported(same)), same.id
                return result
            latest = data.latest_submission(session, project.id, round_.id)
            if data.unchanged(latest, reading.content, submit=submit):
                result.already, result.submission_id = data.Unchanged(latest).message, latest.id
                return result
            assessment = assess(session, project.id, round_.id, reading.content, submit=submit, today=ctx.today)
            result.changes, result.warnings = assessment.changes, assessment.warnings
            data.check_base(latest, reading.based_on_version, from_file=True)
            project_id, round_id = project.id, round_.id
        if dry_run:
            return result
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
                    base_version=reading.based_on_version,
                    from_file=True,
                ).id
            )
        )
    except data.AlreadyImported as exc:
        result.already, result.submission_id = _already_text(file_name, exc), exc.submission_id
    except data.Unchanged as exc:
        result.already, result.submission_id = exc.message, exc.submission_id
    except data.StaleVersion as exc:
        result.problems = [Problem(file_name, None, exc.message)]
        result.stale = _stale_changes(ctx, exc, reading.content)
    except (authz.Forbidden, data.ReportingError) as exc:
        result.problems = [Problem(file_name, None, exc.message)]
    return result


def _already_text(file_name: str, exc) -> str:
    return (
        f"Filen «{file_name}» ble allerede lest inn {format_local_time(exc.created_at)} (versjon {exc.version}). "
        "Den er ikke lagret på nytt."
    )


@dataclass(frozen=True)
class UploadCheck:
    changes: list[Change]
    warnings: list[str]
    already: bool = False  # this very file is stored already: nothing to send (the session-19 trial)


def _upload(ctx: Context, project_id: object, round_id: object, file_name: str, content: bytes | None, dry_run: bool):
    with ctx.db.read() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.REPORT, project_id, round_id)
        project_id, expected_round = project.id, round_.name
    if content is None:
        raise Refused(f"Filen «{file_name}» kunne ikke leses. Last den opp på nytt.")
    if len(content) > MAX_TEMPLATE_BYTES:
        raise Refused(
            f"Filen «{file_name}» er {format_megabytes(len(content))} MB, mer enn grensen på "
            f"{format_megabytes(MAX_TEMPLATE_BYTES)} MB for en utfylt mal. Lagre arbeidsboken uten bilder og andre ark "
            "enn malens, og prøv igjen."
        )
    return import_template(
        ctx, content, file_name, dry_run=dry_run, expected_project_id=project_id, expected_round=expected_round
    )


@refusable
def check_upload(
    ctx: Context, *, project_id: object, round_id: object, file_name: str, content: bytes | None
) -> Outcome[UploadCheck]:
    """Validate an uploaded template for this project and round and show what it would change and what to
    check; nothing is stored."""
    result = _upload(ctx, project_id, round_id, file_name, content, dry_run=True)
    if not result.ok:
        return Outcome(UploadCheck(result.stale, []), problems=tuple(result.problems))
    if result.already:
        return Outcome(UploadCheck([], [], already=True), result.already)
    return Outcome(UploadCheck(result.changes, result.warnings), f"Filen «{file_name}» er kontrollert uten feil.")


@refusable
def submit_upload(
    ctx: Context, *, project_id: object, round_id: object, file_name: str, content: bytes | None
) -> Outcome:
    """Store an uploaded template as a new submitted version (its warnings were shown when it was checked)."""
    result = _upload(ctx, project_id, round_id, file_name, content, dry_run=False)
    if not result.ok:
        return Outcome(UploadCheck(result.stale, []), problems=tuple(result.problems))
    return Outcome(result.submission_id, result.already or "Rapporten er sendt inn til sekretariatet.")


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


FORM_FIELDS = ("spent", "future_use", "milestones", "scores", "kpis", *(f"text_{k.key}" for k in NARRATIVE_KINDS))


def read_form(
    form: ReportForm, stored: Iterable[tuple[str, str | None]] = (), *, draft: bool = False
) -> tuple[ReportContent, list[Problem]]:
    """The form by exactly the rules of the Excel template; every problem names its field and row.
    ``stored``: the report's stored milestones as (code, description); one stored without a description may
    stay so. A row added with «Legg til milepæl» and left without description, period and status is left out,
    as an empty row of the template is (the session-21 trial: such a row blocked saving, and the form has no
    way to remove it). ``draft``: half-finished work, where a missing justification or description waits for
    «Send inn» (``ContentReader``)."""
    problems: list[Problem] = []
    stored = list(stored)
    known = {code for code, _description in stored}

    def report(where: tuple, column: str, message: str) -> None:
        """``where``: (field, label) for a field, (field, label, row) for a grid's row, whose ``column`` is named."""
        if len(where) > 2:
            problems.append(Problem.in_cell(where[0], where[1], where[2], column, message))
        else:
            problems.append(Problem.in_field(where[0], where[1], message))

    def added_and_empty(row: dict) -> bool:
        return check_code(row.get("code"))[0] not in known and all(
            blank(row.get(key)) for key in ("description", "period", "status")
        )

    reader = ContentReader(report, undescribed(stored), draft=draft)
    reader.amount(("spent", SPENT.label), "spent_total", form.spent, SPENT.label)
    reader.amount(
        ("future_use", FUTURE_USE.form_label),
        "future_use",
        form.future_use,
        FUTURE_USE.form_label,
    )
    milestone_rows = _rows(form.milestones, "milestones", "Milepæler", problems)
    for index, row in enumerate(milestone_rows):
        if added_and_empty(row):
            continue
        reader.milestone(
            ("milestones", f"Milepæler, rad {index + 1}", index),
            {key: row.get(key) for key in ("code", "description", "period", "status", "kind")},
            f"rad {index + 1}",
        )
    reader.finish()
    if milestone_rows:  # none sent (a caller with texts only) changes no milestone: approval keeps the stored ones
        problems += _stored_milestones_kept([code for code, _description in stored], milestone_rows)
    for index, row in enumerate(_rows(form.scores, "scores", "Poeng", problems)):
        dimension = SCORE_DIMENSION.get(row.get("dimension")) if isinstance(row.get("dimension"), str) else None
        if dimension is None:
            if not (blank(row.get("value")) and blank(row.get("justification"))):
                problems.append(Problem.in_field("scores", "Poeng", "Ukjent vurdering i skjemaet."))
            continue
        reader.score(
            ("scores", f"Poeng, {dimension.titled}", index), dimension.key, row.get("value"), row.get("justification")
        )
    for index, row in enumerate(_rows(form.kpis, "kpis", "Indikatorer", problems)):
        kpi_id = authz.as_id(row.get("kpi_id"))
        name = row.get("name")[:300] if isinstance(row.get("name"), str) else ""
        where = ("kpis", f"Indikatorer, {name}", index)
        if kpi_id is None:
            problems.append(Problem.in_field("kpis", where[1], "Ukjent indikator i skjemaet."))
            continue
        reader.kpi_value(where, kpi_id, name, row.get("date"), row.get("value"))
        reader.kpi_target(
            ("kpis", f"Indikatorer, {name} (nytt mål)", index),
            kpi_id,
            name,
            row.get("new_target"),
            row.get("new_target_date"),
            row.get("reason"),
        )
    texts = form.texts if isinstance(form.texts, dict) else {}
    if form.texts is not None and not isinstance(form.texts, dict):
        problems.append(
            Problem.in_field("texts", "Tekster", "Tekstene: skjemaet sendte ikke tekster; last inn siden på nytt.")
        )
    for kind in NARRATIVE_KINDS:
        reader.narrative(kind.key, texts.get(kind.key), (f"text_{kind.key}", kind.label))
    return reader.content, problems


def _stored_milestones_kept(stored_codes: list[str], rows: list[dict]) -> list[Problem]:
    """A stored milestone may be changed but not removed or given another code: approval updates milestones by
    their code, so a renamed one would come back beside its copy (the session-22 trial: M4 renamed M9 gave both)."""
    sent = {check_code(row.get("code"))[0] for row in rows} | {str(row.get("code") or "").strip() for row in rows}
    return [
        Problem.in_field(
            "milestones",
            "Milepæler",
            f"Milepæl {code} mangler i skjemaet. En lagret milepæl kan endres, men ikke fjernes eller få ny kode; "
            "last inn siden på nytt.",
        )
        for code in stored_codes  # in the stored order
        if code not in sent
    ]


MAX_FORM_ROWS = 500
"""More rows than any grid of the form holds (a project has tens of milestones and indicators)."""


def _rows(value: object, key: str, label: str, problems: list[Problem]) -> list[dict]:
    """A grid's rows; a grid that is not a list of rows (a hand-made request) is a problem in its field,
    never silently read as empty."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        problems.append(Problem.in_field(key, label, f"{label}: skjemaet sendte ikke rader; last inn siden på nytt."))
        return []
    if len(value) > MAX_FORM_ROWS:
        problems.append(Problem.in_field(key, label, f"{label}: høyst {MAX_FORM_ROWS} rader er tillatt."))
        return []
    return value


CONFIRM = "confirm"
"""The field of a problem the user may confirm and save anyway (``save_form(..., confirmed=True)``)."""


@dataclass(frozen=True)
class FormRefusal:
    """Why the form was not stored: what to confirm, or what a newer version holds (``stale``)."""

    confirm: bool = False
    stale: list[Change] = field(default_factory=list)
    newer: bool = False  # refused because a newer version came first (``stale`` is what was typed against it)
    waiting: bool = False  # a draft over a version sent in and awaiting review: a notice, not an error (trial 24d)


@dataclass(frozen=True)
class FormSaved:
    """A stored form: its version, and the «Type» worked out for each milestone sent with a blank one (code ->
    label; the form shows it at once, as a reload would)."""

    version: int
    kinds: dict[str, str] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    """The codes given to new milestones written without one, in the order of their rows (the form fills them in)."""


@refusable
def save_form(
    ctx: Context,
    *,
    project_id: object,
    round_id: object,
    form: ReportForm,
    submit: bool,
    base_version: object,
    confirmed: bool = False,
) -> Outcome[FormSaved]:
    """Save the form as a draft, or submit it; nothing is stored while the form has a problem, while a
    warning is not confirmed, or when another version was stored after ``base_version``."""
    base = authz.as_id(base_version)
    with ctx.db.read() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.REPORT, project_id, round_id)
        project_id, round_id = project.id, round_.id
        if base is None:
            return Outcome.refused(Problem.general("Skjemaet mangler versjonen det bygger på. Last inn siden på nytt."))
        stored = data.milestone_descriptions(session, project_id=project_id, round_id=round_id)
        content, problems = read_form(form, stored, draft=not submit)
        if submit and content.spent_total is None and not any(p.field == "spent" for p in problems):
            problems.append(
                Problem.in_field("spent", SPENT.label, f"{SPENT.label} mangler; skriv summen brukt hittil.")
            )
        if problems:
            return Outcome.from_problems(problems)
        authz.require_kpis_of_project(session, project_id, content.kpi_ids)
        assessment = assess(session, project_id, round_id, content, submit=submit, today=ctx.today)
    if assessment.warnings and not confirmed:
        return Outcome(
            FormRefusal(confirm=True),
            problems=tuple(Problem.in_field(CONFIRM, "Sjekk", w) for w in assessment.warnings),
        )
    try:
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
                    base_version=base,
                ).version
            )
        )
    except data.StaleVersion as exc:
        return Outcome(FormRefusal(stale=_stale_changes(ctx, exc, content), newer=True), problems=tuple(exc.problems))
    except data.AwaitingReview as exc:
        return Outcome(FormRefusal(waiting=True), problems=tuple(exc.problems))
    except data.Unchanged as exc:  # a notice, not a mistake: what is shown is what is stored
        return Outcome(FormSaved(exc.version), exc.message)
    saved = (
        f"Versjon {version} er sendt inn til sekretariatet." if submit else f"Utkastet er lagret (versjon {version})."
    )
    codes, kinds = _worked_out(form, content)
    counted = ", ".join(f"{code} regnes som {label.lower()}" for code, label in kinds.items())
    numbered = ""
    if codes:
        numbered = (
            f"Nye milepæler uten kode fikk kodene {and_listing(codes)}."
            if len(codes) > 1
            else f"Den nye milepælen uten kode fikk koden {codes[0]}."
        )
    message = " ".join(filter(None, (saved, numbered, counted and f"Type var tom: {counted}.")))
    return Outcome(FormSaved(version, kinds, codes), message)


def _worked_out(form: ReportForm, content: ReportContent) -> tuple[list[str], dict[str, str]]:
    """The codes given to new milestones written without one (``ContentReader.finish``), and the «Type» label of
    each milestone sent with a blank one, as worked out from its status (the session-22 trial: the form never said
    how it counts)."""
    rows = [row for row in form.milestones or [] if isinstance(row, dict)]
    typed = {check_code(row.get("code"))[0] for row in rows if not blank(row.get("code"))}
    codes = [m.code for m in content.milestones if m.code not in typed]
    blank_kind = {check_code(row.get("code"))[0] for row in rows if blank(row.get("kind"))}
    unnumbered = [row for row in rows if blank(row.get("code")) and not blank(row.get("description"))]
    blank_kind |= {code for code, row in zip(codes, unnumbered, strict=False) if blank(row.get("kind"))}
    return codes, {m.code: MILESTONE_KIND_LABELS[m.kind] for m in content.milestones if m.code in blank_kind}


# ------------------------------------------------------------------ the secretariat's review


@refusable
def review(
    ctx: Context,
    *,
    project_id: object,
    round_id: object,
    approve: bool,
    reviewed_version: object,
    comment: str | None = None,
) -> Outcome:
    """Approve the version the secretariat reviewed (its figures then reach every page) or return it with a
    comment; refused when another version has arrived since it was opened."""
    version = authz.as_id(reviewed_version)
    with ctx.db.write() as session:
        project, round_ = authz.require_project_round(session, ctx.identity, authz.ADMIN, project_id, round_id)
        latest = data.latest_submission(session, project.id, round_.id)
        if latest is None or version is None:
            return Outcome.refused(Problem.general("Det finnes ingen innsendt rapport å behandle."))
        if approve:
            changes = data.approve_submission(
                session, submission_id=latest.id, actor=ctx.actor, reviewed_version=version
            )
            saved = count_of(len(changes), "endring", "endringer")
            return Outcome(len(changes), f"Versjon {version} er godkjent; {saved} er lagret og vises på sidene.")
        data.return_submission(
            session,
            submission_id=latest.id,
            actor=ctx.actor,
            comment=comment if isinstance(comment, str) else "",
            reviewed_version=version,
        )
    return Outcome(None, f"Versjon {version} er sendt tilbake til prosjektlederen med kommentaren.")


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
