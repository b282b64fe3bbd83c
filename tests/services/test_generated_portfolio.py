"""One figure, one value on generated portfolios (hypothesis): several rounds, projects that skip rounds or
never report, figures printed as words or with words that add or subtract something, ended projects, real
and illustrative scores. For every round, the figures every surface shows are those of the documented
formulas computed here from the generated data, and the same on every surface."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.migrate import upgrade
from db.models import Allocation, FinanceReport, Milestone, Project, ReportingRound, Score
from db.session import get_engine, session_scope
from db.writes import ensure_scheme
from tests import surfaces
from tests.conftest import _create_database, sqlite_url
from tests.services.test_one_set_of_figures import app_for, assert_every_surface_agrees

ROUNDS = [  # (season, year, name, report date); the last one is open
    ("høst", 2024, "Høst 2024", date(2024, 10, 1)),
    ("vår", 2025, "Vår 2025", date(2025, 4, 1)),
    ("høst", 2025, "Høst 2025", date(2025, 10, 3)),
    ("vår", 2026, "Vår 2026", None),
]
WORDS = ("Uvisst", "Ikke avklart ennå")
QUALIFIERS = ("– fremtidig bruk", "+ (lønnsutgifter)", "– eventuelle lønnsutgifter")


@dataclass
class Printed:
    value: int | None
    note: str | None


@dataclass
class Report:
    granted: Printed
    spent: Printed
    remaining: Printed
    future: Printed
    carry: Printed
    next_year: Printed
    progress: int | None
    delivers: int | None
    illustrative: bool
    milestones: list[tuple[date, str]] = field(default_factory=list)


@dataclass
class GeneratedProject:
    active: bool
    allocations: dict[int, int]
    reports: dict[int, Report]  # round index -> report


amounts = st.integers(0, 5_000).map(lambda k: k * 1_000)


def printed(value_strategy=amounts):
    return st.one_of(
        st.builds(Printed, value_strategy, st.none()),
        st.builds(Printed, value_strategy, st.none()),
        st.builds(Printed, st.none(), st.none()),
        st.builds(Printed, st.none(), st.sampled_from(WORDS)),
        st.builds(Printed, value_strategy, st.sampled_from(QUALIFIERS)),
        st.builds(Printed, value_strategy, st.just("(estimat)")),
    )


@st.composite
def reports(draw, allocations: dict[int, int], year: int):
    granted = allocations.get(year) or next(iter(allocations.values()))
    years = sum(1 for y in allocations if y <= year)
    spent = draw(st.integers(0, granted * years // 1000).map(lambda k: k * 1000))
    if draw(st.booleans()):  # a report whose printed figures follow the formulas
        remaining = granted * years - spent
        future = draw(st.integers(0, remaining // 1000).map(lambda k: k * 1000))
        figures = [
            Printed(granted, None),
            Printed(spent, None),
            Printed(remaining, None),
            Printed(future, None),
            Printed(remaining - future, None),
            Printed(granted + remaining - future, None),
        ]
        # and now and then one figure as words, with words beside it, or not printed at all
        index = draw(st.integers(0, 12))
        if index < 6:
            figures[index] = draw(printed(st.just(figures[index].value or 0)))
    else:
        figures = [draw(printed()) for _ in range(6)]
    milestones = draw(
        st.lists(
            st.tuples(
                st.dates(date(2024, 1, 1), date(2026, 12, 31)),
                st.sampled_from(("ferdig", "pagaende", "forsinket", "planlagt")),
            ),
            max_size=3,
        )
    )
    return Report(
        *figures,
        progress=draw(st.one_of(st.none(), st.integers(0, 3))),
        delivers=draw(st.one_of(st.none(), st.integers(0, 10))),
        illustrative=draw(st.booleans()),
        milestones=milestones,
    )


@st.composite
def projects(draw):
    allocations = {2024: draw(st.integers(100, 4_000).map(lambda k: k * 1_000))}
    if draw(st.booleans()):
        allocations[2025] = draw(st.integers(100, 4_000).map(lambda k: k * 1_000))
    reported = draw(st.lists(st.booleans(), min_size=len(ROUNDS), max_size=len(ROUNDS)))
    return GeneratedProject(
        active=draw(st.integers(0, 5)) > 0,
        allocations=allocations,
        reports={i: draw(reports(allocations, ROUNDS[i][1])) for i, yes in enumerate(reported) if yes},
    )


portfolios = st.lists(projects(), min_size=2, max_size=5)


def store(url: str, generated: list[GeneratedProject], order: list[int]) -> None:
    """The generated portfolio in the database; the rounds created in ``order`` (not always in time order)."""
    with session_scope(url) as s:
        scheme = ensure_scheme(s)
        rounds = {}
        for index in order:
            season, year, name, reported = ROUNDS[index]
            r = ReportingRound(
                scheme_id=scheme.id,
                name=name,
                year=year,
                season=season,
                report_date=reported,
                deadline=date(2026, 4, 15) if reported is None else None,
                is_open=reported is None,
            )
            s.add(r)
            s.flush()
            rounds[index] = r
        for n, g in enumerate(generated, start=1):
            p = Project(
                scheme_id=scheme.id,
                number=f"9{n:04d}",
                name=f"Prosjekt {n}",
                short_name=f"Prosjekt {n}",
                status="active" if g.active else "ended",
            )
            s.add(p)
            s.flush()
            for year, amount in g.allocations.items():
                s.add(Allocation(project_id=p.id, year=year, amount=amount))
            for index, rep in g.reports.items():
                round_id = rounds[index].id
                columns = {}
                for column, fig in (
                    ("granted_per_year", rep.granted),
                    ("spent_total", rep.spent),
                    ("remaining", rep.remaining),
                    ("future_use", rep.future),
                    ("carry_over", rep.carry),
                    ("next_year_total", rep.next_year),
                ):
                    columns[column] = fig.value
                    columns[f"{column}_note"] = fig.note
                s.add(FinanceReport(project_id=p.id, round_id=round_id, **columns))
                for m, (end, status) in enumerate(rep.milestones, start=1):
                    s.add(
                        Milestone(
                            project_id=p.id,
                            round_id=round_id,
                            code=f"M{m}",
                            sequence=m,
                            description=f"Milepæl {m}",
                            period_text=end.isoformat(),
                            period_start=end,
                            period_end=end,
                            status=None if status == "planlagt" else status,
                            kind="planned" if status == "planlagt" else "achieved",
                        )
                    )
                for dimension, value in (("progress", rep.progress), ("delivers", rep.delivers)):
                    if value is not None:
                        s.add(
                            Score(
                                project_id=p.id,
                                round_id=round_id,
                                assessor="project",
                                dimension=dimension,
                                value=value,
                                is_illustrative=rep.illustrative,
                            )
                        )


# ------------------------------------------------------------------ the formulas, written out again


def _known(fig: Printed) -> int | None:
    return fig.value


def _build_on(fig: Printed, own_check: int | None) -> int | None:
    """A printed derived figure as input: its number, unless it carries words that add or subtract something
    and its own check cannot be made either."""
    if fig.value is not None and fig.note and fig.note[0] in "+-–−" and own_check is None:
        return None
    return fig.value


def _minus(a, b):
    return None if a is None or b is None else a - b


def _plus(a, b):
    return None if a is None or b is None else a + b


def oracle(g: GeneratedProject, view_index: int) -> dict[str, tuple[int | None, int | None]] | None:
    """(kontroll, beregnet) per checked figure for the round ``view_index``, from the latest report up to it."""
    source = max((i for i in g.reports if i <= view_index), default=None)
    if source is None:
        return None
    rep, year = g.reports[source], ROUNDS[source][1]
    allocs = [a for y, a in sorted(g.allocations.items()) if y <= year]
    granted = rep.granted.value if rep.granted.value is not None else allocs[-1]
    years = len(allocs)
    total = sum(allocs)
    spent, future = _known(rep.spent), _known(rep.future)
    tgm_check = _minus(granted * years, spent)
    tgm_computed = _minus(total, spent)
    vm_check = _minus(_build_on(rep.remaining, tgm_check), future)
    vm_computed = _minus(tgm_computed, future)
    next_check = _plus(granted, _build_on(rep.carry, vm_check))
    next_computed = _plus(granted, vm_computed)
    return {
        "remaining": (tgm_check, tgm_computed),
        "carry_over": (vm_check, vm_computed),
        "next_year_total": (next_check, next_computed),
    }


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory, postgres):
    """A migrated database without data, copied for every generated portfolio."""
    if postgres is not None:
        url = _create_database(postgres)
        upgrade(url)
        get_engine(url).dispose()
        return url.rsplit("/", 1)[1]
    path = tmp_path_factory.mktemp("tom") / "tom.sqlite"
    upgrade(sqlite_url(path))
    get_engine(sqlite_url(path)).dispose()
    return path


_copies = iter(range(1_000_000))


def fresh(template, postgres, tmp_dir) -> str:
    if postgres is not None:
        return _create_database(postgres, template=template)
    target = tmp_dir / f"p{next(_copies)}.sqlite"
    shutil.copy(template, target)
    return sqlite_url(target)


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(generated=portfolios, order=st.permutations(range(len(ROUNDS))))
def test_generated_portfolios_show_one_value_per_figure_everywhere(
    generated, order, empty_database, postgres, tmp_path
):
    url = fresh(empty_database, postgres, tmp_path)
    store(url, generated, order)
    app = app_for(url)
    for index, (_season, _year, name, _date) in enumerate(ROUNDS):
        data = assert_every_surface_agrees(url, name, app=app, formats=("xlsx",))
        by_number = {p["number"]: p for p in data["projects"]}
        for n, g in enumerate(generated, start=1):
            p = by_number[f"9{n:04d}"]
            expected = oracle(g, index)
            assert p["reported"] == (index in g.reports)
            if expected is None:
                assert p["source_round"] is None
                continue
            assert p["source_round"] == ROUNDS[max(i for i in g.reports if i <= index)][2]
            for key, (check, computed) in expected.items():
                figure = p["figures"][key]
                assert (figure["expected"], figure["computed"]) == (check, computed), (name, n, key)
                assert (figure["expected"] is None) == bool(figure["expected_reason"])
                assert (figure["computed"] is None) == bool(figure["computed_reason"])
        matrix = surfaces.matrix(app, name)
        for label, row in matrix.items():
            suggestion = row["Foreslått (regler)"]
            if "ikke rapportert" in label:
                assert suggestion.startswith(f"Mangler rapport: ikke rapportert i {name}")
            else:
                assert not suggestion.startswith("Mangler rapport")
    get_engine(url).dispose()
