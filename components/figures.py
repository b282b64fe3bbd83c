"""Plotly figures built from plain data, themed in one place (components/theme.py): the design system's type and
colours, colour-blind-safe categorical colours each paired with a pattern or a printed value, text colours chosen
from each fill's luminance (>= 4.5:1), no text on hatched fills, Norwegian separators, kroner as whole numbers and
large amounts in «mill.», dates as «3. okt. 2025»."""

from __future__ import annotations

import math
from datetime import date, timedelta

from components.theme import (
    BLUE,
    FONT_SIZE_CELL,
    FONT_SIZE_SMALL,
    GREEN,
    GREY,
    INK,
    ORANGE,
    PURPLE,
    SCORE_RAMP,
    SKY,
    VERMILLION,
    WHITE,
    plot_axis,
    plot_layout,
    text_on,
)
from domain.formatting import (
    format_date,
    format_decimal,
    format_int,
    format_kr,
    format_measure,
    format_millions,
    format_month,
    is_kroner,
)
from domain.vocabulary import STATUS_LABELS

__all__ = ["BLUE", "GREEN", "ORANGE", "PURPLE", "SKY", "VERMILLION", "GREY"]

STATUS_STYLE = {  # colour, pattern: the pattern carries the meaning too
    "ferdig": (GREEN, ""),
    "pagaende": (BLUE, "/"),
    "oppstart": (SKY, "."),
    "planlegging": (ORANGE, "x"),
    "planlagt": (GREY, "-"),
    "forsinket": (VERMILLION, "+"),
    None: (GREY, "-"),
}


def month_ticks(first: date, last: date, most: int = 13) -> tuple[list[str], list[str]]:
    """Tick positions and Norwegian labels ("okt. 2025") from the month of ``first`` to ``last``: every month,
    quarter, half year, year or second year, the first of those that gives at most ``most`` ticks."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((s for s in (1, 3, 6, 12) if months / s <= most - 1), 24)
    values, labels = [], []
    year, month = first.year, first.month
    if step > 1:
        month = ((month - 1) // step) * step + 1
    while (year, month) <= (last.year, last.month):
        tick = date(year, month, 1)
        values.append(tick.isoformat())
        labels.append(format_month(tick))
        month += step
        while month > 12:
            month -= 12
            year += 1
    return values, labels


def _date_axis(fig: dict, dates: list[date]) -> None:
    if not dates:
        return
    values, labels = month_ticks(min(dates), max(dates))
    fig["layout"]["xaxis"].update(type="date", tickvals=values, ticktext=labels)


def base_layout(fig: dict, *, height: int, y_title: str | None = None, x_title: str | None = None) -> dict:
    """The common look (components.theme.plot_layout): the page's type and ink, light grid, no template."""
    fig.setdefault("data", [])
    layout = fig.setdefault("layout", {})
    layout.update(plot_layout(), height=height, margin=dict(l=10, r=20, t=20, b=40))
    layout.setdefault("xaxis", {}).update(plot_axis(), title=dict(text=x_title))
    layout.setdefault("yaxis", {}).update(plot_axis(), title=dict(text=y_title))
    return fig


