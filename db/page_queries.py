"""Queries behind the dashboard pages. Each takes the session as a keyword and returns plain data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from db.models import (
    Allocation,
    Application,
    Benefit,
    Criterion,
    FinanceReport,
    Kpi,
    KpiTargetRevision,
    KpiValue,
    Milestone,
    Narrative,
    Project,
    ProjectTargetGroup,
    ReportingRound,
    RoundText,
    Score,
    SsuDecision,
    TargetGroup,
)
from db.queries import ProjectOverview, RoundView, portfolio, reported_rounds, round_view, rounds, scheme_by_id
from domain.rounds import overdue
from domain.vocabulary import DONE


def project_ref(number: str | None, project_id: int) -> str:
    """The URL key of a project: its number, or 'id-N' for projects without one (ended ones)."""
    return number or f"id-{project_id}"


class MilestoneRow(NamedTuple):  # a tuple: built for thousands of rows per page, 4× cheaper than a frozen dataclass
    project_id: int
    project_ref: str
    project: str
    code: str
    sequence: int
    description: str
    period_text: str | None
    start: date | None
    end: date | None
    period_problem: str | None
    status: str | None
    status_text: str | None
    kind: str
    overdue: bool
    source_round: str | None = None
    """The round the milestone was reported in (differs from the round shown when the project did not report)."""
    reported: bool = True


def milestone_rows(
    *,
    session: Session,
    round_id: int | None = None,
    today: date,
    project_ids: list[int] | None = None,
    view: RoundView | None = None,
) -> list[MilestoneRow]:
    """The milestones of one round (``round_id``), or as a round view shows them (``view``): each project's from
    its latest approved report, judged on the view's day."""
    if view is not None:
        round_ids, today, wanted = view.source_ids, view.as_of, view.pairs
        names = {ref.id: ref.name for ref in view.sources.values()}
        reported = view.reported_ids
    else:
        round_ids, wanted = ({round_id} if round_id is not None else set()), None
        names = dict(
            session.execute(
                select(ReportingRound.id, ReportingRound.name).where(ReportingRound.id.in_(round_ids))
            ).all()
        )
        reported = None
    if not round_ids:
        return []
    if len(round_ids) == 1:
        wanted = None  # every project's figures come from the one round: nothing to leave out
    query = (
        select(
            Project.id,
            Project.number,
            Project.short_name,
            Project.name,
            Milestone.code,
            Milestone.sequence,
            Milestone.description,
            Milestone.period_text,
            Milestone.period_start,
            Milestone.period_end,
            Milestone.period_problem,
            Milestone.status,
            Milestone.status_text,
            Milestone.kind,
            Milestone.round_id,
        )
        .join(Project, Milestone.project_id == Project.id)
        .where(Milestone.round_id.in_(round_ids))
        .order_by(Project.id, Milestone.sequence, Milestone.code)
    )
    if project_ids:
        query = query.where(Project.id.in_(project_ids))
    return [
        MilestoneRow(
            row.id,
            project_ref(row.number, row.id),
            row.short_name or row.name,
            row.code,
            row.sequence,
            row.description,
            row.period_text,
            row.period_start,
            row.period_end,
            row.period_problem,
            row.status,
            row.status_text,
            row.kind,
            overdue(status=row.status, period_end=row.period_end, as_of=today),
            names.get(row.round_id),
            reported is None or row.id in reported,
        )
        for row in session.execute(query)
        if wanted is None or (row.id, row.round_id) in wanted
    ]


class ScoreRow(NamedTuple):  # a tuple: built for thousands of rows per page, 4× cheaper than a frozen dataclass
    project_id: int
    project: str
    assessor: str
    dimension: str
    value: int
    justification: str | None
    illustrative: bool
    round_name: str
    reported: bool = True
    """The score is from the round shown (else from the project's latest earlier report)."""
    project_ref: str = ""
    """The project's URL key (its page's address)."""


