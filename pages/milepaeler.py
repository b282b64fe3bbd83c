"""Milepæler: a timeline of every milestone from the parsed periods, with filters in the URL.

Milestones whose period could not be parsed are listed beside the chart, never dropped.
"""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx

from components.filters import as_list, url_with_scheme
from components.milestones import milestones_page
from services import portfolio
from web.context import current

dash.register_page(__name__, path="/milepaeler", name="Milepæler", title="Milepæler – Gevinstportalen", nav_order=2)


def layout(
    prosjekt=None,
    status=None,
    forfalt: str | None = None,
    runde: str | None = None,
    ordning: str | None = None,
    side: str | None = None,
    **_ignored,
):
    """The timeline shows 20 projects at a time (the filters narrow it further); the export has every row."""
    service = current()
    query = {"prosjekt": prosjekt, "status": status, "forfalt": forfalt, "runde": runde, "ordning": ordning}
    projects, statuses, overdue = as_list(prosjekt), as_list(status), forfalt == "ja"
    view = portfolio.milestones(
        service,
        round_name=runde,
        scheme=ordning,
        project_refs=projects,
        statuses=statuses,
        only_overdue=overdue,
        page=side,
    )
    filters = {"prosjekt": projects, "status": statuses, "forfalt": overdue, "query": query}
    return milestones_page(view, filters=filters)


@callback(
    Output("milepaeler-url", "search"),
    Input("milepaeler-prosjekt", "value"),
    Input("milepaeler-status", "value"),
    Input("milepaeler-forfalt", "value"),
    Input("milepaeler-runde", "value"),
    Input("milepaeler-ordning", "value"),
    prevent_initial_call=True,
)
def update_url(projects, statuses, overdue, round_name, scheme):
    return url_with_scheme(
        {
            "prosjekt": ",".join(projects or []),
            "status": ",".join(statuses or []),
            "forfalt": overdue,
            "runde": round_name,
        },
        scheme,
        triggered=ctx.triggered_id,
        scheme_control="milepaeler-ordning",
        scheme_bound=("runde", "prosjekt"),
    )
