"""One project: facts, purpose, milestones, money per year, scores, KPIs, texts, SSU decisions, history."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, no_update

from components.cards import page_title
from components.projects import project_not_found, project_page
from services import projects, reporting
from web.context import current

dash.register_page(
    __name__,
    path_template="/prosjekter/<nummer>",
    name="Prosjekt",
    title=lambda nummer=None, **_query: page_title("Prosjekt", nummer),
)


def layout(nummer: str | None = None, runde: str | None = None, **_ignored):
    ctx = current()
    view = projects.project_page(ctx, ref=nummer, round_name=runde)
    return project_page(view) if view.detail else project_not_found(nummer)


@callback(
    Output("prosjekt-mal", "data"),
    Input("prosjekt-mal-knapp", "n_clicks"),
    State("prosjekt-mal-valg", "data"),
    prevent_initial_call=True,
)
def download_template(_clicks, chosen):
    outcome = reporting.template_file(
        current(), project_id=(chosen or {}).get("project"), round_id=(chosen or {}).get("round")
    )
    return dcc.send_bytes(outcome.value.content, outcome.value.filename) if outcome.ok else no_update
