"""Read queries. Each takes the session as a keyword argument and returns plain dataclasses."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import case, exists, func, or_, select, union
from sqlalchemy.orm import Session

from db.models import Allocation, FinanceReport, GrantScheme, Milestone, Project, ReportingRound
from db.session import memo
from domain import money
from domain.formatting import local_today, year_span
from domain.rounds import overdue, parse_round_name, reference_date, stage
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
    source_round: str | None = None
    """The round this project's figures come from: the latest it reported in, up to the round shown."""
    reported: bool = True
    """The project reported in the round shown (else its figures are from ``source_round``, or none)."""

    @property
    def ref(self) -> str:
        """The URL key of the project page (as ``db.page_queries.project_ref``)."""
        return self.number or f"id-{self.id}"

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
    as_of: date | None = None
    """The day the round is judged on (what is overdue): today for the open round, else its report's date."""
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
    def reported_count(self) -> int:
        """Active projects that reported in the round shown."""
        return sum(1 for p in self.projects if p.active and p.reported)

    @property
    def active_count(self) -> int:
        return sum(1 for p in self.projects if p.active)

    @property
    def ended_count(self) -> int:
        return sum(1 for p in self.projects if not p.active)

    @property
    def granted_years(self) -> str:
        """The years whose allocations «innvilget hittil» sums: '2024–2025' (trial 24a: «2024–2026» stood over
        sums without a 2026 allocation)."""
        counted = [y for y in self.allocations_by_year if self.round_year is None or y <= self.round_year]
        last = max(counted, default=self.round_year)
        return year_span(self.first_year, last)

    @property
    def round_year_unallocated(self) -> bool:
        """The round's year has no allocation registered (yet)."""
        return bool(self.round_year) and self.round_year not in self.allocations_by_year

    def milestone_totals(self) -> MilestoneCounts:
        totals = Counter()
        for p in self.projects:
            for key, value in vars(p.milestones).items():
                totals[key] += value
        return MilestoneCounts(**totals)


def default_scheme(*, session: Session, partnership: str | None = None) -> GrantScheme | None:
    """The first scheme created (of ``partnership``, when given)."""
    query = select(GrantScheme).order_by(GrantScheme.id)
    if partnership is not None:
        query = query.filter_by(partnership=partnership)
    return memo(session, ("default_scheme", partnership), lambda: session.scalars(query).first())


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


def scheme_choices(*, session: Session, partnership: str | None = None) -> list[SchemeChoice]:
    """Every grant scheme (of ``partnership``, when given), labelled with the partnership that owns it, sorted by
    partnership and name."""
    query = select(GrantScheme.id, GrantScheme.partnership, GrantScheme.name).order_by(
        GrantScheme.partnership, GrantScheme.name
    )
    if partnership is not None:
        query = query.where(GrantScheme.partnership == partnership)
    found = session.execute(query)
    return [SchemeChoice(id_, f"{partnership} – {name}") for id_, partnership, name in found]


def rounds(*, session: Session, scheme_id: int) -> list[ReportingRound]:
    """The scheme's rounds in time order (a new list each call)."""

    def read() -> list[ReportingRound]:
        found = list(session.scalars(select(ReportingRound).filter_by(scheme_id=scheme_id)))
        return sorted(found, key=round_order)

    return list(memo(session, ("rounds", scheme_id), read))


def find_round(*, session: Session, scheme_id: int, name: str | None) -> ReportingRound | None:
    """The named round, or the latest one when no name is given."""
    if name:
        parsed = parse_round_name(name)
        wanted = parsed.name if parsed else name
        return session.scalars(select(ReportingRound).filter_by(scheme_id=scheme_id, name=wanted)).one_or_none()
    found = rounds(session=session, scheme_id=scheme_id)
    return found[-1] if found else None


def round_order(round_) -> tuple[int, int]:
    return (round_.year, 0 if round_.season == "vår" else 1)


def round_order_key(round_) -> int:
    """``round_order`` as one number, as the SQL in ``report_sources`` computes it."""
    return round_.year * 2 + (1 if round_.season == "høst" else 0)


def reported_rounds(*, session: Session, scheme_id: int) -> set[int]:
    """The scheme's rounds that hold a project's approved report: its money figures or its milestones (approval
    always writes the money figures; ``db.reporting.state_round`` reads the same two tables)."""
    has_report = or_(
        exists().where(FinanceReport.round_id == ReportingRound.id),
        exists().where(Milestone.round_id == ReportingRound.id),
    )
    return set(session.scalars(select(ReportingRound.id).where(ReportingRound.scheme_id == scheme_id, has_report)))


