"""Read queries. Each takes the session as a keyword argument and returns plain dataclasses."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Allocation, FinanceReport, GrantScheme, Milestone, Project, ReportingRound
from domain import money
from domain.rounds import parse_round_name
from domain.vocabulary import DONE, PLANNED


@dataclass(frozen=True)
class MilestoneCounts:
    total: int = 0
    done: int = 0
    planned: int = 0
    in_progress: int = 0
    overdue: int = 0
    unplaced: int = 0


@dataclass(frozen=True)
class ProjectOverview:
    id: int
    number: str | None
    name: str
    display_name: str
    active: bool
    money: money.ProjectMoney
    milestones: MilestoneCounts

    @property
    def granted_per_year(self) -> int | None:
        return self.money.granted_per_year.printed

    @property
    def years(self) -> int:
        return self.money.years

    @property
    def granted_total(self) -> int | None:
        return self.money.granted_total

    @property
    def spent_total(self) -> int | None:
        return self.money.spent.printed

    @property
    def spending_rate(self) -> float | None:
        return self.money.spending_rate

    @property
    def findings(self) -> list[money.Finding]:
        return list(self.money.findings)


@dataclass(frozen=True)
class Portfolio:
    scheme_name: str
    partnership: str
    envelope: int
    first_year: int
    round_name: str | None
    round_year: int | None
    report_date: date | None
    projects: list[ProjectOverview] = field(default_factory=list)
    envelope_findings: list[money.Finding] = field(default_factory=list)
    allocations_by_year: dict[int, int] = field(default_factory=dict)

    @property
    def findings(self) -> list[money.Finding]:
        return [f for p in self.projects for f in p.findings] + self.envelope_findings

    @property
    def allocated_per_year_total(self) -> int:
        return sum(p.granted_per_year or 0 for p in self.projects)

    @property
    def spent_total(self) -> int:
        return sum(p.spent_total or 0 for p in self.projects)

    @property
    def granted_total(self) -> int:
        return sum(p.granted_total or 0 for p in self.projects if p.spent_total is not None)

    @property
    def spending_rate(self) -> float | None:
        return self.spent_total / self.granted_total if self.granted_total else None

    @property
    def active_count(self) -> int:
        return sum(1 for p in self.projects if p.active)

    @property
    def ended_count(self) -> int:
        return sum(1 for p in self.projects if not p.active)

    def milestone_totals(self) -> MilestoneCounts:
        totals = Counter()
        for p in self.projects:
            for key, value in vars(p.milestones).items():
                totals[key] += value
        return MilestoneCounts(**totals)


def default_scheme(*, session: Session) -> GrantScheme | None:
    return session.scalars(select(GrantScheme).order_by(GrantScheme.id)).first()


def scheme_by_id(*, session: Session, scheme_id: int | None) -> GrantScheme | None:
    """The chosen scheme; the default (the first one created) when none is chosen or it does not exist."""
    if scheme_id is not None:
        found = session.get(GrantScheme, scheme_id)
        if found is not None:
            return found
    return default_scheme(session=session)


@dataclass(frozen=True)
class SchemeChoice:
    id: int
    label: str


def scheme_choices(*, session: Session) -> list[SchemeChoice]:
    """Every grant scheme, labelled with the partnership that owns it, sorted by partnership and name."""
    found = session.execute(
        select(GrantScheme.id, GrantScheme.partnership, GrantScheme.name).order_by(
            GrantScheme.partnership, GrantScheme.name
        )
    )
    return [SchemeChoice(id_, f"{partnership} – {name}") for id_, partnership, name in found]


def rounds(*, session: Session, scheme_id: int) -> list[ReportingRound]:
    found = list(session.scalars(select(ReportingRound).filter_by(scheme_id=scheme_id)))
    return sorted(found, key=lambda r: (r.year, 0 if r.season == "vår" else 1))


def find_round(*, session: Session, scheme_id: int, name: str | None) -> ReportingRound | None:
    """The named round, or the latest one when no name is given."""
    if name:
        parsed = parse_round_name(name)
        wanted = parsed.name if parsed else name
        return session.scalars(select(ReportingRound).filter_by(scheme_id=scheme_id, name=wanted)).one_or_none()
    found = rounds(session=session, scheme_id=scheme_id)
    return found[-1] if found else None


def project_count(*, session: Session) -> int:
    return session.scalar(select(func.count(Project.id))) or 0


@dataclass(frozen=True)
class MilestoneFacts:
    """What the counts need of a milestone (read as plain columns: no ORM objects per row)."""

    status: str | None
    kind: str
    period_end: date | None


def _milestone_counts(milestones: list[MilestoneFacts], today: date) -> MilestoneCounts:
    done = sum(1 for m in milestones if m.status == DONE)
    planned = sum(1 for m in milestones if m.kind == "planned" or m.status == PLANNED)
    overdue = sum(1 for m in milestones if m.status != DONE and m.period_end is not None and m.period_end < today)
    unplaced = sum(1 for m in milestones if m.period_end is None)
    return MilestoneCounts(len(milestones), done, planned, len(milestones) - done - planned, overdue, unplaced)


def _printed(report, column: str) -> money.Printed:
    """A printed figure of a finance_report row (number and the words printed beside it)."""
    return money.Printed(getattr(report, column), getattr(report, f"{column}_note")) if report else money.Printed()


def portfolio(
    *,
    session: Session,
    round_name: str | None = None,
    today: date | None = None,
    scheme_id: int | None = None,
    project_ids: list[int] | None = None,
) -> Portfolio | None:
    """Every project of the scheme (or just project_ids) with printed, computed and checked money figures.

    The envelope check always covers the whole scheme's allocations.
    """
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    if scheme is None:
        return None
    today = today or date.today()
    round_ = find_round(session=session, scheme_id=scheme.id, name=round_name)
    round_year = round_.year if round_ else None
    # Plain column rows, not ORM objects: this runs on every overview page view.
    project_query = (
        select(Project.id, Project.number, Project.name, Project.short_name, Project.status)
        .filter_by(scheme_id=scheme.id)
        .order_by(Project.id)
    )
    if project_ids:
        project_query = project_query.where(Project.id.in_(project_ids))
    projects = session.execute(project_query).all()
    allocations: dict[int, list] = defaultdict(list)
    for alloc in session.execute(
        select(Allocation.project_id, Allocation.year, Allocation.amount)
        .join(Project, Allocation.project_id == Project.id)
        .where(Project.scheme_id == scheme.id)
    ):
        allocations[alloc.project_id].append(alloc)
    reports: dict[int, object] = {}
    milestones: dict[int, list[MilestoneFacts]] = defaultdict(list)
    if round_ is not None:
        in_scheme = select(Project.id).filter_by(scheme_id=scheme.id)
        if project_ids:
            in_scheme = in_scheme.where(Project.id.in_(project_ids))
        for rep in session.execute(
            select(*FinanceReport.__table__.c)
            .filter_by(round_id=round_.id)
            .where(FinanceReport.project_id.in_(in_scheme))
        ):
            reports[rep.project_id] = rep
        for ms in session.execute(
            select(Milestone.project_id, Milestone.status, Milestone.kind, Milestone.period_end)
            .filter_by(round_id=round_.id)
            .where(Milestone.project_id.in_(in_scheme))
        ):
            milestones[ms.project_id].append(MilestoneFacts(ms.status, ms.kind, ms.period_end))

    overviews = []
    for project in projects:
        allocs = [a for a in allocations[project.id] if round_year is None or a.year <= round_year]
        allocs.sort(key=lambda a: a.year)
        rep = reports.get(project.id)
        granted = (
            rep.granted_per_year
            if rep and rep.granted_per_year is not None
            else (allocs[-1].amount if allocs else None)
        )
        years = len(allocs) or ((round_year - scheme.first_year + 1) if round_year else 0)
        display_name = project.short_name or project.name
        figures = money.project_money(
            money.MoneyInputs(
                project=display_name,
                granted_per_year=granted,
                years=years,
                allocations_total=sum(a.amount for a in allocs) if allocs else None,
                spent=_printed(rep, "spent_total"),
                remaining=_printed(rep, "remaining"),
                future_use=_printed(rep, "future_use"),
                carry_over=_printed(rep, "carry_over"),
                next_year_total=_printed(rep, "next_year_total"),
                granted_note=rep.granted_per_year_note if rep and rep.granted_per_year is not None else None,
                checked=project.status == "active",
            )
        )
        overviews.append(
            ProjectOverview(
                id=project.id,
                number=project.number,
                name=project.name,
                display_name=display_name,
                active=project.status == "active",
                money=figures,
                milestones=_milestone_counts(milestones[project.id], today),
            )
        )

    by_year: dict[int, int] = defaultdict(int)
    for allocs in allocations.values():
        for alloc in allocs:
            by_year[alloc.year] += alloc.amount
    envelope_findings = [
        f for year, total in sorted(by_year.items()) if (f := money.check_envelope(year, scheme.yearly_envelope, total))
    ]
    return Portfolio(
        scheme_name=scheme.name,
        partnership=scheme.partnership,
        envelope=scheme.yearly_envelope,
        first_year=scheme.first_year,
        round_name=round_.name if round_ else None,
        round_year=round_year,
        report_date=round_.report_date if round_ else None,
        projects=overviews,
        envelope_findings=envelope_findings,
        allocations_by_year=dict(sorted(by_year.items())),
    )
