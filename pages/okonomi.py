"""Økonomi: granted vs spent, the report's tables 3 and 4 with printed and computed figures, the envelope."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx

from components.filters import url_with_scheme
from components.finance import finances_page
from services import portfolio
from web.context import current

dash.register_page(__name__, path="/okonomi", name="Økonomi", title="Økonomi – Gevinstportalen", nav_order=3)


def layout(runde: str | None = None, ordning: str | None = None, side: str | None = None, **_ignored):
    view = portfolio.finances(current(), round_name=runde, scheme=ordning, page=side)
    return finances_page(view, scheme_param=ordning)


@callback(
    Output("okonomi-url", "search"),
    Input("okonomi-runde", "value"),
    Input("okonomi-ordning", "value"),
    prevent_initial_call=True,
)
def update_url(round_name, scheme):
    return url_with_scheme({"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control="okonomi-ordning")
