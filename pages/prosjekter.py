"""Prosjekter: every project with search and filters (status, owner, target group, round) in the URL."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx, html

import runtime
from components.cards import empty_state, illustrative_badge
from components.export import export_button
from components.filters import dropdown, filter_bar, scheme_dropdown, scheme_key, text_filter, url_with_scheme
from components.project_table import project_grid
from components.projects import filter_projects, owner_options, project_grid_rows
from db.page_queries import project_list, round_names
from db.queries import scheme_by_id, scheme_choices
from db.session import read_session

dash.register_page(__name__, path="/prosjekter", name="Prosjekter", title="Prosjekter – Gevinstportalen",
                   nav_order=1)

STATUS_OPTIONS = [{"label": "Aktive", "value": "aktiv"}, {"label": "Avsluttede", "value": "avsluttet"}]


def layout(sok: str | None = None, status: str | None = None, eier: str | None = None,
           malgruppe: str | None = None, runde: str | None = None, ordning: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        choices = scheme_choices(session=session)
        scheme_id = scheme.id if scheme else None
        data, rows = project_list(session=session, round_name=runde, today=runtime.today(), scheme_id=scheme_id)
        rounds = round_names(session=session, scheme_id=scheme_id)
    if data is None or not rows:
        return html.Div([html.H1("Prosjekter"), empty_state(
            "Ingen prosjekter ennå", "Importer en rapport med «python -m etl import FIL.xlsx».")])
    groups = sorted({g for r in rows for g in r.target_groups})
    shown = filter_projects(rows, search=sok or "", status=status, owner=eier, target_group=malgruppe)
    controls = filter_bar("prosjekter-url", [
        scheme_dropdown("prosjekter-ordning", choices, scheme),
        text_filter("prosjekter-sok", "Søk", sok, "Navn, nummer, eier eller leder"),
        dropdown("prosjekter-status", "Status", STATUS_OPTIONS, status),
        dropdown("prosjekter-eier", "Prosjekteier", owner_options(rows), eier),
        dropdown("prosjekter-malgruppe", "Målgruppe", groups, malgruppe),
        dropdown("prosjekter-runde", "Rapporteringsrunde", rounds, data.round_name, clearable=False),
    ])
    count = (f"Viser {len(shown)} av {len(rows)} prosjekter" if len(shown) != len(rows)
             else f"{len(rows)} prosjekter")
    body = (project_grid(project_grid_rows(shown), grid_id="prosjekter-grid") if shown else empty_state(
        "Ingen treff", "Ingen prosjekter passer med filtrene. Fjern ett eller flere filtre."))
    return html.Div([
        html.H1("Prosjekter"),
        html.P(f"{count}, rapporteringsrunde {data.round_name}. Statusfargen beregnes fra forbruk, forfalte "
               "milepæler og fremdrift; begrunnelsen står i kolonnen Varsler.", className="lead",
               id="prosjekter-count"),
        controls,
        html.P([illustrative_badge(), " Målgrupper og poeng for fremdrift er eksempeldata; rapporten viste dem bare "
                "som diagram."], className="muted")
        if any(r.target_groups_illustrative or r.scores_illustrative for r in rows) else None,
        body,
        export_button("prosjekter", {"sok": sok, "status": status, "eier": eier, "malgruppe": malgruppe,
                                     "runde": data.round_name, "ordning": scheme.id}),
    ])


@callback(Output("prosjekter-url", "search"),
          Input("prosjekter-sok", "value"), Input("prosjekter-status", "value"), Input("prosjekter-eier", "value"),
          Input("prosjekter-malgruppe", "value"), Input("prosjekter-runde", "value"),
          Input("prosjekter-ordning", "value"), prevent_initial_call=True)
def update_url(search, status, owner, group, round_name, scheme):
    return url_with_scheme({"sok": search, "status": status, "eier": owner, "malgruppe": group, "runde": round_name},
                           scheme, triggered=ctx.triggered_id, scheme_control="prosjekter-ordning",
                           scheme_bound=("runde", "eier", "malgruppe"))
