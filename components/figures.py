"""Plotly figures built from plain data. Colour-blind-safe (Okabe–Ito) colours, each paired with a
pattern or a printed value, Norwegian number separators, and no heavy template in the payload."""

from __future__ import annotations

from datetime import date, timedelta

from domain.formatting import format_date, format_decimal, format_kr, format_month
from domain.vocabulary import STATUS_LABELS

BLUE, SKY, GREEN, ORANGE, VERMILLION, GREY, YELLOW, PURPLE = (
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#E69F00",
    "#D55E00",
    "#8C8C8C",
    "#F0E442",
    "#CC79A7",
)

STATUS_STYLE = {  # colour, pattern: the pattern carries the meaning too
    "ferdig": (GREEN, ""),
    "pagaende": (BLUE, "/"),
    "oppstart": (SKY, "."),
    "planlegging": (ORANGE, "x"),
    "planlagt": (GREY, "-"),
    "forsinket": (VERMILLION, "+"),
    None: (GREY, "-"),
}


def month_ticks(first: date, last: date) -> tuple[list[str], list[str]]:
    """Tick positions and Norwegian labels ("okt. 2025") from the month of ``first`` to ``last``."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = 1 if months <= 12 else 3 if months <= 36 else 6 if months <= 72 else 12
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
    """The common look: no template in the payload, Norwegian separators, readable font, light grid."""
    fig.setdefault("data", [])
    layout = fig.setdefault("layout", {})
    layout.update(
        template="none",
        separators=", ",
        height=height,
        margin=dict(l=10, r=20, t=20, b=40),
        font=dict(family="DejaVu Sans, Arial, sans-serif", size=14, color="#1b1f24"),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0),
        hoverlabel=dict(font_size=14),
    )
    layout.setdefault("xaxis", {}).update(title=dict(text=x_title), gridcolor="#e3e7ec", automargin=True)
    layout.setdefault("yaxis", {}).update(title=dict(text=y_title), gridcolor="#e3e7ec", automargin=True)
    return fig


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
                    pattern=dict(shape=pattern, fgcolor="#ffffff", bgcolor=colour, fillmode="replace"),
                    line=dict(
                        color=["#000000" if r.overdue else colour for r in chosen],
                        width=[3 if r.overdue else 0 for r in chosen],
                    ),
                ),
                text=["forfalt" if r.overdue else "" for r in chosen],
                textposition="inside",
                insidetextanchor="start",
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
    layout["shapes"] = [
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=as_of.isoformat(),
            x1=as_of.isoformat(),
            y0=0,
            y1=1,
            line=dict(color="#000000", dash="dash", width=1),
        )
    ]
    layout["annotations"] = [
        dict(
            x=as_of.isoformat(),
            y=1,
            xref="x",
            yref="paper",
            text=f"Vurdert per {format_date(as_of)}",
            showarrow=False,
            yanchor="bottom",
            font=dict(size=12),
        )
    ]
    return fig


def granted_spent_figure(rows: list[dict]) -> dict:
    """Granted so far vs spent per project; values printed on the bars."""
    names = [r["name"] for r in rows]
    fig = _figure(
        dict(
            type="bar",
            name="Innvilget hittil",
            y=names,
            x=[r["granted_total"] for r in rows],
            orientation="h",
            marker=dict(color=BLUE),
            text=[format_kr(r["granted_total"]) for r in rows],
            textposition="auto",
            hovertemplate="%{y}<br>Innvilget hittil: %{text}<extra></extra>",
        ),
        dict(
            type="bar",
            name="Brukt",
            y=names,
            x=[r["spent"] or 0 for r in rows],
            orientation="h",
            marker=dict(color=ORANGE, pattern=dict(shape="/", fgcolor="#ffffff", bgcolor=ORANGE, fillmode="replace")),
            text=[format_kr(r["spent"]) for r in rows],
            textposition="auto",
            hovertemplate="%{y}<br>Brukt: %{text}<extra></extra>",
        ),
    )
    base_layout(fig, height=max(280, 70 * len(rows) + 80), x_title="kroner")
    fig["layout"]["barmode"] = "group"
    fig["layout"]["yaxis"]["autorange"] = "reversed"
    fig["layout"]["xaxis"]["tickformat"] = ",.0f"
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
        )
    ]
    layout["yaxis"].update(tickformat=",.0f", rangemode="tozero")
    layout["xaxis"]["type"] = "category"
    return fig


def heatmap_figure(
    projects: list[str], criteria: list[str], values: list[list[int | None]], hover: list[list[str]]
) -> dict:
    """Projects × criteria, 0–3; each cell prints its value, so colour is never the only signal."""
    text = [["–" if v is None else str(v) for v in row] for row in values]
    fig = _figure(
        dict(
            type="heatmap",
            z=values,
            x=criteria,
            y=projects,
            zmin=0,
            zmax=3,
            colorscale="Blues",
            text=text,
            texttemplate="%{text}",
            textfont=dict(size=16),
            customdata=hover,
            xgap=2,
            ygap=2,
            hovertemplate="<b>%{y}</b><br>%{x}: %{text}<br>%{customdata}<extra></extra>",
            colorbar=dict(title=dict(text="Poeng"), tickvals=[0, 1, 2, 3]),
        )
    )
    base_layout(fig, height=max(300, 48 * len(projects) + 120))
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
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    base_layout(fig, height=max(240, 40 * len(names) + 80))
    fig["layout"]["yaxis"]["autorange"] = "reversed"
    fig["layout"]["xaxis"].update(range=[0, top], dtick=1 if top <= 3 else 2)
    return fig


def kpi_figure(kpi) -> dict:
    """Measured values over time, the baseline, the target, the planned path and any earlier target."""
    fig = _figure()
    traces = fig["data"]
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
            dict(
                type="scatter",
                x=[kpi.baseline_date.isoformat()],
                y=[kpi.baseline],
                mode="markers+text",
                name="Nullpunkt",
                marker=dict(symbol="square", size=12, color=GREY),
                text=["Nullpunkt"],
                textposition="top center",
                hovertemplate=f"Nullpunkt: {format_decimal(kpi.baseline)} {kpi.unit}<extra></extra>",
            )
        )
    if kpi.target is not None and kpi.target_date:
        traces.append(
            dict(
                type="scatter",
                x=[kpi.target_date.isoformat()],
                y=[kpi.target],
                mode="markers+text",
                name="Mål",
                marker=dict(symbol="star", size=16, color=VERMILLION),
                text=["Mål"],
                textposition="top center",
                hovertemplate=f"Mål: {format_decimal(kpi.target)} {kpi.unit} ({format_date(kpi.target_date)})"
                "<extra></extra>",
            )
        )
    for rev in kpi.revisions:
        if rev.previous_value is not None and rev.previous_date:
            traces.append(
                dict(
                    type="scatter",
                    x=[rev.previous_date.isoformat()],
                    y=[rev.previous_value],
                    mode="markers+text",
                    name="Tidligere mål",
                    marker=dict(symbol="star-open", size=14, color=VERMILLION),
                    text=["Tidligere mål"],
                    textposition="bottom center",
                    hovertemplate=f"Tidligere mål (endret {format_date(rev.revised_on)}): "
                    f"{format_decimal(rev.previous_value)}<extra></extra>",
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
                text=[format_decimal(v.value) for v in kpi.values],
                textposition="top left",
                hovertemplate="%{x|%d.%m.%Y}: %{y} " + kpi.unit + "<extra></extra>",
            )
        )
    base_layout(fig, height=300, y_title=kpi.unit)
    fig["layout"]["margin"]["t"] = 40
    fig["layout"]["yaxis"]["rangemode"] = "tozero"
    dates = [v.when for v in kpi.values] + [d for d in (kpi.baseline_date, kpi.target_date) if d]
    dates += [r.previous_date for r in kpi.revisions if r.previous_date]
    _date_axis(fig, dates)
    return fig
