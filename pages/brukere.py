"""Brukere (secretariat only): who has access, with which role and projects; add and disable users."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, no_update

from components.feedback import outcome_message
from components.users import users_page, users_table
from services import users
from web.context import current

dash.register_page(__name__, path="/brukere", name="Brukere", title="Brukere – Gevinstportalen", nav_order=8)


def layout(**_ignored):
    return users_page(users.users_view(current()), min_password=users.MIN_PASSWORD)


@callback(Output("brukere-tabell", "children"), Input("brukere-versjon", "data"))
def show_users(_version):
    return users_table(users.users_view(current()))


@callback(
    Output("brukere-melding", "children"),
    Output("brukere-versjon", "data"),
    Input("brukere-opprett", "n_clicks"),
    State("brukere-brukernavn", "value"),
    State("brukere-navn", "value"),
    State("brukere-epost", "value"),
    State("brukere-passord", "value"),
    State("brukere-rolle", "value"),
    State("brukere-prosjekter", "value"),
    State("brukere-versjon", "data"),
    prevent_initial_call=True,
)
def create(_clicks, username, name, email, password, role, projects, version):
    outcome = users.add_user(
        current(),
        username=username,
        role=role,
        password=password,
        name=name,
        email=email,
        projects=projects if isinstance(projects, list) else [],
    )
    return outcome_message(outcome), (version or 0) + 1 if outcome.ok else no_update


@callback(
    Output("brukere-aktiv-melding", "children"),
    Output("brukere-versjon", "data", allow_duplicate=True),
    Input("brukere-deaktiver", "n_clicks"),
    Input("brukere-aktiver", "n_clicks"),
    State("brukere-aktiv-navn", "value"),
    State("brukere-versjon", "data"),
    prevent_initial_call=True,
)
def activate(_off, _on, username, version):
    outcome = users.set_active(current(), username=username, active=dash.ctx.triggered_id == "brukere-aktiver")
    return outcome_message(outcome), (version or 0) + 1 if outcome.ok else no_update
