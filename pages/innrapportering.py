"""Innrapportering (secretariat): rounds, deadlines, who has reported, reminders, locks."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, no_update

from components.feedback import error_id
from components.filters import url_with_scheme
from components.rounds import (
    CONTACTS_FIELD_IDS,
    CREATED_ID,
    DEADLINE_FIELD_IDS,
    NEW_ROUND_FIELD_IDS,
    UNLOCK_FIELD_IDS,
    contacts_form,
    contacts_saved,
    created_round_search,
    deadline_saved,
    reminder_result,
    round_created,
    round_heading,
    round_projects,
    round_toggled,
    rounds_page,
    unlock_result,
)
from services import contacts, rounds
from web.context import current

dash.register_page(
    __name__, path="/innrapportering", name="Innrapportering", title="Innrapportering – Gevinstportalen", nav_order=6
)


def layout(runde: str | None = None, ordning: str | None = None, opprettet: str | None = None, **_ignored):
    return rounds_page(rounds.rounds_page(current(), round_name=runde, scheme=ordning), created=opprettet == "1")


def _bump(outcome, version):
    return (version or 0) + 1 if outcome.ok else no_update


@callback(
    Output("innrapportering-url", "search"),
    Input("innrapportering-runde", "value"),
    Input("innrapportering-ordning", "value"),
    prevent_initial_call=True,
)
def update_url(round_name, scheme):
    return url_with_scheme(
        {"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control="innrapportering-ordning"
    )


@callback(
    Output("innrapportering-tabell", "children"),
    Output("innrapportering-oppsummering", "children"),
    Output("innrapportering-las-prosjekt", "options"),
    Output("innrapportering-kontakt-prosjekt", "options"),
    Input("innrapportering-versjon", "data"),
    State("innrapportering-runde-id", "data"),
)
def show_status(_version, round_id):
    return round_projects(rounds.round_status(current(), round_id=round_id))


@callback(
    Output("innrapportering-runde-status", "children"),
    Output("innrapportering-apne-lukk", "children"),
    Output("innrapportering-apne-lukk", "className"),
    Input("innrapportering-versjon", "data"),
    State("innrapportering-runde-id", "data"),
)
def show_round(_version, round_id):
    return round_heading(rounds.round_status(current(), round_id=round_id))


@callback(
    Output("innrapportering-runde-melding", "children"),
    Output(CREATED_ID, "children"),
    Output("innrapportering-versjon", "data", allow_duplicate=True),
    Input("innrapportering-apne-lukk", "n_clicks"),
    State("innrapportering-runde-id", "data"),
    State("innrapportering-versjon", "data"),
    prevent_initial_call=True,
)
def toggle_open(_clicks, round_id, version):
    outcome = rounds.toggle_open(current(), round_id=round_id)
    return *round_toggled(outcome), _bump(outcome, version)


@callback(
    Output("innrapportering-runde-feil", "children"),
    Output("innrapportering-runde-melding", "children", allow_duplicate=True),
    *[Output(error_id(field_id), "children") for field_id in DEADLINE_FIELD_IDS.values()],
    Output("innrapportering-versjon", "data", allow_duplicate=True),
    Input("innrapportering-frist-knapp", "n_clicks"),
    State("innrapportering-frist", "value"),
    State("innrapportering-runde-id", "data"),
    State("innrapportering-versjon", "data"),
    prevent_initial_call=True,
)
def save_deadline(_clicks, text, round_id, version):
    outcome = rounds.set_deadline(current(), round_id=round_id, deadline_text=text)
    return *deadline_saved(outcome), _bump(outcome, version)


@callback(
    Output("innrapportering-ny-feil", "children"),
    *[Output(error_id(field_id), "children") for field_id in NEW_ROUND_FIELD_IDS.values()],
    Output("innrapportering-url", "search", allow_duplicate=True),
    Input("innrapportering-ny-knapp", "n_clicks"),
    State("innrapportering-ny-navn", "value"),
    State("innrapportering-ny-frist", "value"),
    State("innrapportering-ordning-id", "data"),
    prevent_initial_call=True,
)
def new_round(_clicks, name, deadline_text, scheme_id):
    outcome = rounds.create_round(current(), scheme_id=scheme_id, name=name, deadline_text=deadline_text)
    return *round_created(outcome), created_round_search(outcome, scheme_id)


@callback(
    Output("innrapportering-paminnelse-resultat", "children"),
    Output("innrapportering-versjon", "data", allow_duplicate=True),
    Input("innrapportering-paminnelse", "n_clicks"),
    State("innrapportering-runde-id", "data"),
    State("innrapportering-versjon", "data"),
    prevent_initial_call=True,
)
def remind(_clicks, round_id, version):
    outcome = rounds.remind(current(), round_id=round_id)
    return reminder_result(outcome), _bump(outcome, version)


@callback(
    Output("innrapportering-kontakt-adresser", "value"),
    Output("innrapportering-kontakt-ledere", "children"),
    Output("innrapportering-kontakt-melding", "children"),
    Input("innrapportering-kontakt-prosjekt", "value"),
    State("innrapportering-runde-id", "data"),
    prevent_initial_call=True,
)
def show_contacts(project_id, round_id):
    if project_id is None:
        return "", None, None
    return contacts_form(contacts.contacts_for(current(), round_id=round_id, project_id=project_id))


@callback(
    Output("innrapportering-kontakt-feil", "children"),
    Output("innrapportering-kontakt-melding", "children", allow_duplicate=True),
    *[Output(error_id(field_id), "children") for field_id in CONTACTS_FIELD_IDS.values()],
    Output("innrapportering-kontakt-adresser", "value", allow_duplicate=True),
    Output("innrapportering-kontakt-ledere", "children", allow_duplicate=True),
    Output("innrapportering-versjon", "data", allow_duplicate=True),
    Input("innrapportering-kontakt-knapp", "n_clicks"),
    State("innrapportering-kontakt-prosjekt", "value"),
    State("innrapportering-kontakt-adresser", "value"),
    State("innrapportering-runde-id", "data"),
    State("innrapportering-versjon", "data"),
    prevent_initial_call=True,
)
def save_contacts(_clicks, project_id, text, round_id, version):
    outcome = contacts.save_contacts(current(), round_id=round_id, project_id=project_id, addresses=text)
    return *contacts_saved(outcome, text), _bump(outcome, version)


@callback(
    Output("innrapportering-las-feil", "children"),
    Output("innrapportering-las-melding", "children"),
    *[Output(error_id(field_id), "children") for field_id in UNLOCK_FIELD_IDS.values()],
    Output("innrapportering-versjon", "data", allow_duplicate=True),
    Input("innrapportering-las-knapp", "n_clicks"),
    State("innrapportering-las-prosjekt", "value"),
    State("innrapportering-las-timer", "value"),
    State("innrapportering-las-grunn", "value"),
    State("innrapportering-runde-id", "data"),
    State("innrapportering-versjon", "data"),
    prevent_initial_call=True,
)
def unlock(_clicks, project_id, hours, reason, round_id, version):
    outcome = rounds.unlock(current(), round_id=round_id, project_id=project_id, hours=hours, reason=reason)
    return *unlock_result(outcome), _bump(outcome, version)
