"""Norwegian page for unknown addresses."""

import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", name="Fant ikke siden", title="Fant ikke siden – Gevinstportalen")


def layout(**_ignored):
    return html.Div([
        html.H1("Fant ikke siden"),
        html.P("Adressen finnes ikke i Gevinstportalen. Den kan være skrevet feil, eller siden er flyttet."),
        dcc.Link("Gå til oversikten", href="/"),
    ], className="empty-state")