def score_rows(
    *,
    session: Session,
    round_ids: list[int] | None = None,
    dimensions: tuple[str, ...] | None = None,
    assessor: str | None = None,
    project_ids: list[int] | None = None,
    view: RoundView | None = None,
) -> list[ScoreRow]:
    """The scores of some rounds (``round_ids``), or as a round view shows them (``view``): each project's from
    its latest approved report."""
    wanted = reported = None
    if view is not None:
        round_ids, wanted, reported = list(view.source_ids), view.pairs, view.reported_ids
        if len(round_ids) == 1:
            wanted = None  # every project's scores come from the one round
    if not round_ids:
        return []
    query = (
        select(
            Project.id,
            Project.short_name,
            Project.name,
            Score.assessor,
            Score.dimension,
            Score.value,
            Score.justification,
            Score.is_illustrative,
            ReportingRound.name,
            Score.round_id,
            Project.number,
        )
        .join(Project, Score.project_id == Project.id)
        .join(ReportingRound, Score.round_id == ReportingRound.id)
        .where(Score.round_id.in_(round_ids))
    )
    if dimensions:
        query = query.where(Score.dimension.in_(dimensions))
    if assessor:
        query = query.where(Score.assessor == assessor)
    if project_ids:
        query = query.where(Score.project_id.in_(project_ids))
    return [
        ScoreRow(
            pid,
            short or name,
            who,
            dimension,
            value,
            why,
            illustrative,
            round_name,
            reported is None or pid in reported,
            project_ref(number, pid),
        )
        for pid, short, name, who, dimension, value, why, illustrative, round_name, rid, number in session.execute(
            query
        )
        if wanted is None or (pid, rid) in wanted
    ]


class KpiPoint(NamedTuple):  # a tuple: built for thousands of rows per page, 4× cheaper than a frozen dataclass
    when: date
    value: float
    illustrative: bool


@dataclass(frozen=True)
class TargetRevision:
    previous_value: float | None
    previous_date: date | None
    revised_on: date
    reason: str


@dataclass(frozen=True)
class KpiRow:
    id: int
    project_id: int
    project_ref: str
    project: str
    benefit: str
    benefit_type: str
    benefit_description: str | None
    owner: str | None
    organisation: str | None
    method: str | None
    frequency: str | None
    name: str
    unit: str
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    illustrative: bool
    values: list[KpiPoint] = field(default_factory=list)
    revisions: list[TargetRevision] = field(default_factory=list)


def kpi_rows(
    *,
    session: Session,
    project_ids: list[int] | None = None,
    scheme_id: int | None = None,
    as_of: date | None = None,
) -> list[KpiRow]:
    """KPIs with their values and target revisions, read as plain columns in three queries; with ``as_of`` only
    the measurements up to that day (a past round's view)."""
    query = (
        select(
            Kpi.id,
            Project.id,
            Project.number,
            Project.short_name,
            Project.name,
            Benefit.title,
            Benefit.benefit_type,
            Benefit.description,
            Benefit.owner_name,
            Benefit.owner_organisation,
            func.coalesce(Kpi.measurement_method, Benefit.measurement_method),
            func.coalesce(Kpi.measurement_frequency, Benefit.measurement_frequency),
            Kpi.name,
            Kpi.unit,
            Kpi.baseline_value,
            Kpi.baseline_date,
            Kpi.target_value,
            Kpi.target_date,
            Kpi.is_illustrative,
            Benefit.is_illustrative,
        )
        .join(Benefit, Kpi.benefit_id == Benefit.id)
        .join(Project, Benefit.project_id == Project.id)
        .order_by(Project.id, Benefit.id, Kpi.id)
    )
    if project_ids:
        query = query.where(Project.id.in_(project_ids))
    if scheme_id is not None:
        query = query.where(Project.scheme_id == scheme_id)
    found = session.execute(query).all()
    ids = [row[0] for row in found]
    values: dict[int, list[KpiPoint]] = defaultdict(list)
    revisions: dict[int, list[TargetRevision]] = defaultdict(list)
    if ids:
        for kpi_id, when, value, illustrative in session.execute(
            select(KpiValue.kpi_id, KpiValue.period_date, KpiValue.value, KpiValue.is_illustrative)
            .where(KpiValue.kpi_id.in_(ids), KpiValue.period_date <= as_of if as_of else true())
            .order_by(KpiValue.kpi_id, KpiValue.period_date)
        ):
            values[kpi_id].append(KpiPoint(when, value, illustrative))
        for kpi_id, *revision in session.execute(
            select(
                KpiTargetRevision.kpi_id,
                KpiTargetRevision.previous_target_value,
                KpiTargetRevision.previous_target_date,
                KpiTargetRevision.revised_on,
                KpiTargetRevision.reason,
            )
            .where(KpiTargetRevision.kpi_id.in_(ids))
            .order_by(KpiTargetRevision.kpi_id, KpiTargetRevision.revised_on)
        ):
            revisions[kpi_id].append(TargetRevision(*revision))
    return [
        KpiRow(
            kid,
            pid,
            project_ref(number, pid),
            short or name,
            title,
            kind,
            description,
            owner,
            organisation,
            method,
            frequency,
            kpi_name,
            unit,
            baseline,
            baseline_date,
            target,
            target_date,
            bool(kpi_illustrative or benefit_illustrative),
            values[kid],
            revisions[kid],
        )
        for (
            kid,
            pid,
            number,
            short,
            name,
            title,
            kind,
            description,
            owner,
            organisation,
            method,
            frequency,
            kpi_name,
            unit,
            baseline,
            baseline_date,
            target,
            target_date,
            kpi_illustrative,
            benefit_illustrative,
        ) in found
    ]


