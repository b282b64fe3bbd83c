"""Oversikt: the portfolio at a glance for the chosen scheme and round (?ordning=ID&runde=Høst 2025).

Choosing another round updates only the parts that depend on it (key figures, the project grid's
rows, the findings) and rewrites the query string in place, so the change is quick and the link can
still be shared. Choosing another scheme loads the page anew.
"""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update

from components.filters import url_with_scheme
from components.overview import overview_page, overview_updates
from services import portfolio
from web.context import current

dash.register_page(__name__, path="/", name="Oversikt", title="Oversikt – Gevinstportalen", nav_order=0)


def layout(runde: str | None = None, ordning: str | None = None, **_ignored):
    return overview_page(portfolio.overview(current(), round_name=runde, scheme=ordning))


@callback(Output("oversikt-url", "search"), Input("oversikt-ordning", "value"), prevent_initial_call=True)
def change_scheme(scheme):
    return url_with_scheme({}, scheme, triggered="oversikt-ordning", scheme_control="oversikt-ordning")


@callback(
    Output("oversikt-ingress", "children"),
    Output("oversikt-nokkeltall", "children"),
    Output("oversikt-prosjekter-intro", "children"),
    Output("oversikt-prosjekter-rutenett", "rowData"),
    Output("oversikt-prosjekter-eksport", "children"),
    Output("oversikt-avvik-liste", "children"),
    Input("oversikt-runde", "value"),
    State("oversikt-ordning", "value"),
    prevent_initial_call=True,
)
def change_round(round_name, scheme):
    updates = overview_updates(portfolio.overview(current(), round_name=round_name, scheme=scheme))
    return updates if updates is not None else (no_update,) * 6


clientside_callback(
    ClientsideFunction(namespace="gevinst", function_name="setQuery"),
    Output("oversikt-sporring", "data"),
    Input("oversikt-runde", "value"),
    State("oversikt-ordning", "value"),
    prevent_initial_call=True,
)
