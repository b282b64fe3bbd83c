"""Indikatorer (gevinstrealisering): each benefit with its KPIs, baseline, target and values over time."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx

from components.filters import url_with_scheme
from components.indicators import indicators_page
from services import portfolio
from web.context import current

dash.register_page(
    __name__, path="/indikatorer", name="Indikatorer", title="Indikatorer – Gevinstportalen", nav_order=5
)


def layout(
    prosjekt: str | None = None, bak: str | None = None, ordning: str | None = None, side: str | None = None, **_ignored
):
    view = portfolio.indicators(current(), project=prosjekt, behind_only=bak == "ja", scheme=ordning, page=side)
    return indicators_page(view, query={"prosjekt": prosjekt, "bak": bak, "ordning": ordning})


@callback(
    Output("indikatorer-url", "search"),
    Input("indikatorer-prosjekt", "value"),
    Input("indikatorer-bak", "value"),
    Input("indikatorer-ordning", "value"),
    prevent_initial_call=True,
)
def update_url(project, behind, scheme):
    return url_with_scheme(
        {"prosjekt": project, "bak": behind},
        scheme,
        triggered=ctx.triggered_id,
        scheme_control="indikatorer-ordning",
        scheme_bound=("prosjekt",),
    )
