"""Tekster til rapporten (/rundetekster): the secretariat writes the round report's own chapters, with versions;
others read the latest saved texts."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, no_update

from components.filters import url_with_scheme
from components.round_texts import (
    CHAPTER_KEYS,
    PREFIX,
    TITLE,
    form_texts,
    loaded_texts,
    round_texts_page,
    saved_feedback,
    shown_versions,
    text_id,
)
from services import round_texts
from web.context import current

dash.register_page(__name__, path="/rundetekster", name=TITLE, title=f"{TITLE} – Gevinstportalen")


def layout(runde: str | None = None, ordning: str | None = None, **_ignored):
    return round_texts_page(round_texts.round_texts_page(current(), round_name=runde, scheme=ordning))


@callback(
    Output(f"{PREFIX}-url", "search"),
    Input(f"{PREFIX}-runde", "value"),
    Input(f"{PREFIX}-ordning", "value"),
    prevent_initial_call=True,
)
def update_url(round_name, scheme):
    return url_with_scheme(
        {"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control=f"{PREFIX}-ordning"
    )


@callback(
    Output(f"{PREFIX}-melding", "children"),
    Output(f"{PREFIX}-feil", "children"),
    *[Output(f"{text_id(key)}-feil", "children") for key in CHAPTER_KEYS],
    Output(f"{PREFIX}-grunnlag", "data"),
    Output(f"{PREFIX}-teller", "data"),
    Input(f"{PREFIX}-lagre", "n_clicks"),
    *[State(text_id(key), "value") for key in CHAPTER_KEYS],
    State(f"{PREFIX}-grunnlag", "data"),
    State(f"{PREFIX}-runde-id", "data"),
    State(f"{PREFIX}-teller", "data"),
    prevent_initial_call=True,
)
def save(_clicks, *rest):
    *texts, based_on, round_id, counter = rest
    outcome = round_texts.save_texts(current(), round_id=round_id, texts=form_texts(texts), based_on=based_on)
    *feedback, refresh = saved_feedback(outcome, based_on)
    return (*feedback, (counter or 0) + 1 if refresh else no_update)


@callback(
    *[Output(text_id(key), "value") for key in CHAPTER_KEYS],
    Output(f"{PREFIX}-grunnlag", "data", allow_duplicate=True),
    Output(f"{PREFIX}-melding", "children", allow_duplicate=True),
    Output(f"{PREFIX}-feil", "children", allow_duplicate=True),
    Output(f"{PREFIX}-teller", "data", allow_duplicate=True),
    Input(f"{PREFIX}-last", "n_clicks"),
    State(f"{PREFIX}-runde-id", "data"),
    State(f"{PREFIX}-teller", "data"),
    prevent_initial_call=True,
)
def load_latest(_clicks, round_id, counter):
    outcome = round_texts.latest(current(), round_id=round_id)
    return (*loaded_texts(outcome), (counter or 0) + 1)


@callback(
    Output(f"{PREFIX}-versjoner", "children"),
    *[Output(f"{text_id(key)}-versjon", "children") for key in CHAPTER_KEYS],
    Input(f"{PREFIX}-teller", "data"),
    State(f"{PREFIX}-runde-id", "data"),
    prevent_initial_call=True,
)
def show_versions(_counter, round_id):
    return shown_versions(round_texts.latest(current(), round_id=round_id))
