"""Bruker: who is acting. Until login lands (access-control issue), the name is kept in the session."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html
from flask import session

import runtime

dash.register_page(__name__, path="/bruker", name="Bruker", title="Bruker – Gevinstportalen")


def layout(**_ignored):
    return html.Div([
        html.H1("Hvem er du?"),
        html.P("Navnet lagres i denne nettleserøkten og brukes i historikken over hvem som har endret hva. "
               "Innlogging med roller kommer senere; inntil da er dette et navn, ikke en tilgangskontroll.",
               className="lead"),
        html.P(["Du handler nå som: ", html.Strong(runtime.current_user(), id="bruker-navn-vist")]),
        html.Div([
            html.Label("Navn", htmlFor="bruker-navn"),
            dcc.Input(id="bruker-navn", type="text", value=session.get("user_name", ""), maxLength=100),
        ], className="field"),
        html.Button("Lagre", id="bruker-lagre", className="button-primary", type="button"),
        html.Div(id="bruker-melding", role="status"),
    ])


@callback(Output("bruker-melding", "children"), Output("bruker-navn-vist", "children"),
          Input("bruker-lagre", "n_clicks"), State("bruker-navn", "value"), prevent_initial_call=True)
def save_name(_clicks, name):
    name = (name or "").strip()
    if not name:
        return html.P("Skriv navnet ditt.", className="error-text"), runtime.current_user()
    session["user_name"] = name[:100]
    return html.P(f"Lagret. Du handler nå som {name}.", className="ok-text"), name
