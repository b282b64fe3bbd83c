"""Brukere (secretariat only): who has access, with which role and projects; add, edit, give a one-time
password, disable and enable users."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback

from components.feedback import error_id
from components.users import (
    CHOSEN,
    EDIT_KEYS,
    EDIT_PREFIX,
    NEW_KEYS,
    NEW_PREFIX,
    RESET_FIELD_IDS,
    action_feedback,
    chosen_user_fields,
    edit_feedback,
    new_user_feedback,
    password_reset_feedback,
    users_list_and_choices,
    users_page,
)
from services import authz, users
from web.context import current

dash.register_page(
    __name__,
    path="/brukere",
    name="Brukere",
    title="Brukere – Gevinstportalen",
    nav_order=8,
    nav_requires=authz.ADMIN,  # the menu shows it to the secretariat only
)


def layout(**_ignored):
    return users_page(users.users_view(current()), min_password=users.MIN_PASSWORD)


@callback(
    Output("brukere-tabell", "children"),
    Output("brukere-valgt", "options"),
    Input("brukere-versjon", "data"),
)
def show_users(_version):
    return users_list_and_choices(users.users_view(current()))


@callback(
    Output("brukere-feil", "children"),
    Output("brukere-melding", "children"),
    *[Output(error_id(f"{NEW_PREFIX}{key}"), "children") for key in NEW_KEYS],
    *[Output(f"{NEW_PREFIX}{key}", "value") for key in NEW_KEYS],
    Output("brukere-versjon", "data"),
    Input("brukere-opprett", "n_clicks"),
    *[State(f"{NEW_PREFIX}{key}", "value") for key in NEW_KEYS],
    State("brukere-versjon", "data"),
    prevent_initial_call=True,
)
def create(_clicks, username, name, email, password, role, projects, version):
    outcome = users.add_user(
        current(),
        username=username,
        name=name,
        email=email,
        password=password,
        role=role,
        projects=projects,
        one_time=True,
    )
    return new_user_feedback(outcome, version)


@callback(
    *[Output(f"{EDIT_PREFIX}{key}", "value") for key in EDIT_KEYS],
    Output("brukere-valgt-status", "children"),
    Output("brukere-endre-feil", "children", allow_duplicate=True),
    Output("brukere-endre-melding", "children", allow_duplicate=True),
    Input("brukere-valgt", "value"),
    Input("brukere-versjon", "data"),
    prevent_initial_call=True,
)
def choose(username, _version):
    """Fill the edit panel for the chosen user; after a save, show what was saved (keeping the message)."""
    chosen_now = dash.ctx.triggered_id == "brukere-valgt"
    return chosen_user_fields(users.user_details(current(), username), clear_messages=chosen_now)


@callback(
    Output("brukere-endre-feil", "children"),
    Output("brukere-endre-melding", "children"),
    *[Output(error_id(f"{EDIT_PREFIX}{key}"), "children") for key in EDIT_KEYS],
    Output(error_id(CHOSEN), "children"),
    Output("brukere-versjon", "data", allow_duplicate=True),
    Input("brukere-lagre", "n_clicks"),
    State("brukere-valgt", "value"),
    *[State(f"{EDIT_PREFIX}{key}", "value") for key in EDIT_KEYS],
    State("brukere-versjon", "data"),
    prevent_initial_call=True,
)
def save(_clicks, username, name, email, role, projects, version):
    outcome = users.update_user(current(), username=username, name=name, email=email, role=role, projects=projects)
    return edit_feedback(outcome, version)


@callback(
    Output("brukere-tilbakestill-feil", "children"),
    Output("brukere-passord-melding", "children"),
    *[Output(error_id(field_id), "children", allow_duplicate=True) for field_id in RESET_FIELD_IDS.values()],
    Output("brukere-versjon", "data", allow_duplicate=True),
    Output("brukere-nytt-passord", "value"),
    Input("brukere-tilbakestill", "n_clicks"),
    State("brukere-valgt", "value"),
    State("brukere-nytt-passord", "value"),
    State("brukere-versjon", "data"),
    prevent_initial_call=True,
)
def reset_password(_clicks, username, password, version):
    return password_reset_feedback(users.reset_password(current(), username=username, password=password), version)


@callback(
    Output("brukere-aktiv-melding", "children"),
    Output("brukere-versjon", "data", allow_duplicate=True),
    Input("brukere-deaktiver", "n_clicks"),
    Input("brukere-aktiver", "n_clicks"),
    State("brukere-valgt", "value"),
    State("brukere-versjon", "data"),
    prevent_initial_call=True,
)
def activate(_off, _on, username, version):
    outcome = users.set_active(current(), username=username, active=dash.ctx.triggered_id == "brukere-aktiver")
    return action_feedback(outcome, version)
