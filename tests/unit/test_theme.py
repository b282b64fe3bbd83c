"""The look's tokens and the charts' colours: computed from the figures the builders return (issue 18).

Every label a chart prints must reach 4.5:1 against what it sits on (a bar's fill for text inside it, the paper
otherwise); a heat map's higher score is a darker cell; no text sits on a hatched fill; kroner are whole kroner and
large amounts «mill.»; dates in hovers are «3. okt. 2025». The tokens in components/theme.py are the installed
Designsystemet theme's (``make assets``).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from components import theme
from components.figures import (
    envelope_figure,
    gantt_figure,
    granted_spent_figure,
    heatmap_figure,
    kpi_figure,
    money_axis,
    score_bars_figure,
    score_fill,
)
from components.scores import BAR_COLOURS
from domain.formatting import format_millions

ROOT = Path(__file__).resolve().parents[2]
THEME_CSS = ROOT / "assets" / "vendor" / "designsystemet-theme.css"


def test_tokens_are_the_installed_theme():
    assert THEME_CSS.exists(), "assets/vendor/ mangler: kjør `make assets` (make run og make test gjør det)"
    css = THEME_CSS.read_text(encoding="utf-8")
    light = css[css.index("@layer ds.theme.color-scheme.light") :]
    light = light[: light.index("@layer", 10)]
    for name, value in theme.TOKENS.items():
        found = re.search(re.escape(name) + r":\s*([^;}]+)", light if "color" in name else css)
        assert found, name
        assert found.group(1).strip().lower() == value, name
    assert re.search(r"--ds-font-family:\s*Inter", css)


def test_package_is_pinned():
    package = (ROOT / "package.json").read_text(encoding="utf-8")
    assert '"@digdir/designsystemet-css": "1.22.0"' in package
    assert '"version": "1.22.0"' in (ROOT / "package-lock.json").read_text(encoding="utf-8")


def test_text_on_reaches_4_5_on_every_fill_we_use():
    fills = [*BAR_COLOURS, *theme.SCORE_RAMP, theme.BLUE, theme.SKY, theme.GREEN, theme.ORANGE, theme.PURPLE]
    for fill in fills:
        assert theme.contrast(theme.text_on(fill), fill) >= 4.5, fill
    assert theme.text_on("#ffffff") == theme.INK and theme.text_on(theme.ACCENT) == theme.WHITE
    assert round(theme.contrast("#ffffff", "#000000"), 1) == 21.0


def test_heatmap_higher_is_darker_and_every_cell_readable():
    values = [[0, 1, 2, 3, None]]
    fig = heatmap_figure(["A"], ["K1", "K2", "K3", "K4", "K5"], values, [[""] * 5])
    fills = [score_fill(v) for v in values[0][:4]]
    lums = [theme.luminance(f) for f in fills]
    assert lums == sorted(lums, reverse=True)  # 0 lightest, 3 darkest
    scale = fig["data"][0]["colorscale"]
    assert scale[0][1] == fills[0] and scale[-1][1] == fills[-1]
    for cell, value in zip(fig["layout"]["annotations"], values[0], strict=True):
        background = score_fill(value) or theme.PAPER
        assert theme.contrast(cell["font"]["color"], background) >= 4.5, (value, cell)
    assert "texttemplate" not in fig["data"][0]


def _labels(fig: dict):
    """(what, text colour, background) for every text a figure prints."""
    layout = fig["layout"]
    ink = layout["font"]["color"]
    paper = layout["paper_bgcolor"]
    yield "font", ink, paper
    for axis in ("xaxis", "yaxis"):
        yield axis, layout[axis].get("tickfont", {}).get("color", ink), paper
    yield "legend", layout["legend"]["font"]["color"], paper
    for note in layout.get("annotations", []):
        if fig["data"] and fig["data"][0]["type"] == "heatmap":
            continue  # checked against each cell's fill above
        yield "annotation", note.get("font", {}).get("color", ink), note.get("bgcolor", paper)
    for trace in fig["data"]:
        if not trace.get("text"):
            continue
        fill = trace.get("marker", {}).get("color")
        if trace["type"] == "bar":
            position = trace.get("textposition", "auto")
            if position in ("auto", "inside"):
                yield trace.get("name", "bar"), trace["insidetextfont"]["color"], fill
            yield trace.get("name", "bar"), trace.get("outsidetextfont", {}).get("color", ink), paper
        elif trace["type"] == "scatter":
            yield trace["name"], trace.get("textfont", {}).get("color", ink), paper


def _kpi(unit: str, values: list[float]):
    return SimpleNamespace(
        unit=unit,
        baseline=values[0],
        baseline_date=date(2025, 1, 1),
        target=values[-1] * 2,
        target_date=date(2026, 12, 31),
        revisions=[],
        values=[SimpleNamespace(when=date(2025, 6, 1 + i), value=v) for i, v in enumerate(values)],
    )


class _Milestone(SimpleNamespace):
    pass


def _milestones():
    base = dict(period_text="2025", status_text=None, description="Noe", project="P")
    return [
        _Milestone(code="M1", start=date(2025, 1, 1), end=date(2025, 3, 1), status="ferdig", overdue=False, **base),
        _Milestone(code="M2", start=date(2025, 2, 1), end=date(2025, 5, 1), status="pagaende", overdue=True, **base),
        _Milestone(code="M3", start=date(2025, 2, 1), end=date(2025, 6, 1), status="planlagt", overdue=True, **base),
    ]


FIGURES = {
    "granted_spent": lambda: granted_spent_figure(
        [{"name": "A", "granted_total": 4_590_000, "spent": 900_000}, {"name": "B", "granted_total": 1, "spent": None}]
    ),
    "envelope": lambda: envelope_figure({2024: 17_000_000, 2025: 18_500_000}, 18_000_000),
    "heatmap": lambda: heatmap_figure(["A"], ["K1"], [[2]], [[""]]),
    "kpi_kr": lambda: kpi_figure(_kpi("kr", [1_000_000, 1_775_616.4])),
    "kpi_count": lambda: kpi_figure(_kpi("møter", [1, 2.5])),
    "gantt": lambda: gantt_figure(_milestones(), as_of=date(2025, 10, 3)),
    **{
        f"bars_{i}": (lambda colour=colour: score_bars_figure(["A", "B"], [3, None], top=3, colour=colour))
        for i, colour in enumerate(BAR_COLOURS)
    },
}


@pytest.mark.parametrize("name", FIGURES)
def test_every_chart_label_reaches_4_5(name):
    fig = FIGURES[name]()
    assert fig["layout"]["font"]["family"].startswith("Inter")  # the page's typeface
    assert fig["layout"]["separators"] == ", "
    for what, colour, background in _labels(fig):
        assert theme.contrast(colour, background) >= 4.5, (name, what, colour, background)


@pytest.mark.parametrize("name", FIGURES)
def test_no_text_on_hatched_fills_and_one_date_style(name):
    fig = FIGURES[name]()
    for trace in fig["data"]:
        pattern = trace.get("marker", {}).get("pattern", {}).get("shape")
        if pattern and any(trace.get("text") or []):
            assert trace["textposition"] == "outside", (name, trace.get("name"))
        hover = trace.get("hovertemplate", "") + " ".join(map(str, trace.get("customdata") or []))
        assert "%d.%m" not in hover and not re.search(r"\d\d\.\d\d\.\d{4}", hover), (name, hover)


def test_kroner_are_whole_and_millions_say_mill():
    fig = kpi_figure(_kpi("kr", [1_000_000, 1_775_616.4]))
    measured = fig["data"][-1]
    assert measured["text"] == ["1 000 000", "1 775 616"]
    assert measured["customdata"][1] == "2. juni 2025: 1 775 616 kr"
    ticks = fig["layout"]["yaxis"]["ticktext"]
    assert all(t == "0" or t.endswith(" mill.") for t in ticks) and not any("M" in t for t in ticks)
    axis: dict = {}
    money_axis(axis, [18_500_000])
    assert axis["ticktext"][:3] == ["0", "5 mill.", "10 mill."] and axis["range"][1] >= 18_500_000
    assert format_millions(1_950_000) == "1,95 mill."


def test_kpi_labels_at_the_edges_are_not_clipped():
    fig = kpi_figure(_kpi("møter", [1, 2]))
    by_name = {t["name"]: t for t in fig["data"]}
    assert by_name["Nullpunkt"]["textposition"].endswith("right") and by_name["Nullpunkt"]["cliponaxis"] is False
    assert by_name["Mål"]["textposition"].endswith("left")
    low, high = fig["layout"]["xaxis"]["range"]
    assert low < "2025-01-01" and high > "2026-12-31"


def test_overdue_milestones_are_marked_beside_the_bar():
    fig = gantt_figure(_milestones(), as_of=date(2025, 10, 3))
    marked = [t for t in fig["data"] if "forfalt" in t["text"]]
    assert marked and all(t["textposition"] == "outside" for t in marked)


def test_every_categorical_colour_stands_out_from_white_and_the_page():
    """WCAG 1.4.11 for bars and markers (trial 25a: sky blue and orange were 2.3:1 on white)."""
    for colour in theme.CATEGORICAL:
        assert theme.contrast(colour, "#ffffff") >= 3, colour
        assert theme.contrast(colour, theme.TOKENS["--ds-color-neutral-background-tinted"]) >= 3, colour