def view_round(*, session: Session, scheme_id: int, name: str | None) -> ReportingRound | None:
    """The round a portfolio page shows: the named one, else the newest round with approved reports (an open
    round without any yet is one choice away), else the latest round."""
    if name:
        return find_round(session=session, scheme_id=scheme_id, name=name)
    found = rounds(session=session, scheme_id=scheme_id)
    reported = reported_rounds(session=session, scheme_id=scheme_id)
    with_reports = [r for r in found if r.id in reported]
    return (with_reports or found or [None])[-1]


@dataclass(frozen=True)
class RoundRef:
    id: int
    name: str
    year: int


def report_sources(
    *, session: Session, scheme_id: int, round_, project_ids: list[int] | None = None, all_rounds: list | None = None
) -> dict[int, RoundRef]:
    """Per project, the round its figures come from when ``round_`` is shown: the latest round, up to and
    including it, in which the project has an approved report (money figures or milestones). Projects without
    one are left out. Most projects report in the round itself, so that is looked up first (by the round's
    index) and only the others are looked for in earlier rounds."""
    all_rounds = rounds(session=session, scheme_id=scheme_id) if all_rounds is None else all_rounds
    earlier = {r.id: r for r in all_rounds if round_order(r) < round_order(round_)}
    wanted = set(project_ids) if project_ids else None
    here = RoundRef(round_.id, round_.name, round_.year)
    reported_here = union(
        *(select(table.project_id).where(table.round_id == round_.id) for table in (FinanceReport, Milestone))
    )
    sources: dict[int, RoundRef] = dict.fromkeys(session.scalars(reported_here), here)
    if wanted:
        sources = {pid: ref for pid, ref in sources.items() if pid in wanted}
    if not earlier:
        return sources
    in_scheme = select(Project.id).where(Project.scheme_id == scheme_id)
    if wanted:
        in_scheme = in_scheme.where(Project.id.in_(wanted))
    missing = [pid for pid in session.scalars(in_scheme) if pid not in sources]
    if not missing:
        return sources
    # each remaining project's latest earlier round, found in SQL with each round's place in time
    place_of = {r.id: round_order_key(r) for r in earlier.values()}
    by_place = {key: earlier[rid] for rid, key in place_of.items()}
    latest: dict[int, int] = {}
    for table in (FinanceReport, Milestone):
        place = case(place_of, value=table.round_id)
        query = (
            select(table.project_id, func.max(place))
            .where(table.round_id.in_(earlier), table.project_id.in_(missing))
            .group_by(table.project_id)
        )
        for project_id, key in session.execute(query):
            latest[project_id] = max(key, latest.get(project_id, key))
    for project_id, key in latest.items():
        r = by_place[key]
        sources[project_id] = RoundRef(r.id, r.name, r.year)
    return sources


def as_of(round_, today: date) -> date:
    """The day ``round_`` is judged on (``domain.rounds.reference_date``)."""
    return reference_date(
        season=round_.season,
        year=round_.year,
        is_open=round_.is_open,
        report_date=round_.report_date,
        deadline=round_.deadline,
        today=today,
    )


@dataclass(frozen=True)
class RoundView:
    """A round as the portfolio pages show it: the day it is judged on, and per project the round its
    figures come from (its latest approved report up to this round)."""

    id: int
    name: str
    year: int
    is_open: bool
    report_date: date | None
    as_of: date
    sources: dict[int, RoundRef] = field(default_factory=dict)

    @property
    def pairs(self) -> set[tuple[int, int]]:
        """(project, round) of every project's figures."""
        return {(pid, ref.id) for pid, ref in self.sources.items()}

    @property
    def source_ids(self) -> set[int]:
        return {ref.id for ref in self.sources.values()}

    def reported(self, project_id: int) -> bool:
        source = self.sources.get(project_id)
        return source is not None and source.id == self.id

    @property
    def reported_ids(self) -> set[int]:
        """The projects that reported in this round."""
        return {pid for pid, ref in self.sources.items() if ref.id == self.id}


def round_view(
    *, session: Session, scheme_id: int, name: str | None, today: date, project_ids: list[int] | None = None
) -> RoundView | None:
    """The round a portfolio page shows (``view_round``), with every project's source round."""
    if name or project_ids:
        round_ = view_round(session=session, scheme_id=scheme_id, name=name)
        if round_ is None:
            return None
        sources = report_sources(session=session, scheme_id=scheme_id, round_=round_, project_ids=project_ids)
    else:
        # the whole scheme in its default round: the sources as of the latest round show which round is the
        # newest with an approved report, and they are that round's sources too (nothing is newer)
        all_rounds = rounds(session=session, scheme_id=scheme_id)
        if not all_rounds:
            return None
        sources = report_sources(session=session, scheme_id=scheme_id, round_=all_rounds[-1], all_rounds=all_rounds)
        used = {ref.id for ref in sources.values()}
        round_ = next((r for r in reversed(all_rounds) if r.id in used), all_rounds[-1])
    return RoundView(
        round_.id, round_.name, round_.year, round_.is_open, round_.report_date, as_of(round_, today), sources
    )