def nice_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10^n) giving about ``ticks`` ticks from 0 to ``top``."""
    if top <= 0:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def money_axis(axis: dict, values: list) -> None:
    """An axis of kroner from 0: round ticks labelled «500 000», «1,5 mill.» (never Plotly's «1.5M»)."""
    top = max([v for v in values if v is not None] + [0])
    step = nice_step(top)
    count = int(top // step) + 1 if top > 0 else 1
    ticks = [step * i for i in range(count + (1 if top > 0 and top % step else 0))]
    axis.update(
        tickvals=ticks,
        ticktext=[format_millions(t) if top >= 1_000_000 else format_int(t) for t in ticks],
        range=[0, max(ticks[-1], top) * 1.04 if ticks[-1] else 1],
        hoverformat=",.0f",
    )


def inside_text(fill: str) -> dict:
    """Text printed inside a bar: the colour with the better contrast against the fill; outside: the ink."""
    return dict(insidetextfont=dict(color=text_on(fill)), outsidetextfont=dict(color=INK))


def _figure(*traces: dict) -> dict:
    """A figure as a plain dict: dcc.Graph and kaleido take it as is, and it costs no validation time."""
    return {"data": list(traces), "layout": {}}


def gantt_figure(rows: list, *, as_of: date, show_project: bool = True) -> dict:
    """Milestones as bars from start to end, one trace per status; overdue ones outlined and marked."""
    placed = [r for r in rows if r.start is not None and r.end is not None]

    def label(r) -> str:
        return f"{r.project} – {r.code}" if show_project else r.code

    labels = [label(r) for r in placed]
    fig = _figure()
    for status, (colour, pattern) in STATUS_STYLE.items():
        if status is None:
            continue
        chosen = [r for r in placed if (r.status or "planlagt") == status]
        if not chosen:
            continue
        fig["data"].append(
            dict(
                type="bar",
                name=STATUS_LABELS[status],
                orientation="h",
                y=[label(r) for r in chosen],
                base=[r.start.isoformat() for r in chosen],
                x=[((r.end + timedelta(days=1)) - r.start).days * 86_400_000 for r in chosen],
                marker=dict(
                    color=colour,
                    pattern=dict(shape=pattern, fgcolor=WHITE, bgcolor=colour, fillmode="replace"),
                    line=dict(
                        color=["#000000" if r.overdue else colour for r in chosen],
                        width=[3 if r.overdue else 0 for r in chosen],
                    ),
                ),
                # never on the (hatched) bar: beside its end, in the page's ink
                text=["forfalt" if r.overdue else "" for r in chosen],
                textposition="outside",
                outsidetextfont=dict(color=INK, size=FONT_SIZE_SMALL),
                cliponaxis=False,
                customdata=[
                    [
                        r.period_text or "",
                        r.status_text or STATUS_LABELS.get(r.status or "planlagt", ""),
                        r.description[:120],
                        format_date(r.start),
                        format_date(r.end),
                    ]
                    for r in chosen
                ],
                hovertemplate="<b>%{y}</b><br>%{customdata[0]} (%{customdata[3]} – %{customdata[4]})"
                "<br>Status: %{customdata[1]}<br>%{customdata[2]}<extra></extra>",
            )
        )
    base_layout(fig, height=max(260, 26 * len(labels) + 90))
    layout = fig["layout"]
    layout.update(barmode="overlay", bargap=0.25)
    layout["yaxis"].update(categoryorder="array", categoryarray=list(reversed(labels)), type="category")
    _date_axis(fig, [r.start for r in placed] + [r.end for r in placed] + [as_of])
    layout["xaxis"]["tickangle"] = 0
    line, label = as_of_marker(as_of, width=1, font=dict(size=FONT_SIZE_SMALL, color=INK))
    layout["shapes"], layout["annotations"] = [line], [label]
    return fig


def as_of_marker(as_of, *, width: float, font: dict) -> tuple[dict, dict]:
    """The dashed «Vurdert per …» line across a timeline and its label (pages and the round report)."""
    line = dict(
        type="line",
        xref="x",
        yref="paper",
        x0=as_of.isoformat(),
        x1=as_of.isoformat(),
        y0=0,
        y1=1,
        line=dict(color="#000000", dash="dash", width=width),
    )
    label = dict(
        x=as_of.isoformat(),
        y=1,
        xref="x",
        yref="paper",
        text=f"Vurdert per {format_date(as_of)}",
        showarrow=False,
        yanchor="bottom",
        font=font,
    )
    return line, label


def granted_spent_figure(rows: list[dict]) -> dict:
    """Granted so far vs spent per project; values printed inside the plain bars and beside the hatched ones."""
    names = [r["name"] for r in rows]
    granted = [r["granted_total"] for r in rows]
    spent = [r["spent"] or 0 for r in rows]
    fig = _figure(
        dict(
            type="bar",
            name="Innvilget hittil",
            y=names,
            x=granted,
            orientation="h",
            marker=dict(color=BLUE),
            text=[format_kr(r["granted_total"]) for r in rows],
            textposition="auto",
            **inside_text(BLUE),
            hovertemplate="%{y}<br>Innvilget hittil: %{text}<extra></extra>",
        ),
        dict(
            type="bar",
            name="Brukt",
            y=names,
            x=spent,
            orientation="h",
            marker=dict(color=ORANGE, pattern=dict(shape="/", fgcolor=WHITE, bgcolor=ORANGE, fillmode="replace")),
            text=[format_kr(r["spent"]) for r in rows],
            textposition="outside",
            outsidetextfont=dict(color=INK),
            cliponaxis=False,
            hovertemplate="%{y}<br>Brukt: %{text}<extra></extra>",
        ),
    )
    base_layout(fig, height=max(280, 70 * len(rows) + 80), x_title="kroner")
    fig["layout"]["barmode"] = "group"
    fig["layout"]["yaxis"]["autorange"] = "reversed"
    money_axis(fig["layout"]["xaxis"], [v * 1.25 for v in granted + spent])  # room for the amounts beside
    return fig


def envelope_figure(by_year: dict[int, int], envelope: int) -> dict:
    years = [str(y) for y in by_year]
    fig = _figure(
        dict(
            type="bar",
            x=years,
            y=list(by_year.values()),
            name="Innvilget",
            marker=dict(color=BLUE),
            text=[format_kr(v) for v in by_year.values()],
            textposition="auto",
            **inside_text(BLUE),
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    )
    base_layout(fig, height=320, y_title="kroner")
    layout = fig["layout"]
    layout["shapes"] = [
        dict(
            type="line",
            xref="paper",
            yref="y",
            x0=0,
            x1=1,
            y0=envelope,
            y1=envelope,
            line=dict(color=VERMILLION, dash="dash", width=2),
        )
    ]
    layout["annotations"] = [
        dict(
            xref="paper",
            yref="y",
            x=0,
            y=envelope,
            xanchor="left",
            yanchor="bottom",
            text=f"Ramme {format_kr(envelope)}",
            showarrow=False,
            font=dict(color=INK),
            bgcolor=WHITE,
        )
    ]
    money_axis(layout["yaxis"], [*by_year.values(), envelope * 1.08])
    layout["xaxis"]["type"] = "category"
    return fig


def score_fill(value: int | None, top: int = 3) -> str | None:
    """A score's cell colour: the accent's ramp, higher = darker; None when not assessed (the paper shows)."""
    if value is None:
        return None
    step = round(max(0, min(value, top)) / top * (len(SCORE_RAMP) - 1))
    return SCORE_RAMP[step]


def heatmap_figure(
    projects: list[str], criteria: list[str], values: list[list[int | None]], hover: list[list[str]]
) -> dict:
    """Projects × criteria, 0–3; a higher score is a darker cell, and each cell prints its value in the colour
    that contrasts most with its fill, so colour is never the only signal."""
    text = [["–" if v is None else str(v) for v in row] for row in values]
    last = len(SCORE_RAMP) - 1
    fig = _figure(
        dict(
            type="heatmap",
            z=values,
            x=criteria,
            y=projects,
            zmin=0,
            zmax=3,
            colorscale=[[i / last, colour] for i, colour in enumerate(SCORE_RAMP)],
            text=text,
            customdata=hover,
            xgap=2,
            ygap=2,
            hovertemplate="<b>%{y}</b><br>%{x}: %{text}<br>%{customdata}<extra></extra>",
            colorbar=dict(title=dict(text="Poeng"), tickvals=[0, 1, 2, 3], outlinecolor="#77797b", outlinewidth=1),
        )
    )
    base_layout(fig, height=max(300, 48 * len(projects) + 120))
    fig["layout"]["annotations"] = [
        dict(
            x=criterion,
            y=project,
            text=cell,
            showarrow=False,
            font=dict(size=FONT_SIZE_CELL, color=text_on(score_fill(value) or WHITE)),
        )
        for project, row, texts in zip(projects, values, text, strict=True)
        for criterion, value, cell in zip(criteria, row, texts, strict=True)
    ]
    fig["layout"]["yaxis"]["autorange"] = "reversed"
    fig["layout"]["xaxis"].update(side="top", tickangle=0)
    return fig


def score_bars_figure(names: list[str], values: list[int | None], *, top: int, colour: str = BLUE) -> dict:
    fig = _figure(
        dict(
            type="bar",
            y=names,
            x=[v if v is not None else 0 for v in values],
            orientation="h",
            marker=dict(color=colour),
            text=["–" if v is None else f"{v} av {top}" for v in values],
            textposition="auto",
            **inside_text(colour),
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    base_layout(fig, height=max(240, 40 * len(names) + 80))
    fig["layout"]["yaxis"]["autorange"] = "reversed"
    fig["layout"]["xaxis"].update(range=[0, top], dtick=1 if top <= 3 else 2)
    return fig


def kpi_figure(kpi) -> dict:
    """Measured values over time, the baseline, the target, the planned path and any earlier target. Kroner are
    whole kroner (axis in «mill.» when large); labels are never clipped at the plot's edges."""
    fig = _figure()
    traces = fig["data"]
    unit = kpi.unit
    kroner = is_kroner(unit)

    def shown(value) -> str:
        return format_int(value) if kroner else format_decimal(value)

    def point(name: str, when: date, value, *, symbol: str, size: int, colour: str, position: str, hover: str):
        return dict(
            type="scatter",
            x=[when.isoformat()],
            y=[value],
            mode="markers+text",
            name=name,
            marker=dict(symbol=symbol, size=size, color=colour),
            text=[name],
            textposition=position,
            textfont=dict(color=INK),
            cliponaxis=False,
            hovertemplate=hover + "<extra></extra>",
        )

    if kpi.baseline is not None and kpi.baseline_date and kpi.target is not None and kpi.target_date:
        traces.append(
            dict(
                type="scatter",
                x=[kpi.baseline_date.isoformat(), kpi.target_date.isoformat()],
                y=[kpi.baseline, kpi.target],
                mode="lines",
                name="Planlagt vei",
                line=dict(color=GREY, dash="dot"),
                hoverinfo="skip",
            )
        )
    if kpi.baseline is not None and kpi.baseline_date:
        traces.append(
            point(
                "Nullpunkt",
                kpi.baseline_date,
                kpi.baseline,
                symbol="square",
                size=12,
                colour=GREY,
                position="top right",
                hover=f"Nullpunkt: {format_measure(kpi.baseline, unit)} ({format_date(kpi.baseline_date)})",
            )
        )
    if kpi.target is not None and kpi.target_date:
        traces.append(
            point(
                "Mål",
                kpi.target_date,
                kpi.target,
                symbol="star",
                size=16,
                colour=VERMILLION,
                position="top left",
                hover=f"Mål: {format_measure(kpi.target, unit)} ({format_date(kpi.target_date)})",
            )
        )
    for rev in kpi.revisions:
        if rev.previous_value is not None and rev.previous_date:
            traces.append(
                point(
                    "Tidligere mål",
                    rev.previous_date,
                    rev.previous_value,
                    symbol="star-open",
                    size=14,
                    colour=VERMILLION,
                    position="bottom left",
                    hover=f"Tidligere mål (endret {format_date(rev.revised_on)}): "
                    f"{format_measure(rev.previous_value, unit)}",
                )
            )
    if kpi.values:
        traces.append(
            dict(
                type="scatter",
                x=[v.when.isoformat() for v in kpi.values],
                y=[v.value for v in kpi.values],
                mode="lines+markers+text",
                name="Målt",
                line=dict(color=BLUE, width=3),
                marker=dict(size=9, symbol="circle"),
                text=[shown(v.value) for v in kpi.values],
                textposition="top left",
                textfont=dict(color=INK),
                cliponaxis=False,
                customdata=[f"{format_date(v.when)}: {format_measure(v.value, unit)}" for v in kpi.values],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    base_layout(fig, height=300, y_title=unit)
    layout = fig["layout"]
    layout["margin"].update(t=40, r=40)
    numbers = [y for trace in traces for y in trace["y"] if y is not None]
    if kroner:
        money_axis(layout["yaxis"], [v * 1.15 for v in numbers])
    else:
        layout["yaxis"].update(rangemode="tozero", hoverformat=",.1~f")
        if numbers:
            layout["yaxis"]["range"] = [min(0, min(numbers)), max(numbers) * 1.2 or 1]
    dates = [v.when for v in kpi.values] + [d for d in (kpi.baseline_date, kpi.target_date) if d]
    dates += [r.previous_date for r in kpi.revisions if r.previous_date]
    _date_axis(fig, dates)
    if dates:  # room on both sides, so «Nullpunkt» and «Mål» are not cut at the edges
        first, last = min(dates), max(dates)
        pad = timedelta(days=max(20, (last - first).days // 8))
        layout["xaxis"]["range"] = [(first - pad).isoformat(), (last + pad).isoformat()]
    return fig
