"""The portfolio pages' data: the overview, the project list, finances, milestones, benefit scores and
indicators of one grant scheme in one round, read in one session each and returned as plain data.

Every page shows one scheme (``?ordning=ID``, else the default scheme) and one round (``?runde=``, else
the latest). Lists that grow with the number of projects are read a page at a time where the pages
show them a page at a time; sums, averages and findings always cover every project.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from db import reporting
from db.page_queries import (
    AppliedRow,
    KpiRow,
    MilestoneRow,
    ProjectListRow,
    RoundChoice,
    ScoreRow,
    applications_vs_granted,
    criteria,
    kpi_projects,
    kpi_rows,
    milestone_rows,
    project_list,
    round_choices,
    score_rows,
)
from db.queries import (
    Portfolio,
    SchemeChoice,
    portfolio,
    previous_view,
    project_count,
    round_view,
)
from domain.kpis import progress_of
from domain.rounds import not_reported_short
from services import authz
from services.authz import as_id
from services.context import Context

PROJECTS_PER_PAGE = 20
KPIS_PER_PAGE = 20


@dataclass(frozen=True)
class Scope:
    """The scheme a page shows and what its filters offer."""

    scheme_id: int | None
    choices: list[SchemeChoice]
    rounds: list[RoundChoice]


def _scope(ctx: Context, session, scheme: object) -> tuple[object, Scope]:
    """The scheme the user may see (``authz.visible_scheme``: of the user's partnership) and the filters' choices."""
    chosen = authz.visible_scheme(session, ctx.identity, scheme)
    choices = round_choices(session=session, scheme_id=chosen.id) if chosen else []
    return chosen, Scope(chosen.id if chosen else None, authz.scheme_choices(session, ctx.identity), choices)


def page_slice(items: list, page: object, per_page: int = PROJECTS_PER_PAGE) -> tuple[list, int, int]:
    """The items on page ``page`` (1 when it is not a page number), the page number and the number of pages."""
    pages = max(1, -(-len(items) // per_page))
    number = min(max(as_id(page) or 1, 1), pages)
    return items[(number - 1) * per_page : number * per_page], number, pages


def first_on_page(page: int, per_page: int = PROJECTS_PER_PAGE) -> int:
    return (page - 1) * per_page + 1


def weighted_pages(items: list, weights: list[int], limit: int) -> list[list]:
    """Split items, in order, into pages whose weights add up to at most ``limit`` (one item at least)."""
    pages: list[list] = [[]]
    total = 0
    for item, weight in zip(items, weights, strict=True):
        if pages[-1] and total + weight > limit:
            pages.append([])
            total = 0
        pages[-1].append(item)
        total += weight
    return pages if pages[0] else []


# ------------------------------------------------------------------ overview and project list


@dataclass(frozen=True)
class Overview:
    scope: Scope
    requested_round: str | None
    data: Portfolio | None
    rows: list[ProjectListRow] = field(default_factory=list)
    reporting_round: str | None = None
    statuses: list[reporting.ProjectRoundStatus] = field(default_factory=list)


def overview(ctx: Context, *, round_name: str | None, scheme: object) -> Overview:
    """The scheme at a glance: key figures, every project with its status light, reporting, findings."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen, scope = _scope(ctx, session, scheme)
        if chosen is None:
            return Overview(scope, round_name, None)
        data, rows = project_list(session=session, round_name=round_name, today=ctx.today, scheme_id=chosen.id)
        current = reporting.current_reporting_round(session, scheme_id=chosen.id)
        statuses = reporting.round_status(session, round_id=current.id, today=ctx.today) if current else []
    return Overview(scope, round_name, data, rows, current.name if current else None, statuses)


@dataclass(frozen=True)
class ProjectList:
    scope: Scope
    data: Portfolio | None
    rows: list[ProjectListRow] = field(default_factory=list)
    """Every project of the scheme."""
    shown: list[ProjectListRow] = field(default_factory=list)
    """The projects that match the filters."""
    owners: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)


def owner_names(rows: list[ProjectListRow]) -> list[str]:
    """Organisations named as owners ('UNN', 'Tromsø kommune', …), split on '&', ',' and ' og ', but not after a
    word's hyphen: «Digitaliserings-, utviklings- og samhandlingssenteret» is one name (trial 25a: three)."""
    names = set()
    for row in rows:
        for part in re.split(r"(?<!-)\s*(?:&|,| og )\s*", row.owners or ""):
            if part.strip():
                names.add(part.strip())
    return sorted(names, key=str.lower)