def kpi_projects(*, session: Session, scheme_id: int) -> list[tuple[int, str, str, int]]:
    """(id, URL key, name, number of KPIs) of the scheme's projects that have KPIs, in project order."""
    query = (
        select(Project.id, Project.number, Project.short_name, Project.name, func.count(Kpi.id))
        .join(Benefit, Benefit.project_id == Project.id)
        .join(Kpi, Kpi.benefit_id == Benefit.id)
        .where(Project.scheme_id == scheme_id)
        .group_by(Project.id, Project.number, Project.short_name, Project.name)
        .order_by(Project.id)
    )
    return [
        (pid, project_ref(number, pid), short or name, count)
        for pid, number, short, name, count in session.execute(query)
    ]


@dataclass(frozen=True)
class ProjectListRow:
    overview: ProjectOverview
    ref: str
    owners: str | None
    leaders: str | None
    target_groups: list[str]
    target_groups_illustrative: bool
    progress: int | None
    delivers: int | None
    scores_illustrative: bool


def project_list(
    *, session: Session, round_name: str | None, today: date, scheme_id: int | None = None
) -> tuple[object, list[ProjectListRow]]:
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    view = round_view(session=session, scheme_id=scheme.id, name=round_name, today=today) if scheme else None
    data = (
        portfolio(session=session, round_name=round_name, view=view, today=today, scheme_id=scheme.id)
        if scheme
        else None
    )
    if data is None:
        return None, []
    projects = {
        p.id: p
        for p in session.execute(
            select(Project.id, Project.number, Project.owners, Project.leaders).filter_by(scheme_id=scheme.id)
        )
    }
    groups: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for project_id, name, illustrative in session.execute(
        select(ProjectTargetGroup.project_id, TargetGroup.name, ProjectTargetGroup.is_illustrative)
        .join(TargetGroup, ProjectTargetGroup.target_group_id == TargetGroup.id)
        .join(Project, ProjectTargetGroup.project_id == Project.id)
        .where(Project.scheme_id == scheme.id)
    ):
        groups[project_id].append((name, illustrative))
    scores = defaultdict(dict)
    illustrative = defaultdict(bool)
    for s in score_rows(session=session, view=view, dimensions=("progress", "delivers"), assessor="project"):
        if s.assessor == "project":
            scores[s.project_id][s.dimension] = s.value
            illustrative[s.project_id] |= s.illustrative
    rows = []
    for ov in data.projects:
        p = projects[ov.id]
        rows.append(
            ProjectListRow(
                ov,
                project_ref(p.number, p.id),
                p.owners,
                p.leaders,
                sorted(name for name, _ in groups[p.id]),
                any(illustrative for _, illustrative in groups[p.id]),
                scores[p.id].get("progress"),
                scores[p.id].get("delivers"),
                illustrative[p.id],
            )
        )
    return data, rows


@dataclass(frozen=True)
class ProjectFacts:
    """A project's own fields (table 1 and details), as plain data."""

    id: int
    scheme_id: int
    number: str | None
    name: str
    short_name: str | None
    owners: str | None
    leaders: str | None
    partners: str | None
    status: str
    planned_end_text: str | None

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def ref(self) -> str:
        return project_ref(self.number, self.id)

    @classmethod
    def of(cls, project: Project) -> ProjectFacts:
        return cls(
            project.id,
            project.scheme_id,
            project.number,
            project.name,
            project.short_name,
            project.owners,
            project.leaders,
            project.partners,
            project.status,
            project.planned_end_text,
        )


@dataclass(frozen=True)
class DecisionRow:
    case_number: str
    meeting_date: date
    decision: str
    year: int | None
    amount_next_year: int | None
    conditions: str | None
    text: str | None


