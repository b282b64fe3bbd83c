"""The report's charts: the same figure builders as the pages, rendered to PNG through kaleido.

kaleido drives a Chromium; Debian's /usr/bin/chromium is used when present. Without a browser the
documents show each chart's table instead, with a note (never a silent gap).
"""

from __future__ import annotations

import os
import shutil
import warnings
from contextlib import contextmanager

import plotly.graph_objects as go

from components.figures import BLUE, GREEN, ORANGE, base_layout, heatmap_figure, score_bars_figure
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
            try:
                kaleido.stop_sync_server(silence_warnings=True)
            except Exception:
                pass


def target_groups_figure(groups: dict[str, list[str]]) -> dict:
    names = sorted(groups, key=lambda g: -len(groups[g]))
    fig = {"data": [dict(type="bar", x=names, y=[len(groups[n]) for n in names], marker=dict(color=BLUE),
                         text=[str(len(groups[n])) for n in names], textposition="auto")]}
    base_layout(fig, height=380, y_title="antall prosjekter")
    fig["layout"]["yaxis"].update(dtick=1, rangemode="tozero")
    return fig


def report_charts(data: ReportData) -> list[tuple[str, str, dict]]:
    """(title, one-sentence summary, figure) for every chart in the report, in report order."""
    charts = []
    if data.target_groups:
        charts.append(("Figur 1: Målgrupper for prosjektene",
                       "Antall prosjekter som retter seg mot hver målgruppe.", target_groups_figure(data.target_groups)))
    names = sorted(data.progress)
    if names:
        charts.append(("Figur 2: Fremdrift (0–3)", "Prosjektenes egenvurdering av fremdrift.",
                       score_bars_figure(names, [data.progress[n] for n in names], top=3)))
        crit_labels = [f"K{n}" for n, _t, _d in data.criteria]
        charts.append(("Figur 3: Gevinster per kriterium (0–3)", "Poeng per prosjekt og kriterium; tallet står i cellen.",
                       heatmap_figure(names, crit_labels, [data.criteria_scores[n] for n in names],
                                      [["" for _ in crit_labels] for _ in names])))
        charts.append(("Figur 4: Leverer prosjektet mål og gevinster (0–10)", "Prosjektenes egen vurdering.",
                       score_bars_figure(names, [data.delivers[n] for n in names], top=10, colour=GREEN)))
        charts.append(("Figur 5: Sannsynlig videreført eller spredt (0–10)", "Prosjektenes egen vurdering.",
                       score_bars_figure(names, [data.continues[n] for n in names], top=10, colour=ORANGE)))
    return charts
