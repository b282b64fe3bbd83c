"""The report's charts: the same figure builders as the pages, rendered to PNG through kaleido.

kaleido drives a Chromium; Debian's /usr/bin/chromium is used when present. Without a browser the
documents show each chart's table instead, with a note (never a silent gap).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta

import plotly.graph_objects as go

from components.figures import (
    BLUE,
    STATUS_STYLE,
    as_of_marker,
    base_layout,
    heatmap_figure,
    month_ticks,
    score_bars_figure,
)
from components.scores import BAR_COLOURS
from components.theme import FONT_SIZE
from domain.vocabulary import CRITERIA_DIMENSIONS, OVERALL_DIMENSIONS, STATUS_LABELS
from reports.data import ReportData, TimelinePoint


def _browser() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


TABS = 2
"""Browser tabs drawing a document's charts at the same time (kaleido's ``n``; the machine has two cores)."""


def _height(spec: dict) -> int:
    return int(spec.get("layout", {}).get("height") or 450)


def draw_all(figures: list, width: int = 900) -> list[bytes | None]:
    """Every figure as a PNG at twice the size (the height is the figure's own), drawn by one Chromium in
    TABS tabs at once; None for a figure that could not be drawn, and for all when no browser is installed."""
    path = _browser()
    if path is None or not figures:
        return [None] * len(figures)
    os.environ["BROWSER_PATH"] = path
    import kaleido

    specs = [go.Figure(fig).to_dict() for fig in figures]  # plotly's own validation and template, as to_image

    async def draw() -> list[bytes | None]:
        async with kaleido.Kaleido(n=TABS) as browser:

            async def one(spec: dict) -> bytes | None:
                wide = spec.get("layout", {}).get("width") or width  # a slide's chart has its own shape
                options = dict(format="png", width=wide, height=_height(spec), scale=2)
                try:
                    return await browser.calc_fig(spec, opts=options)
                except Exception:
                    return None

            return list(await asyncio.gather(*(one(spec) for spec in specs)))

    try:
        with ThreadPoolExecutor(1) as pool:  # an event loop of its own, whatever the calling thread runs
            return pool.submit(asyncio.run, draw()).result()
    except Exception:
        return [None] * len(figures)


@contextmanager
def renderer(figures: list | None = None, width: int = 900):
    """A chart renderer for one document; yields a function fig -> PNG bytes or None. The ``figures`` the
    document will ask for are drawn in the background from the start, while the document's text and tables
    are built; any other figure is drawn on its own when asked for."""
    wanted = list(figures or [])
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(draw_all, wanted, width)

        place = {id(f): n for n, f in enumerate(wanted)}

        def render(fig: dict | go.Figure, size: int = width) -> bytes | None:
            if id(fig) in place and size == width:
                return pending.result()[place[id(fig)]]
            return draw_all([fig], size)[0]

        yield render


def target_groups_figure(groups: dict[str, list[str]]) -> dict:
    """Projects per target group, the largest group on top: bars across, so every group's name is read level
    beside its bar, however narrow the chart (a slide, a Word page)."""
    names = sorted(groups, key=lambda g: -len(groups[g]))
    fig = {
        "data": [
            dict(
                type="bar",
                orientation="h",
                y=names,
                x=[len(groups[n]) for n in names],
                marker=dict(color=BLUE),
                text=[str(len(groups[n])) for n in names],
                textposition="auto",
            )
        ]
    }
    base_layout(fig, height=max(260, 40 * len(names) + 80), x_title="antall prosjekter")
    fig["layout"]["xaxis"].update(dtick=1, rangemode="tozero")
    fig["layout"]["yaxis"].update(autorange="reversed", ticksuffix=" ")
    return fig


LANE = 18
"""Pixels per lane of the milestone timeline."""

PROJECTS_PER_FIGURE = 35
"""At most this many projects in one picture of the report; more are drawn in parts of equal size. A part is
then at most a page tall and still some 11 cm wide (a score bar takes 36 pixels, a timeline project about
45), so no chart is shrunk to a narrow strip to fit a page in Word, or runs off the page in the PDF (a scheme
of 100 projects, as in make bench, gives three parts). Each part costs kaleido about a third of a second."""


PROJECTS_PER_SLIDE = 8
"""At most this many projects in one chart on a 16:9 slide, so its text can be read from the back of a
meeting room (the session-19 trial: parts of 35 projects filled a quarter of a slide at 4 px text)."""


TIMELINE_ROWS_PER_SLIDE = 9.0
"""At most this many rows of bars (a project's lanes and the gap after it) in one timeline picture on a slide.
A slide's picture fills a box some 2.5 times as wide as it is tall, so its text is as large as the picture's
height allows: nine rows keep the project names at about 17 pt and the dates at 20 pt (the session-20 re-check
found 9–11 pt at sixteen rows)."""

SLIDE_PICTURE_RATIO = 2.48
"""Width over height of the box a chart fills on a slide (reports.other_formats: between the title and the
explanation, inside the side margins). A slide's chart is drawn in that shape, so it fills the box's width."""

SLIDE_DATE_TICKS = 6
"""At most this many dates under a slide's timeline (their text is larger there; four years give one a year)."""

SLIDE_FONT_SCALE = 1.3
"""Text on a slide's chart is this much larger than on a page (15 px -> 20 px): the picture is seen from a
meeting room's back row, not from an arm's length."""

PROJECT_GAP = 0.6
"""The gap after each project's band on the timeline, in rows."""


def in_parts(names: list[str], most: int | None = None) -> list[list[str]]:
    """``names`` in order, in as few runs of at most ``most`` (PROJECTS_PER_FIGURE) as may be, of nearly
    equal size."""
    count = max(1, -(-len(names) // (most or PROJECTS_PER_FIGURE)))
    size, longer = divmod(len(names), count)
    parts, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < longer else 0)
        parts.append(names[start:end])
        start = end
    return parts


def _wrap(name: str, width: int = 28) -> str:
    """A project name over lines of at most ``width`` characters (the timeline's axis labels)."""
    lines, line = [], ""
    for word in name.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _lanes(points: list[TimelinePoint]) -> list[int]:
    """A lane per milestone so that no two overlap in time within a project (first fit, by start)."""
    ends: list = []
    lanes = [0] * len(points)
    for index in sorted(range(len(points)), key=lambda i: (points[i].start, points[i].end)):
        point = points[index]
        lane = next((n for n, end in enumerate(ends) if end < point.start), len(ends))
        if lane == len(ends):
            ends.append(point.end)
        else:
            ends[lane] = point.end
        lanes[index] = lane
    return lanes


def milestone_timeline_figure(
    points: list[TimelinePoint], *, as_of: date | None, min_height: int = 430, label_size: int = 12, ticks: int = 13
) -> dict:
    """Figure 2 of the hand-made report: every milestone of every project on one time axis, a band per project,
    bars from the period's start to its end coloured and patterned by status, the milestone code on the bar."""
    placed = [p for p in points if p.start is not None and p.end is not None]
    projects = list(dict.fromkeys(p.project for p in placed))
    y_of: dict[int, float] = {}
    centres, shapes, top = [], [], 0.0
    for project in projects:
        mine = [i for i, p in enumerate(placed) if p.project == project]
        lanes = _lanes([placed[i] for i in mine])
        height = max(lanes) + 1
        for i, lane in zip(mine, lanes, strict=True):
            y_of[i] = top + lane + 0.5
        centres.append(top + height / 2)
        top += height + PROJECT_GAP
        shapes.append(
            dict(type="line", xref="paper", x0=0, x1=1, y0=top - 0.3, y1=top - 0.3, line=dict(color="#c5ccd6", width=1))
        )
    fig: dict = {"data": [], "layout": {}}
    for status, (colour, pattern) in STATUS_STYLE.items():
        chosen = [i for i, p in enumerate(placed) if (p.status if p.status in STATUS_LABELS else None) == status]
        if not chosen:
            continue
        fig["data"].append(
            dict(
                type="bar",
                orientation="h",
                name=STATUS_LABELS.get(status, "Ukjent status"),
                y=[y_of[i] for i in chosen],
                base=[placed[i].start.isoformat() for i in chosen],
                x=[((placed[i].end + timedelta(days=1)) - placed[i].start).days * 86_400_000 for i in chosen],
                width=[0.8] * len(chosen),
                marker=dict(
                    color=colour,
                    pattern=dict(shape=pattern, fgcolor="#ffffff", bgcolor=colour, fillmode="replace"),
                    line=dict(
                        color=["#000000" if placed[i].overdue else "#ffffff" for i in chosen],
                        width=[2 if placed[i].overdue else 0.5 for i in chosen],
                    ),
                ),
                text=[placed[i].code for i in chosen],
                textposition="inside",
                insidetextanchor="middle",
                textfont=dict(size=11, color="#000000"),
                textangle=0,  # a code across the bar or none, never turned on its side
            )
        )
    height = max(min_height, int(top * LANE) + 190)
    base_layout(fig, height=height)
    layout = fig["layout"]
    layout.update(barmode="overlay", uniformtext=dict(minsize=8, mode="hide"), shapes=shapes)
    layout["margin"].update(t=50, b=110)  # room for the dates and, under them, the legend
    layout["yaxis"].update(
        tickvals=centres,
        ticktext=[_wrap(p) for p in projects],
        range=[top, -0.2],
        showgrid=False,
        zeroline=False,
        tickfont=dict(size=label_size),
    )
    dates = [p.start for p in placed] + [p.end for p in placed] + ([as_of] if as_of else [])
    if dates:
        values, labels = month_ticks(min(dates), max(dates), ticks)
        layout["xaxis"].update(type="date", tickvals=values, ticktext=labels, tickangle=0)
    if as_of:
        line, label = as_of_marker(as_of, width=1.5, font=dict(size=12))
        label["xanchor"] = "right"  # the label ends at the line: the line is near the right edge, as of today
        shapes.append(line)
        layout["annotations"] = [label]
    plot_height = height - 50 - 110
    layout["legend"].update(orientation="h", x=0, xanchor="left", y=-48 / plot_height, yanchor="top")
    return fig


def _by_rows(points: list[TimelinePoint], projects: list[str], rows: float) -> list[list[str]]:
    """``projects`` in order, in runs whose bands (lanes and gap) take at most ``rows`` rows of the timeline; a
    project taller than that has a part of its own."""
    parts: list[list[str]] = [[]]
    used = 0.0
    for project in projects:
        band = max(_lanes([p for p in points if p.project == project])) + 1 + PROJECT_GAP
        if parts[-1] and used + band > rows:
            parts.append([])
            used = 0.0
        parts[-1].append(project)
        used += band
    return parts


def _timeline_parts(
    points: list[TimelinePoint], as_of: date | None, most: int | None, rows: float | None = None
) -> list[dict]:
    """The timeline in parts by project, each on the same time axis as the whole: at most ``most`` projects
    a part, or, when ``rows`` is given (slides), at most that many rows of bars."""
    placed = [p for p in points if p.start is not None and p.end is not None]
    projects = list(dict.fromkeys(p.project for p in placed))
    parts = in_parts(projects, most) if rows is None else _by_rows(placed, projects, rows)
    # on a slide the picture is as tall as its rows need and the project names as large as the dates
    # (at least 320 px tall: a one-project part at 240 px ran its dates together, «jan. 2024jan. 2025», trial 25b)
    sized = {} if rows is None else dict(min_height=320, label_size=15, ticks=SLIDE_DATE_TICKS)
    if len(parts) == 1:
        return [milestone_timeline_figure(points, as_of=as_of, **sized)]
    first = min([p.start for p in placed] + ([as_of] if as_of else []))
    last = max([p.end for p in placed] + ([as_of] if as_of else []))
    values, labels = month_ticks(first, last, sized.get("ticks", 13))
    figures = []
    for names in parts:
        chosen = set(names)
        figure = milestone_timeline_figure([p for p in placed if p.project in chosen], as_of=as_of, **sized)
        span = [(first - timedelta(days=7)).isoformat(), (last + timedelta(days=8)).isoformat()]
        figure["layout"]["xaxis"].update(range=span, tickvals=values, ticktext=labels)
        figures.append(figure)
    return figures


def slide_figure(figure: dict) -> dict:
    """A chart made for a slide: every text SLIDE_FONT_SCALE larger, and drawn SLIDE_PICTURE_RATIO times as wide
    as it is tall, so the picture fills the slide's box across (its height sets the scale of its text)."""
    layout = figure.setdefault("layout", {})

    def larger(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("font") and isinstance(value, dict):
                    value["size"] = round(value.get("size", FONT_SIZE) * SLIDE_FONT_SCALE)
                else:
                    larger(value)
        elif isinstance(node, list):
            for item in node:
                larger(item)

    larger(figure)
    layout.setdefault("font", {}).setdefault("size", round(FONT_SIZE * SLIDE_FONT_SCALE))
    layout["width"] = round(_height(figure) * SLIDE_PICTURE_RATIO)
    return figure


def report_charts(data: ReportData, *, slides: bool = False) -> list[tuple[str, str, str, list[dict]]]:
    """(key, title, one-sentence summary, figures) for every chart in the report, numbered in report order:
    target groups, progress, the criteria, then every other score dimension of the vocabulary. A chart over
    more than PROJECTS_PER_FIGURE projects comes in parts, one figure each. For ``slides``: parts of at most
    PROJECTS_PER_SLIDE projects, the timeline in parts of TIMELINE_ROWS_PER_SLIDE rows, each figure made by
    slide_figure."""
    most, timeline_rows = (PROJECTS_PER_SLIDE, TIMELINE_ROWS_PER_SLIDE) if slides else (None, None)
    charts = []
    if data.target_groups:
        charts.append(
            (
                "target_groups",
                "Målgrupper for prosjektene",
                " ".join(filter(None, ["Antall prosjekter som retter seg mot hver målgruppe.", data.groups_note])),
                [target_groups_figure(data.target_groups)],
            )
        )
    if any(p.start and p.end for p in data.timeline):
        charts.append(
            (
                "milestones",
                "Oversikt over milepæler og fremdriftsplan",
                "Milepælene per prosjekt på en tidslinje fra periodens start til slutt; farge og mønster viser "
                "status, og en svart kant at milepælen er forfalt.",
                _timeline_parts(data.timeline, data.as_of, most, timeline_rows),
            )
        )
    names = sorted(data.criteria_scores)
    marked = f" {data.scores_note}" if data.scores_note else ""
    if names:
        first, *others = OVERALL_DIMENSIONS
        charts.append(
            (
                first.key,
                first.titled,
                f"Prosjektenes egenvurdering av {first.label.lower()}.{marked}",
                [_bars(data, first, part, BAR_COLOURS[0]) for part in in_parts(names, most)],
            )
        )
        crit_labels = [f"K{n}" for n, _t, _d in data.criteria]
        charts.append(
            (
                "criteria",
                f"Gevinster per kriterium ({CRITERIA_DIMENSIONS[0].scale})",
                f"Poeng per prosjekt og kriterium; tallet står i cellen.{marked}",
                [
                    heatmap_figure(
                        part,
                        crit_labels,
                        [data.criteria_scores[n] for n in part],
                        [["" for _ in crit_labels] for _ in part],
                    )
                    for part in in_parts(names, most)
                ],
            )
        )
        for index, dimension in enumerate(others, start=1):
            charts.append(
                (
                    dimension.key,
                    dimension.titled,
                    f"Prosjektenes egen vurdering av {dimension.label.lower()}.{marked}",
                    [
                        _bars(data, dimension, part, BAR_COLOURS[index % len(BAR_COLOURS)])
                        for part in in_parts(names, most)
                    ],
                )
            )
    return [
        (key, f"Figur {number}: {title}", summary, [slide_figure(f) for f in figures] if slides else figures)
        for number, (key, title, summary, figures) in enumerate(charts, start=1)
    ]


def _bars(data: ReportData, dimension, names: list[str], colour: str) -> dict:
    values = data.scores.get(dimension.key, {})
    return score_bars_figure(names, [values.get(n) for n in names], top=dimension.maximum, colour=colour)
