"""The report's charts: the same figure builders as the pages, rendered to PNG through kaleido.

kaleido drives a Chromium; Debian's /usr/bin/chromium is used when present. Without a browser the
documents show each chart's table instead, with a note (never a silent gap).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import warnings
from contextlib import contextmanager

import plotly.graph_objects as go

from components.figures import BLUE, base_layout, heatmap_figure, score_bars_figure
from components.scores import BAR_COLOURS
from domain.vocabulary import CRITERIA_DIMENSIONS, OVERALL_DIMENSIONS
from reports.data import ReportData


def _browser() -> str | None:
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@contextmanager
def renderer():
    """A chart renderer for one document; yields a function fig -> PNG bytes or None."""
    path = _browser()
    if path is None:
        yield lambda fig, width=900, height=450: None
        return
    os.environ["BROWSER_PATH"] = path
    import kaleido

    started = False
    try:
        kaleido.start_sync_server(silence_warnings=True)
        started = True
    except Exception:  # a server may already run in this process
        started = False

    def render(fig: dict | go.Figure, width: int = 900, height: int = 450) -> bytes | None:
        try:
            with warnings.catch_warnings():  # plotly warns that kaleido's options go to the running server
                warnings.filterwarnings("ignore", message="The kopts argument is ignored")
                return go.Figure(fig).to_image(format="png", width=width, height=height, scale=2)
        except Exception:
            return None

    try:
        yield render
    finally:
        if started:
            with contextlib.suppress(Exception):  # the server may have stopped with its browser
                kaleido.stop_sync_server(silence_warnings=True)


def target_groups_figure(groups: dict[str, list[str]]) -> dict:
    names = sorted(groups, key=lambda g: -len(groups[g]))
    fig = {
        "data": [
            dict(
                type="bar",
                x=names,
                y=[len(groups[n]) for n in names],
                marker=dict(color=BLUE),
                text=[str(len(groups[n])) for n in names],
                textposition="auto",
            )
        ]
    }
    base_layout(fig, height=380, y_title="antall prosjekter")
    fig["layout"]["yaxis"].update(dtick=1, rangemode="tozero")
    return fig


def report_charts(data: ReportData) -> list[tuple[str, str, str, dict]]:
    """(key, title, one-sentence summary, figure) for every chart in the report, numbered in report order:
    target groups, progress, the criteria, then every other score dimension of the vocabulary."""
    charts = []
    if data.target_groups:
        charts.append(
            (
                "target_groups",
                "Målgrupper for prosjektene",
                "Antall prosjekter som retter seg mot hver målgruppe.",
                target_groups_figure(data.target_groups),
            )
        )
    names = sorted(data.criteria_scores)
    marked = " Poengene er eksempeldata." if data.scores_illustrative else ""
    if names:
        first, *others = OVERALL_DIMENSIONS
        charts.append(
            (
                first.key,
                first.titled,
                f"Prosjektenes egenvurdering av {first.label.lower()}.{marked}",
                _bars(data, first, names, BAR_COLOURS[0]),
            )
        )
        crit_labels = [f"K{n}" for n, _t, _d in data.criteria]
        charts.append(
            (
                "criteria",
                f"Gevinster per kriterium ({CRITERIA_DIMENSIONS[0].scale})",
                f"Poeng per prosjekt og kriterium; tallet står i cellen.{marked}",
                heatmap_figure(
                    names,
                    crit_labels,
                    [data.criteria_scores[n] for n in names],
                    [["" for _ in crit_labels] for _ in names],
                ),
            )
        )
        for index, dimension in enumerate(others, start=1):
            charts.append(
                (
                    dimension.key,
                    dimension.titled,
                    f"Prosjektenes egen vurdering.{marked}",
                    _bars(data, dimension, names, BAR_COLOURS[index % len(BAR_COLOURS)]),
                )
            )
    return [
        (key, f"Figur {number}: {title}", summary, figure)
        for number, (key, title, summary, figure) in enumerate(charts, start=1)
    ]


def _bars(data: ReportData, dimension, names: list[str], colour: str) -> dict:
    values = data.scores.get(dimension.key, {})
    return score_bars_figure(names, [values.get(n) for n in names], top=dimension.maximum, colour=colour)
