"""Oversikt: the portfolio at a glance for the chosen round (?runde=Høst 2025)."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx, html

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


def layout(runde: str | None = None, ordning: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        choices = scheme_choices(session=session)
        data, rows = project_list(session=session, round_name=runde, today=runtime.today(),
                                  scheme_id=scheme.id if scheme else None)
        names = round_names(session=session, scheme_id=scheme.id) if scheme else []
        reporting_round = current_reporting_round(session, scheme_id=scheme.id) if scheme else None
        statuses = round_status(session, round_id=reporting_round.id, today=runtime.today()) \
            if reporting_round else []
    controls = filter_bar("overview-url", [
        scheme_dropdown("overview-ordning", choices, scheme),
        dropdown("overview-runde", "Rapporteringsrunde", names, data.round_name if data else None, clearable=False),
    ]) if scheme else None
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
    milestones = data.milestone_totals()
    years = f"{data.first_year}–{data.round_year}" if data.round_year else ""
    subtitle = f"{data.scheme_name}, {data.partnership}. Rapporteringsrunde: {data.round_name or '–'}"
    if data.report_date:
        subtitle += f" (rapport datert {format_date(data.report_date)})"
    return html.Div([
        html.H1("Oversikt"),
        html.P(subtitle + ".", className="lead"),
        controls,
        html.Section(className="stat-grid", **{"aria-label": "Nøkkeltall"}, children=[
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
        ]),
        html.H2(["Prosjekter"] + ([" ", illustrative_badge()] if any(r.scores_illustrative for r in rows) else [])),
        html.P("Statusfargen beregnes fra forbruk, forfalte milepæler, fremdrift og «leverer mål og gevinster»"
               + (" (poengene er eksempeldata)" if any(r.scores_illustrative for r in rows) else "")
               + ". Klikk et prosjektnavn for å se prosjektet.", className="muted"),
        project_grid(project_grid_rows(rows), grid_id="overview-projects-grid"),
        export_button("prosjekter", {"runde": data.round_name, "ordning": scheme.id}),
        html.H2("Avvik i trykte tall"),
        findings_table(data.findings, table_id="overview-findings-table"),
        export_button("avvik", {"runde": data.round_name, "ordning": scheme.id}) if data.findings else None,
    ])


@callback(Output("overview-url", "search"), Input("overview-ordning", "value"), Input("overview-runde", "value"),
          prevent_initial_call=True)
def update_url(scheme, round_name):
    return url_with_scheme({"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control="overview-ordning")
