"""Gevinster: benefit scores per criterion (0–3), progress and every other score dimension, for a round."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx

from components.filters import url_with_scheme
from components.scores import benefits_page
from services import portfolio
from web.context import current

dash.register_page(__name__, path="/gevinster", name="Gevinster", title="Gevinster – Gevinstportalen", nav_order=4)


def layout(runde: str | None = None, ordning: str | None = None, side: str | None = None, **_ignored):
    return benefits_page(
        portfolio.benefits(current(), round_name=runde, scheme=ordning, page=side), scheme_param=ordning
    )


@callback(
    Output("gevinster-url", "search"),
    Input("gevinster-runde", "value"),
    Input("gevinster-ordning", "value"),
    prevent_initial_call=True,
)
def update_url(round_name, scheme):
    return url_with_scheme(
        {"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control="gevinster-ordning"
    )
