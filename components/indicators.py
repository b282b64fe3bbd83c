"""KPI cards for the indicators page and the project page."""

from __future__ import annotations

from dash import dcc, html

from components.cards import illustrative_badge
from components.figures import kpi_figure
from components.tables import GRAPH_CONFIG, Col, html_table
from domain.formatting import format_date, format_decimal, format_percent
from domain.kpis import kpi_progress

BENEFIT_TYPE_LABELS = {"economic": "Økonomisk (kroner)", "quality": "Kvalitativ (fysiske enheter)",
                       "other_org": "Gevinst for annen virksomhet"}


def progress_of(kpi):
    return kpi_progress(baseline=kpi.baseline, baseline_date=kpi.baseline_date, target=kpi.target,
                        target_date=kpi.target_date, values=[(v.when, v.value) for v in kpi.values])


def progress_text(kpi) -> str:
    prog = progress_of(kpi)
    if prog.latest is None:
        return "Ingen målinger ennå."
    text = f"Siste måling {format_decimal(prog.latest)} {kpi.unit} ({format_date(prog.latest_date)})"
    if prog.share_of_way is not None:
        text += f", {format_percent(prog.share_of_way, 0)} av veien fra nullpunkt til mål"
    if prog.behind is True:
        text += f". Bak planen: planlagt vei gir {format_decimal(prog.expected_now)} {kpi.unit} på denne datoen."
    elif prog.behind is False:
        text += ". I rute etter planlagt vei."
    else:
        text += "."
    return text


def value_rows(kpi) -> list[dict]:
    rows = []
    if kpi.baseline is not None:
        rows.append({"when": format_date(kpi.baseline_date), "what": "Nullpunkt",
                     "value": f"{format_decimal(kpi.baseline)} {kpi.unit}"})
    for v in kpi.values:
        rows.append({"when": format_date(v.when), "what": "Målt" + (" (eksempeldata)" if v.illustrative else ""),
                     "value": f"{format_decimal(v.value)} {kpi.unit}"})
    for r in kpi.revisions:
        rows.append({"when": format_date(r.previous_date), "what": f"Tidligere mål (endret {format_date(r.revised_on)}: {r.reason})",
                     "value": f"{format_decimal(r.previous_value)} {kpi.unit}"})
    if kpi.target is not None:
        rows.append({"when": format_date(kpi.target_date), "what": "Mål",
                     "value": f"{format_decimal(kpi.target)} {kpi.unit}"})
    return rows


def kpi_card(kpi, *, graph_id: str) -> html.Section:
    illustrative = kpi.illustrative or any(v.illustrative for v in kpi.values)
    prog = progress_of(kpi)
    status = "behind" if prog.behind else "ok" if prog.behind is False else "none"
    title = [kpi.name] + ([" ", illustrative_badge()] if illustrative else [])
    return html.Section(className=f"kpi-card kpi-{status}", children=[
        html.H3(title),
        html.P([html.Strong("Gevinst: "), kpi.benefit, f" · {BENEFIT_TYPE_LABELS.get(kpi.benefit_type, '')}"]),
        html.P([html.Strong("Gevinsteier: "), ", ".join(filter(None, [kpi.owner, kpi.organisation])) or "–",
                html.Strong(" · Måles: "), ", ".join(filter(None, [kpi.method, kpi.frequency])) or "–"]),
        html.P(("▼ " if prog.behind else "▲ " if prog.behind is False else "") + progress_text(kpi),
               className="kpi-progress"),
        html.Div(dcc.Graph(id=graph_id, figure=kpi_figure(kpi), config=GRAPH_CONFIG), role="figure",
                 **{"aria-label": f"{kpi.name}: {progress_text(kpi)}"}),
        html.Details([html.Summary("Vis tallene som tabell"),
                      html_table([Col("when", "Dato"), Col("what", "Hva"), Col("value", "Verdi", True)],
                                 value_rows(kpi), caption=kpi.name)], className="table-alternative"),
    ])