def previous_view(*, session: Session, scheme_id: int, view: RoundView, today: date) -> RoundView | None:
    """The round before the one shown, as a round view (what scores are compared with)."""
    all_rounds = rounds(session=session, scheme_id=scheme_id)
    index = next((i for i, r in enumerate(all_rounds) if r.id == view.id), 0)
    if index == 0:
        return None
    return round_view(session=session, scheme_id=scheme_id, name=all_rounds[index - 1].name, today=today)


def project_count(*, session: Session) -> int:
    return session.scalar(select(func.count(Project.id))) or 0


class MilestoneFacts(NamedTuple):
    """What the counts need of a milestone (read as plain columns: no ORM objects per row)."""

    status: str | None
    kind: str
    period_end: date | None


def _milestone_counts(milestones: list[MilestoneFacts], today: date) -> MilestoneCounts:
    """Done, planned and in progress split the milestones (a planned one reported done is done: trial 24a saw
    «10 / -1 / 2»); overdue is a part of those not done."""
    stages = Counter(stage(m.status, m.kind) for m in milestones)
    done, planned = stages[DONE], stages[PLANNED]
    late = sum(1 for m in milestones if overdue(status=m.status, period_end=m.period_end, as_of=today))
    unplaced = sum(1 for m in milestones if m.period_end is None)
    return MilestoneCounts(len(milestones), done, planned, len(milestones) - done - planned, late, unplaced)


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
    view: RoundView | None = None,
) -> Portfolio | None:
    """Every project of the scheme (or just project_ids) with printed, computed and checked money figures, as of
    the round shown (``view_round``): each project with its latest approved report up to that round, marked
    when it is not from the round itself. The envelope check always covers the whole scheme's allocations."""
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    if scheme is None:
        return None
    today = today or local_today()
    if view is None:
        view = round_view(session=session, scheme_id=scheme.id, name=round_name, today=today, project_ids=project_ids)
    round_year = view.year if view else None
    day = view.as_of if view else today
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
    sources = view.sources if view else {}
    wanted = view.pairs if view else set()
    source_ids = view.source_ids if view else set()
    reports: dict[int, object] = {}
    milestones: dict[int, list[MilestoneFacts]] = defaultdict(list)
    if source_ids:
        in_scheme = select(Project.id).filter_by(scheme_id=scheme.id)
        if project_ids:
            in_scheme = in_scheme.where(Project.id.in_(project_ids))
        for rep in session.execute(
            select(*FinanceReport.__table__.c).where(
                FinanceReport.round_id.in_(source_ids), FinanceReport.project_id.in_(in_scheme)
            )
        ):
            if (rep.project_id, rep.round_id) in wanted:
                reports[rep.project_id] = rep
        for ms in session.execute(
            select(
                Milestone.project_id, Milestone.round_id, Milestone.status, Milestone.kind, Milestone.period_end
            ).where(Milestone.round_id.in_(source_ids), Milestone.project_id.in_(in_scheme))
        ):
            if (ms.project_id, ms.round_id) in wanted:
                milestones[ms.project_id].append(MilestoneFacts(ms.status, ms.kind, ms.period_end))

    overviews = []
    for project in projects:
        source = sources.get(project.id)
        figures_year = source.year if source else round_year
        allocs = sorted(
            (a for a in allocations[project.id] if figures_year is None or a.year <= figures_year), key=lambda a: a.year
        )
        rep = reports.get(project.id)
        granted = (
            rep.granted_per_year
            if rep and rep.granted_per_year is not None
            else (allocs[-1].amount if allocs else None)
        )
        years = len(allocs) or ((figures_year - scheme.first_year + 1) if figures_year else 0)
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
                milestones=_milestone_counts(milestones[project.id], day),
                source_round=source.name if source else None,
                reported=view is not None and view.reported(project.id),
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
        round_name=view.name if view else None,
        round_year=round_year,
        report_date=view.report_date if view else None,
        projects=overviews,
        envelope_findings=envelope_findings,
        allocations_by_year=dict(sorted(by_year.items())),
        as_of=day,
    )
