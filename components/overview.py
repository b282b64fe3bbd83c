"""The overview (Oversikt): key figures, the project grid, reporting status and the findings."""

from __future__ import annotations

from dash import dcc, html

from components.cards import empty_state, illustrative_badge, stat_card
from components.export import export_button
from components.filters import scheme_and_round
from components.findings import findings_table
from components.project_table import project_grid
from components.projects import project_grid_rows
from components.reporting import status_summary
from components.rounds import NO_SCHEME
from domain.formatting import format_date, format_int, format_kr, format_percent
from domain.vocabulary import REPORTED_STATUSES


def _lead(view) -> str:
    data = view.data
    subtitle = f"{data.scheme_name}, {data.partnership}. Rapporteringsrunde: {data.round_name or '–'}"
    if data.report_date:
        subtitle += f" (rapport datert {format_date(data.report_date)})"
    if data.as_of:
        subtitle += f", vurdert per {format_date(data.as_of)}"
    return subtitle + "."


def _stats(view) -> list:
    data, statuses = view.data, view.statuses
    milestones = data.milestone_totals()
    years = data.granted_years if data.round_year else ""
    return [
        stat_card("Årlig ramme", format_kr(data.envelope), card_id="oversikt-ramme"),
        stat_card(
            "Innvilget per år",
            format_kr(data.allocated_per_year_total),
            "Sum av prosjektenes årlige tildeling, avsluttede prosjekter medregnet",
            card_id="oversikt-innvilget",
        ),
        stat_card(
            "Rapportert i runden",
            f"{data.reported_count} av {data.active_count}",
            "aktive prosjekter; de andre vises med siste godkjente rapport"
            if data.reported_count < data.active_count
            else "aktive prosjekter",
            card_id="oversikt-rapportert",
        ),
        stat_card(
            "Brukt totalt",
            format_kr(data.spent_total),
            f"Rapportert forbruk {years}, fra hvert prosjekts siste godkjente rapport",
            card_id="oversikt-brukt",
        ),
        stat_card(
            "Forbruksgrad",
            format_percent(data.spending_rate),
            f"Brukt av innvilget {years} (prosjekter med rapportert forbruk"
            + (f"; ingen tildeling registrert for {data.round_year})" if data.round_year_unallocated else ")"),
            card_id="oversikt-forbruk",
        ),
        stat_card(
            "Prosjekter", f"{data.active_count} aktive", f"{data.ended_count} avsluttede", card_id="oversikt-prosjekter"
        ),
        stat_card(
            "Avvik i trykte tall",
            format_int(len(data.findings)),
            "Tall i rapporten som bryter formlene",
            card_id="oversikt-avvik",
        ),
        stat_card(
            "Milepæler ferdig",
            f"{milestones.done} av {milestones.total}",
            f"{milestones.planned} planlagt, {milestones.overdue} forfalt uten å være meldt ferdig",
            card_id="oversikt-milepaeler",
        ),
        stat_card(
            f"Innrapportering {view.reporting_round}" if view.reporting_round else "Innrapportering",
            f"{sum(1 for s in statuses if s.status in REPORTED_STATUSES)} av {len(statuses)} inne",
            status_summary(statuses) if statuses else "Ingen runde",
            card_id="oversikt-innrapportering",
        ),
    ]


def _projects_intro(view) -> list:
    illustrative = any(r.scores_illustrative for r in view.rows)
    return [
        html.H2(["Prosjekter"] + ([" ", illustrative_badge()] if illustrative else [])),
        html.P(
            "Statusfargen beregnes fra forbruk, forfalte milepæler, fremdrift og «leverer mål og gevinster»"
            + (" (en grunn merket «eksempeldata» bygger på poeng som er eksempeldata)" if illustrative else "")
            + ". Klikk et prosjektnavn for å se prosjektet.",
            className="muted",
        ),
    ]


def _findings(view) -> list:
    params = {"runde": view.data.round_name, "ordning": view.scope.scheme_id}
    return [
        findings_table(view.data.findings, table_id="oversikt-avvik-tabell"),
        export_button("avvik", params) if view.data.findings else None,
    ]


def _export(view):
    return export_button("prosjekter", {"runde": view.data.round_name, "ordning": view.scope.scheme_id})


NO_PROJECTS = (
    "Ordningen har ingen prosjekter ennå. Prosjektene kommer inn med ordningens rapportfil, som driftsansvarlig "
    "leser inn (se README)."
)


def overview_page(view) -> html.Div:
    data = view.data
    controls = (
        scheme_and_round("oversikt", view.scope, data.round_name if data else None)
        if view.scope.scheme_id is not None
        else None
    )
    if data is None or not data.projects:
        return html.Div(
            [
                html.H1("Oversikt"),
                controls,
                empty_state("Ingen prosjekter ennå", NO_PROJECTS)
                if view.scope.scheme_id is not None
                else empty_state("Ingen tilskuddsordning ennå", NO_SCHEME),
            ]
        )
    if data.round_name is None and view.requested_round:
        return html.Div(
            [
                html.H1("Oversikt"),
                controls,
                empty_state(
                    "Fant ikke runden", f"Det finnes ingen rapporteringsrunde som heter «{view.requested_round}»."
                ),
            ]
        )
    return html.Div(
        [
            html.H1("Oversikt"),
            html.P(_lead(view), className="lead", id="oversikt-ingress"),
            controls,
            dcc.Store(id="oversikt-sporring"),
            html.Section(_stats(view), className="stat-grid", id="oversikt-nokkeltall", **{"aria-label": "Nøkkeltall"}),
            html.Div(_projects_intro(view), id="oversikt-prosjekter-intro"),
            project_grid(project_grid_rows(view.rows, data.round_name), grid_id="oversikt-prosjekter-rutenett"),
            html.Div(_export(view), id="oversikt-prosjekter-eksport"),
            html.H2("Avvik i trykte tall"),
            html.Div(_findings(view), id="oversikt-avvik-liste"),
        ]
    )


def overview_updates(view) -> tuple | None:
    """What a round change replaces in place: lead, key figures, grid intro, grid rows, export, findings."""
    if view.data is None or view.data.round_name is None:
        return None
    return (
        _lead(view),
        _stats(view),
        _projects_intro(view),
        project_grid_rows(view.rows, view.data.round_name),
        _export(view),
        _findings(view),
    )