def filter_projects(
    rows: list[ProjectListRow],
    *,
    search: str = "",
    status: str | None = None,
    owner: str | None = None,
    target_group: str | None = None,
) -> list[ProjectListRow]:
    """The rows that match every given filter (the search looks in name, number, owners and leaders)."""
    needle = str(search or "").strip().lower()
    kept = []
    for row in rows:
        ov = row.overview
        haystack = " ".join(filter(None, [ov.name, ov.display_name, ov.number, row.owners, row.leaders])).lower()
        if needle and needle not in haystack:
            continue
        if status == "aktiv" and not ov.active or status == "avsluttet" and ov.active:
            continue
        if owner and str(owner).lower() not in (row.owners or "").lower():
            continue
        if target_group and target_group not in row.target_groups:
            continue
        kept.append(row)
    return kept


def projects(
    ctx: Context,
    *,
    round_name: str | None,
    scheme: object,
    search: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    target_group: str | None = None,
) -> ProjectList:
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen, scope = _scope(ctx, session, scheme)
        if chosen is None:
            return ProjectList(scope, None)
        data, rows = project_list(session=session, round_name=round_name, today=ctx.today, scheme_id=chosen.id)
    shown = filter_projects(rows, search=search or "", status=status, owner=owner, target_group=target_group)
    return ProjectList(scope, data, rows, shown, owner_names(rows), sorted({g for r in rows for g in r.target_groups}))


# ------------------------------------------------------------------ finances


@dataclass(frozen=True)
class Finances:
    scope: Scope
    data: Portfolio | None
    page: int = 1
    pages: int = 1
    on_page: list = field(default_factory=list)
    applied: list[AppliedRow] = field(default_factory=list)

    @property
    def first(self) -> int:
        return first_on_page(self.page)


