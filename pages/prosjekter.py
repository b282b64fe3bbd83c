"""Prosjekter: every project with search and filters (status, owner, target group, round) in the URL."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx

from components.filters import url_with_scheme
from components.projects import projects_page
from services import portfolio
from web.context import current

dash.register_page(__name__, path="/prosjekter", name="Prosjekter", title="Prosjekter – Gevinstportalen", nav_order=1)


def layout(
    sok: str | None = None,
    status: str | None = None,
    eier: str | None = None,
    malgruppe: str | None = None,
    runde: str | None = None,
    ordning: str | None = None,
    **_ignored,
):
    view = portfolio.projects(
        current(), round_name=runde, scheme=ordning, search=sok, status=status, owner=eier, target_group=malgruppe
    )
    return projects_page(view, {"sok": sok, "status": status, "eier": eier, "malgruppe": malgruppe})


@callback(
    Output("prosjekter-url", "search"),
    Input("prosjekter-sok", "value"),
    Input("prosjekter-status", "value"),
    Input("prosjekter-eier", "value"),
    Input("prosjekter-malgruppe", "value"),
    Input("prosjekter-runde", "value"),
    Input("prosjekter-ordning", "value"),
    prevent_initial_call=True,
)
def update_url(search, status, owner, group, round_name, scheme):
    return url_with_scheme(
        {"sok": search, "status": status, "eier": owner, "malgruppe": group, "runde": round_name},
        scheme,
        triggered=ctx.triggered_id,
        scheme_control="prosjekter-ordning",
        scheme_bound=("runde", "eier", "malgruppe"),
    )
