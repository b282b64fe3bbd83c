"""Oversikt: the portfolio at a glance for the chosen scheme and round (?ordning=ID&runde=Høst 2025).

Choosing another round updates only the parts that depend on it (key figures, the project grid's
rows, the findings) and rewrites the query string in place, so the change is quick and the link can
still be shared. Choosing another scheme loads the page anew.
"""

from __future__ import annotations

from typing import NamedTuple

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html, no_update

import runtime
from components.cards import empty_state, illustrative_badge, stat_card
from components.export import export_button
from components.filters import dropdown, filter_bar, scheme_dropdown, scheme_key, url_with_scheme
from components.findings import findings_table
from components.project_table import project_grid
from components.projects import project_grid_rows
from components.reporting import status_summary
from db.page_queries import project_list, round_names
from db.queries import scheme_by_id, scheme_choices
from db.reporting import current_reporting_round, round_status
from db.session import read_session
from domain.formatting import format_date, format_int, format_kr, format_percent

dash.register_page(__name__, path="/", name="Oversikt", title="Oversikt – Gevinstportalen", nav_order=0)


class OverviewData(NamedTuple):
    scheme: object
    data: object
    rows: list
    reporting_round: object
    statuses: list


def _load(round_name: str | None, scheme_value) -> tuple[OverviewData, list, list[str]]:
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(scheme_value))
        choices = scheme_choices(session=session)
        data, rows = project_list(session=session, round_name=round_name, today=runtime.today(),
                                  scheme_id=scheme.id if scheme else None)
        names = round_names(session=session, scheme_id=scheme.id) if scheme else []
        reporting_round = current_reporting_round(session, scheme_id=scheme.id) if scheme else None
        statuses = round_status(session, round_id=reporting_round.id, today=runtime.today()) \
            if reporting_round else []
    return OverviewData(scheme, data, rows, reporting_round, statuses), choices, names


def _lead(o: OverviewData) -> str:
    data = o.data
    subtitle = f"{data.scheme_name}, {data.partnership}. Rapporteringsrunde: {data.round_name or '–'}"
    if data.report_date:
        subtitle += f" (rapport datert {format_date(data.report_date)})"
    return subtitle + "."


def _stats(o: OverviewData) -> list:
    data, statuses, reporting_round = o.data, o.statuses, o.reporting_round
    milestones = data.milestone_totals()
    years = f"{data.first_year}–{data.round_year}" if data.round_year else ""
    return [
        stat_card("Årlig ramme", format_kr(data.envelope), card_id="overview-envelope"),
        stat_card("Innvilget per år", format_kr(data.allocated_per_year_total),
                  "Sum av prosjektenes årlige tildeling", card_id="overview-allocated"),
        stat_card("Brukt totalt", format_kr(data.spent_total), f"Rapportert forbruk {years}",
                  card_id="overview-spent"),
        stat_card("Forbruksgrad", format_percent(data.spending_rate),
                  f"Brukt av innvilget {years} (prosjekter med rapportert forbruk)", card_id="overview-rate"),
        stat_card("Prosjekter", f"{data.active_count} aktive",
                  f"{data.ended_count} avsluttede", card_id="overview-projects"),
        stat_card("Avvik i trykte tall", format_int(len(data.findings)),
                  "Tall i rapporten som bryter formlene", card_id="overview-findings"),
        stat_card("Milepæler ferdig", f"{milestones.done} av {milestones.total}",
                  f"{milestones.planned} planlagt, {milestones.overdue} forfalt uten å være meldt ferdig",
                  card_id="overview-milestones"),
        stat_card(f"Innrapportering {reporting_round.name}" if reporting_round else "Innrapportering",
                  f"{sum(1 for s in statuses if s.status in ('submitted', 'approved'))} av {len(statuses)} inne",
                  status_summary(statuses) if statuses else "Ingen runde", card_id="overview-reporting"),
    ]


def _projects_intro(o: OverviewData) -> list:
    illustrative = any(r.scores_illustrative for r in o.rows)
    return [
        html.H2(["Prosjekter"] + ([" ", illustrative_badge()] if illustrative else [])),
        html.P("Statusfargen beregnes fra forbruk, forfalte milepæler, fremdrift og «leverer mål og gevinster»"
               + (" (poengene er eksempeldata)" if illustrative else "")
               + ". Klikk et prosjektnavn for å se prosjektet.", className="muted"),
    ]


def _findings(o: OverviewData) -> list:
    params = {"runde": o.data.round_name, "ordning": o.scheme.id}
    return [findings_table(o.data.findings, table_id="overview-findings-table"),
            export_button("avvik", params) if o.data.findings else None]


def layout(runde: str | None = None, ordning: str | None = None, **_ignored):
    o, choices, names = _load(runde, ordning)
    data = o.data
    controls = filter_bar("overview-url", [
        scheme_dropdown("overview-ordning", choices, o.scheme),
        dropdown("overview-runde", "Rapporteringsrunde", names, data.round_name if data else None, clearable=False),
    ]) if o.scheme else None
    if data is None or not data.projects:
        return html.Div([
            html.H1("Oversikt"),
            controls,
            empty_state("Ingen prosjekter ennå",
                        "Ordningen har ingen prosjekter ennå. Importer en rapport med «python -m etl import FIL.xlsx»."),
        ])
    if data.round_name is None and runde:
        return html.Div([html.H1("Oversikt"), controls, empty_state(
            "Fant ikke runden", f"Det finnes ingen rapporteringsrunde som heter «{runde}».")])
    return html.Div([
        html.H1("Oversikt"),
        html.P(_lead(o), className="lead", id="overview-lead"),
        controls,
        dcc.Store(id="overview-query"),
        html.Section(_stats(o), className="stat-grid", id="overview-stats", **{"aria-label": "Nøkkeltall"}),
        html.Div(_projects_intro(o), id="overview-projects-intro"),
        project_grid(project_grid_rows(o.rows), grid_id="overview-projects-grid"),
        html.Div(export_button("prosjekter", {"runde": data.round_name, "ordning": o.scheme.id}),
                 id="overview-projects-export"),
        html.H2("Avvik i trykte tall"),
        html.Div(_findings(o), id="overview-findings-list"),
    ])


@callback(Output("overview-url", "search"), Input("overview-ordning", "value"), prevent_initial_call=True)
def change_scheme(scheme):
    return url_with_scheme({}, scheme, triggered="overview-ordning", scheme_control="overview-ordning")


@callback(Output("overview-lead", "children"), Output("overview-stats", "children"),
          Output("overview-projects-intro", "children"), Output("overview-projects-grid", "rowData"),
          Output("overview-projects-export", "children"), Output("overview-findings-list", "children"),
          Input("overview-runde", "value"), State("overview-ordning", "value"), prevent_initial_call=True)
def change_round(round_name, scheme):
    o, _choices, _names = _load(round_name, scheme)
    if o.data is None or o.data.round_name is None:
        return (no_update,) * 6
    return (_lead(o), _stats(o), _projects_intro(o), project_grid_rows(o.rows),
            export_button("prosjekter", {"runde": o.data.round_name, "ordning": o.scheme.id}), _findings(o))


clientside_callback(
    ClientsideFunction(namespace="gevinst", function_name="setQuery"),
    Output("overview-query", "data"), Input("overview-runde", "value"), State("overview-ordning", "value"),
    prevent_initial_call=True,
)