@dataclass(frozen=True)
class ProjectDetail:
    project: ProjectFacts
    ref: str
    overview: ProjectOverview | None
    round_name: str | None
    target_groups: list[tuple[str, bool]]
    allocations: list[tuple[int, int, str | None]]
    applications: list[tuple[int, int | None, list[tuple[str, str | None, int]]]]
    narratives: dict[str, str]
    milestones: list[MilestoneRow]
    scores: list[ScoreRow]
    previous_scores: list[ScoreRow]
    kpis: list[KpiRow]
    decisions: list[DecisionRow]
    history: list[dict]
    criteria: list[tuple[int, str, str]]
    source_round: str | None = None
    """The round the project's figures come from (its latest approved report up to the round shown)."""
    as_of: date | None = None
    """The day the round shown is judged on."""

    @property
    def reported(self) -> bool:
        return self.source_round is not None and self.source_round == self.round_name


def find_project(*, session: Session, ref: str) -> Project | None:
    """The project a URL names: its number, or 'id-N' for one without (anything else finds nothing)."""
    ref = str(ref or "").strip()
    if ref.startswith("id-"):
        digits = ref[3:]
        return session.get(Project, int(digits)) if digits.isdigit() and len(digits) < 10 else None
    if not ref or len(ref) > 30:
        return None
    return session.scalars(select(Project).filter_by(number=ref)).one_or_none()


def project_detail(*, session: Session, ref: str, round_name: str | None, today: date) -> ProjectDetail | None:
    """A project as the round shown sees it: its latest approved report up to that round (``source_round``)."""
    project = find_project(session=session, ref=ref)
    if project is None:
        return None
    view = round_view(
        session=session, scheme_id=project.scheme_id, name=round_name, today=today, project_ids=[project.id]
    )
    data = portfolio(
        session=session,
        round_name=round_name,
        view=view,
        today=today,
        scheme_id=project.scheme_id,
        project_ids=[project.id],
    )
    overview = next((p for p in data.projects if p.id == project.id), None) if data else None
    all_rounds = rounds(session=session, scheme_id=project.scheme_id)
    source = view.sources.get(project.id) if view else None
    current = next((r for r in all_rounds if source and r.id == source.id), None)
    previous = None
    if current is not None:
        index = all_rounds.index(current)
        previous = all_rounds[index - 1] if index > 0 else None
    # a past round's page shows the decisions made up to that round, not a later round's (trial 25b)
    upto = next((i for i, r in enumerate(all_rounds) if view and r.id == view.id), len(all_rounds) - 1)
    shown_rounds = {r.id for r in all_rounds[: upto + 1]}
    narratives = {}
    if current is not None:
        narratives = {
            n.kind: n.text
            for n in session.scalars(select(Narrative).filter_by(project_id=project.id, round_id=current.id))
        }
    applications = [
        (a.year, a.amount_applied, [(ln.kind, ln.description, ln.amount) for ln in a.lines])
        for a in session.scalars(select(Application).filter_by(project_id=project.id).order_by(Application.year))
    ]
    return ProjectDetail(
        project=ProjectFacts.of(project),
        ref=project_ref(project.number, project.id),
        overview=overview,
        round_name=view.name if view else None,
        target_groups=sorted((link.target_group.name, link.is_illustrative) for link in project.target_groups),
        allocations=_allocations(session, project.id),
        applications=applications,
        narratives=narratives,
        milestones=milestone_rows(session=session, today=today, project_ids=[project.id], view=view) if view else [],
        scores=score_rows(session=session, project_ids=[project.id], view=view) if view else [],
        previous_scores=score_rows(
            session=session, round_ids=[previous.id] if previous else [], project_ids=[project.id]
        ),
        kpis=kpi_rows(session=session, project_ids=[project.id], as_of=view.as_of if view else None),
        decisions=[
            DecisionRow(d.case_number, d.meeting_date, d.decision, d.year, d.amount_next_year, d.conditions, d.text)
            for d in session.scalars(
                select(SsuDecision).filter_by(project_id=project.id).order_by(SsuDecision.meeting_date)
            )
            if d.round_id is None or d.round_id in shown_rounds
        ],
        history=_history(session, project.id, all_rounds),
        criteria=[
            (c.number, c.title, c.description)
            for c in session.scalars(
                select(Criterion).filter_by(scheme_id=project.scheme_id).order_by(Criterion.number)
            )
        ],
        source_round=source.name if source else None,
        as_of=view.as_of if view else today,
    )


def _allocations(session: Session, project_id: int) -> list[tuple[int, int, str | None]]:
    return [
        (a.year, a.amount, a.amount_text)
        for a in session.scalars(select(Allocation).filter_by(project_id=project_id).order_by(Allocation.year))
    ]