def finances(ctx: Context, *, round_name: str | None, scheme: object, page: object = None) -> Finances:
    """Granted and spent per project (tables 3 and 4) a page of projects at a time; the envelope and the
    findings cover every project."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen, scope = _scope(ctx, session, scheme)
        if chosen is None:
            return Finances(scope, None)
        scheme_id = chosen.id
        data = portfolio(session=session, round_name=round_name, today=ctx.today, scheme_id=scheme_id)
        applied = applications_vs_granted(session=session, scheme_id=scheme_id)
    if data is None or not data.projects or data.round_name is None:
        return Finances(scope, data)
    on_page, number, pages = page_slice(data.projects, page)
    ids = {p.id for p in on_page}
    return Finances(scope, data, number, pages, on_page, [row for row in applied if row.project_id in ids])


# ------------------------------------------------------------------ milestones


@dataclass(frozen=True)
class Milestones:
    scope: Scope
    round_name: str | None
    has_projects: bool
    projects: dict[str, str] = field(default_factory=dict)
    """Every project with milestones in the round: URL key -> name (the project filter's choices)."""
    shown: list[MilestoneRow] = field(default_factory=list)
    """Every milestone that matches the filters (summaries and the export cover these)."""
    on_page: list[MilestoneRow] = field(default_factory=list)
    """The milestones of the projects on this page."""
    page: int = 1
    pages: int = 1
    shown_projects: int = 0
    as_of: date | None = None
    """The day the round is judged on: what counts as overdue (decision 34)."""

    @property
    def first(self) -> int:
        return first_on_page(self.page)


def filter_milestones(
    rows: list[MilestoneRow],
    *,
    project_refs: list[str] | None = None,
    statuses: list[str] | None = None,
    only_overdue: bool = False,
) -> list[MilestoneRow]:
    return [
        row
        for row in rows
        if (not project_refs or row.project_ref in project_refs)
        and (not statuses or (row.status or "planlagt") in statuses)
        and (not only_overdue or row.overdue)
    ]


def milestones(
    ctx: Context,
    *,
    round_name: str | None,
    scheme: object,
    project_refs: list[str] | None = None,
    statuses: list[str] | None = None,
    only_overdue: bool = False,
    page: object = None,
) -> Milestones:
    """The round's milestones that match the filters, 20 projects per page."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen, scope = _scope(ctx, session, scheme)
        view = round_view(session=session, scheme_id=chosen.id, name=round_name, today=ctx.today) if chosen else None
        rows = milestone_rows(session=session, today=ctx.today, view=view) if view else []
        has_projects = chosen is not None and project_count(session=session) > 0
    shown = filter_milestones(rows, project_refs=project_refs, statuses=statuses, only_overdue=only_overdue)
    refs = list(dict.fromkeys(r.project_ref for r in shown))
    refs_on_page, number, pages = page_slice(refs, page)
    wanted = set(refs_on_page)
    return Milestones(
        scope,
        view.name if view else None,
        has_projects,
        {r.project_ref: r.project for r in rows},
        shown,
        [r for r in shown if r.project_ref in wanted],
        number,
        pages,
        len(refs),
        view.as_of if view else None,
    )


# ------------------------------------------------------------------ benefit scores


@dataclass(frozen=True)
class Benefits:
    scope: Scope
    round_name: str | None
    criteria: list[tuple[int, str, str]]
    scores: list[ScoreRow] = field(default_factory=list)
    """Every score of the round: averages, bests and worsts cover all projects."""
    project_names: list[str] = field(default_factory=list)
    """The projects on this page, in order."""
    previous: list[ScoreRow] = field(default_factory=list)
    """The previous round's scores of the projects on this page, for the change since then."""
    page: int = 1
    pages: int = 1
    all_projects: int = 0

    @property
    def first(self) -> int:
        return first_on_page(self.page)


def marked_unreported(rows: list[ScoreRow], *others: list[ScoreRow]) -> tuple[list[ScoreRow], ...]:
    """Score rows whose project did not report in the round shown named as such, «Eldreløftet (ikke rapportert;
    tall fra Høst 2025)», in ``rows`` and in ``others`` (trial 24a: Høst 2025's scores were shown as Vår 2026's)."""
    names = {r.project_id: f"{r.project} ({not_reported_short(r.round_name)})" for r in rows if not r.reported}

    def relabelled(some: list[ScoreRow]) -> list[ScoreRow]:
        return [r._replace(project=names[r.project_id]) if r.project_id in names else r for r in some]

    return relabelled(rows), *(relabelled(o) for o in others)


def benefits(ctx: Context, *, round_name: str | None, scheme: object, page: object = None) -> Benefits:
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen, scope = _scope(ctx, session, scheme)
        view = round_view(session=session, scheme_id=chosen.id, name=round_name, today=ctx.today) if chosen else None
        current = score_rows(session=session, view=view) if view else []
        all_names = sorted({r.project for r in current})
        names, number, pages = page_slice(all_names, page)
        ids = sorted({r.project_id for r in current if r.project in set(names)})
        # the previous round is only compared with, project by project: read just this page's projects
        previous = (
            previous_view(session=session, scheme_id=chosen.id, view=view, today=ctx.today) if view and ids else None
        )
        before = score_rows(session=session, view=previous, project_ids=ids) if previous else []
        crit = criteria(session=session, scheme_id=chosen.id) if chosen else []
    marked, before = marked_unreported(current, before)
    shown = {r.project: m.project for r, m in zip(current, marked, strict=True)}
    names = [shown[n] for n in names]
    return Benefits(scope, view.name if view else None, crit, marked, names, before, number, pages, len(all_names))


# ------------------------------------------------------------------ indicators


@dataclass(frozen=True)
class Indicators:
    scope: Scope
    projects: list[tuple[int, str, str, int]]
    """Every project of the scheme with indicators: (id, URL key, name, number of indicators)."""
    kpis: list[KpiRow] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    first_project: int = 1
    chosen_projects: int = 0
    chosen_kpis: int = 0


def indicators(
    ctx: Context, *, project: str | None, behind_only: bool, scheme: object, page: object = None
) -> Indicators:
    """Whole projects, about 20 indicators per page: the page's indicators are read from the database, never
    all of them, except with «bak planen», which has to look at every indicator's values."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen, scope = _scope(ctx, session, scheme)
        with_kpis = kpi_projects(session=session, scheme_id=chosen.id) if chosen else []
        selected = [p for p in with_kpis if not project or p[1] == project]
        behind = None
        if behind_only and selected:
            behind = [
                k
                for k in kpi_rows(session=session, project_ids=[p[0] for p in selected], scheme_id=chosen.id)
                if progress_of(k).behind
            ]
            counts = {p[0]: 0 for p in selected}
            for k in behind:
                counts[k.project_id] += 1
            selected = [(pid, ref, name, counts[pid]) for pid, ref, name, _n in selected if counts[pid]]
        pages = weighted_pages(selected, [p[3] for p in selected], KPIS_PER_PAGE)
        number = min(max(as_id(page) or 1, 1), max(len(pages), 1))
        on_page = pages[number - 1] if pages else []
        ids = {p[0] for p in on_page}
        if behind is not None:
            kpis = [k for k in behind if k.project_id in ids]
        else:
            kpis = kpi_rows(session=session, project_ids=list(ids), scheme_id=chosen.id) if ids else []
    first = sum(len(p) for p in pages[: number - 1]) + 1
    return Indicators(
        scope, with_kpis, kpis, number, max(len(pages), 1), first, len(selected), sum(p[3] for p in selected)
    )


def all_indicators(ctx: Context, *, project: str | None, scheme: object) -> list[KpiRow]:
    """Every indicator of the scheme (or of one project), for the Excel export."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen = authz.visible_scheme(session, ctx.identity, scheme)
        rows = kpi_rows(session=session, scheme_id=chosen.id) if chosen else []
    return [k for k in rows if not project or k.project_ref == project]


def summary(ctx: Context, *, round_name: str | None, scheme: object) -> Portfolio | None:
    """The scheme's allocations, spending, milestones and findings (the command line's summary)."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen = authz.visible_scheme(session, ctx.identity, scheme)
        if chosen is None:
            return None
        return portfolio(session=session, round_name=round_name, today=ctx.today, scheme_id=chosen.id)
