"""Excel downloads: one callback for every export button (``components.export.export_button``).

Each table is read through the same service as its page, with the page's filters, and built by the
builders in ``components.export_tables``; the button's id carries the table's key and the filters.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from dash import MATCH, Input, Output, State, callback, dcc, no_update

from components import export_tables as tables
from components.export import ExportTable, export_filename, to_xlsx
from components.filters import as_list
from services import portfolio, ssu
from services.context import Context
from web.context import current

Exporter = Callable[[Context, dict], ExportTable]


def _finances(ctx: Context, params: dict):
    return portfolio.finances(ctx, round_name=params.get("runde"), scheme=params.get("ordning")).data


def _projects(view) -> ExportTable:
    return tables.projects_export(view.shown, view.data.round_name if view.data else None)


EXPORTERS: dict[str, Exporter] = {
    "okonomi-tabell3": lambda ctx, q: tables.table3_export(_finances(ctx, q)),
    "okonomi-tabell4": lambda ctx, q: tables.table4_export(_finances(ctx, q)),
    "avvik": lambda ctx, q: tables.findings_export(getattr(_finances(ctx, q), "findings", [])),
    "prosjekter": lambda ctx, q: _projects(
        portfolio.projects(
            ctx,
            round_name=q.get("runde"),
            scheme=q.get("ordning"),
            search=q.get("sok"),
            status=q.get("status"),
            owner=q.get("eier"),
            target_group=q.get("malgruppe"),
        )
    ),
    "milepaeler": lambda ctx, q: tables.milestones_export(
        portfolio.milestones(
            ctx,
            round_name=q.get("runde"),
            scheme=q.get("ordning"),
            project_refs=as_list(q.get("prosjekt")),
            statuses=as_list(q.get("status")),
            only_overdue=q.get("forfalt") == "ja",
        ).shown
    ),
    "indikatorer": lambda ctx, q: tables.indicators_export(
        portfolio.all_indicators(ctx, project=q.get("prosjekt"), scheme=q.get("ordning"))
    ),
    "gevinster": lambda ctx, q: tables.scores_export(
        portfolio.benefits(ctx, round_name=q.get("runde"), scheme=q.get("ordning")).scores
    ),
    "ssu-matrise": lambda ctx, q: tables.matrix_export(
        ssu.matrix(ctx, round_name=q.get("runde"), scheme=q.get("ordning"))[1]
    ),
}


def export_table(ctx: Context, key: str, params_text: str) -> ExportTable | None:
    """The table an export button asks for, with its page's filters; None for an unknown table."""
    exporter = EXPORTERS.get(str(key))
    if exporter is None:
        return None
    params = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(str(params_text or "")).items()}
    return exporter(ctx, params)


@callback(
    Output({"type": "eksport-fil", "tabell": MATCH, "valg": MATCH}, "data"),
    Input({"type": "eksport-knapp", "tabell": MATCH, "valg": MATCH}, "n_clicks"),
    State({"type": "eksport-knapp", "tabell": MATCH, "valg": MATCH}, "id"),
    prevent_initial_call=True,
)
def download(n_clicks, ident):
    table = export_table(current(), (ident or {}).get("tabell"), (ident or {}).get("valg")) if n_clicks else None
    return dcc.send_bytes(to_xlsx(table), export_filename(ident["tabell"], ident.get("valg"))) if table else no_update