def _history(session: Session, project_id: int, all_rounds: list[ReportingRound]) -> list[dict]:
    """Per round: spent, milestones done/total, progress score: the project across rounds."""
    reports = {rep.round_id: rep for rep in session.scalars(select(FinanceReport).filter_by(project_id=project_id))}
    by_round: dict[int, list[Milestone]] = defaultdict(list)
    for m in session.scalars(select(Milestone).filter_by(project_id=project_id)):
        by_round[m.round_id].append(m)
    progress_by_round = {
        s.round_id: s
        for s in session.scalars(
            select(Score).filter_by(project_id=project_id, assessor="project", dimension="progress")
        )
    }
    out = []
    for r in all_rounds:
        rep, ms, progress = reports.get(r.id), by_round[r.id], progress_by_round.get(r.id)
        if rep is None and not ms and progress is None:
            continue
        out.append(
            {
                "round": r.name,
                "spent": rep.spent_total if rep else None,
                "milestones_done": sum(1 for m in ms if m.status == DONE),
                "milestones": len(ms),
                "progress": progress.value if progress else None,
                "progress_illustrative": progress.is_illustrative if progress else False,
            }
        )
    return out


def criteria(*, session: Session, scheme_id: int | None = None) -> list[tuple[int, str, str]]:
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    if scheme is None:
        return []
    return [
        (c.number, c.title, c.description)
        for c in session.scalars(select(Criterion).filter_by(scheme_id=scheme.id).order_by(Criterion.number))
    ]


@dataclass(frozen=True)
class RoundChoice:
    name: str
    has_reports: bool
    """Some project's approved report is in this round (a round without any is offered, and says so)."""


def round_choices(*, session: Session, scheme_id: int | None = None) -> list[RoundChoice]:
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    if scheme is None:
        return []
    reported = reported_rounds(session=session, scheme_id=scheme.id)
    return [RoundChoice(r.name, r.id in reported) for r in rounds(session=session, scheme_id=scheme.id)]


def round_names(*, session: Session, scheme_id: int | None = None) -> list[str]:
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    return [r.name for r in rounds(session=session, scheme_id=scheme.id)] if scheme else []


@dataclass(frozen=True)
class AppliedRow:
    project_id: int
    project: str
    year: int
    applied: int | None
    granted: int | None


def applications_vs_granted(*, session: Session, scheme_id: int | None = None) -> list[AppliedRow]:
    """Applied vs granted per project and year, where an application is registered."""
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    if scheme is None:
        return []
    query = (
        select(
            Project.id,
            Project.name,
            Project.short_name,
            Application.year,
            Application.amount_applied,
            Allocation.amount,
        )
        .join(Project, Application.project_id == Project.id)
        .outerjoin(
            Allocation, (Allocation.project_id == Application.project_id) & (Allocation.year == Application.year)
        )
        .where(Project.scheme_id == scheme.id)
        .order_by(Project.id, Application.year)
    )
    return [
        AppliedRow(pid, short_name or name, year, applied, granted)
        for pid, name, short_name, year, applied, granted in session.execute(query)
    ]


def narratives_by_project(*, session: Session, view: RoundView) -> dict[int, dict[str, str]]:
    """Each project's texts from its latest approved report up to the round shown."""
    texts: dict[int, dict[str, str]] = {}
    wanted = view.pairs
    for project_id, round_id, kind, text in session.execute(
        select(Narrative.project_id, Narrative.round_id, Narrative.kind, Narrative.text).where(
            Narrative.round_id.in_(view.source_ids)
        )
    ):
        if (project_id, round_id) in wanted:
            texts.setdefault(project_id, {})[kind] = text
    return texts


def round_texts(*, session: Session, round_id: int) -> dict[str, str]:
    return dict(session.execute(select(RoundText.kind, RoundText.text).filter_by(round_id=round_id)).all())


def target_groups(*, session: Session, scheme_id: int) -> list[tuple[int, str, bool]]:
    """(project id, target group, illustrative) for the scheme's projects."""
    return [
        tuple(row)
        for row in session.execute(
            select(ProjectTargetGroup.project_id, TargetGroup.name, ProjectTargetGroup.is_illustrative)
            .join(TargetGroup, ProjectTargetGroup.target_group_id == TargetGroup.id)
            .join(Project, ProjectTargetGroup.project_id == Project.id)
            .where(Project.scheme_id == scheme_id)
        )
    ]


def project_facts(*, session: Session, scheme_id: int) -> dict[int, ProjectFacts]:
    return {p.id: ProjectFacts.of(p) for p in session.scalars(select(Project).filter_by(scheme_id=scheme_id))}
