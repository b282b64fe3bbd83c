"""Min side: who is logged in, with which role and projects, and changing one's own password."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback

from components.users import PASSWORD_FIELDS, my_page, password_feedback
from services import users
from web import auth
from web.context import current

dash.register_page(__name__, path="/bruker", name="Min side", title="Min side – Gevinstportalen")


def layout(**_ignored):
    return my_page(users.my_page(current()), min_password=users.MIN_PASSWORD)


@callback(
    Output("bruker-passord-feil", "children"),
    Output("bruker-passord-melding", "children"),
    *[Output(f"bruker-passord-{key}-feil", "children") for key, _l, _a in PASSWORD_FIELDS],
    *[Output(f"bruker-passord-{key}", "value") for key, _l, _a in PASSWORD_FIELDS],
    Output("bruker-engangspassord", "hidden"),
    Input("bruker-passord-knapp", "n_clicks"),
    *[State(f"bruker-passord-{key}", "value") for key, _l, _a in PASSWORD_FIELDS],
    prevent_initial_call=True,
)
def change_password(_clicks, current_password, new, repeat):
    outcome = users.change_own_password(current(), current=current_password, new=new, repeat=repeat)
    auth.continue_session(outcome.value)  # every other session of the user has ended; this one goes on
    return password_feedback(outcome)
