"""SSU: the decision matrix for a round, the secretariat's recommendations, SSU's decisions and the documents."""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, no_update

from components.feedback import error_id, message, outcome_message
from components.filters import url_with_scheme
from components.ssu import (
    DECISION_FIELD_IDS,
    RECOMMENDATION_FIELD_IDS,
    decision_feedback,
    matrix_block,
    recommendation_feedback,
    ssu_page,
)
from services import documents, ssu
from web.context import background, current

dash.register_page(__name__, path="/ssu", name="SSU", title="SSU – Gevinstportalen", nav_order=7)


def layout(runde: str | None = None, ordning: str | None = None, side: str | None = None, **_ignored):
    return ssu_page(ssu.ssu_page(current(), round_name=runde, scheme=ordning, page=side))


@callback(
    Output("ssu-url", "search"), Input("ssu-runde", "value"), Input("ssu-ordning", "value"), prevent_initial_call=True
)
def update_url(round_name, scheme):
    return url_with_scheme({"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control="ssu-ordning")


@callback(
    Output("ssu-endret", "data"),
    Input("ssu-poll", "n_intervals"),
    State("ssu-stempel", "data"),
    prevent_initial_call=True,
)
def poll(_ticks, seen):
    """Every 15 s: a cheap stamp; the matrix is read again only when it changed (web.auth: not activity)."""
    stamp = ssu.matrix_stamp(current())
    return no_update if stamp == seen else stamp


@callback(
    Output("ssu-matrise-innhold", "children"),
    Output("ssu-stempel", "data"),
    Input("ssu-endret", "data"),
    Input("ssu-anb-melding", "children"),
    Input("ssu-v-melding", "children"),
    State("ssu-runde-navn", "data"),
    State("ssu-ordning", "value"),
    State("ssu-side", "data"),
    prevent_initial_call=True,
)
def refresh_matrix(_changed, _recommended, _decided, round_name, scheme, page):
    """After a save on this page, or a change seen by the poll, the matrix shows the stored state."""
    view = ssu.ssu_page(current(), round_name=round_name, scheme=scheme, page=page)
    return matrix_block(view), view.stamp


@callback(
    Output("ssu-anb-feil", "children"),
    Output("ssu-anb-melding", "children"),
    *[Output(error_id(field_id), "children") for field_id in RECOMMENDATION_FIELD_IDS.values()],
    Input("ssu-anb-lagre", "n_clicks"),
    State("ssu-anb-prosjekt", "value"),
    State("ssu-anb-beslutning", "value"),
    State("ssu-anb-belop", "value"),
    State("ssu-anb-grunn", "value"),
    State("ssu-runde-navn", "data"),
    prevent_initial_call=True,
)
def save_recommendation(_clicks, project_id, decision, amount_text, justification, round_name):
    return recommendation_feedback(
        ssu.set_recommendation(
            current(),
            round_name=round_name,
            project_id=project_id,
            decision=decision,
            amount_text=amount_text,
            justification=justification,
        )
    )


@callback(
    Output("ssu-v-feil", "children"),
    Output("ssu-v-melding", "children"),
    *[Output(error_id(field_id), "children") for field_id in DECISION_FIELD_IDS.values()],
    Input("ssu-v-lagre", "n_clicks"),
    State("ssu-v-prosjekt", "value"),
    State("ssu-v-sak", "value"),
    State("ssu-v-dato", "value"),
    State("ssu-v-beslutning", "value"),
    State("ssu-v-belop", "value"),
    State("ssu-v-vilkar", "value"),
    State("ssu-v-tekst", "value"),
    State("ssu-runde-navn", "data"),
    prevent_initial_call=True,
)
def save_decision(_clicks, project_id, case, meeting_date, decision, amount_text, conditions, text, round_name):
    return decision_feedback(
        ssu.record_decision(
            current(),
            round_name=round_name,
            project_id=project_id,
            case_number=case,
            meeting_date=meeting_date,
            decision=decision,
            amount_text=amount_text,
            conditions=conditions,
            text=text,
        )
    )


@callback(
    Output("ssu-dokument-fil", "data"),
    Output("ssu-dokument-melding", "children"),
    Input({"type": "ssu-dokument", "format": ALL}, "n_clicks"),
    State("ssu-runde-navn", "data"),
    State("ssu-ordning", "value"),
    background=True,
    prevent_initial_call=True,
    running=[(Output({"type": "ssu-dokument", "format": ALL}, "disabled"), True, False)],
    progress=[Output("ssu-dokument-fremdrift", "children")],
)
def download_document(set_progress, clicks, round_name, scheme):
    """Runs in a background process (no request): it acts as the user whose session cookie started it, so the
    scheme it is given is checked against that user's partnership (decisions 14 and 96)."""
    if not any(clicks or []) or not isinstance(ctx.triggered_id, dict):
        return no_update, no_update
    fmt = ctx.triggered_id["format"]
    set_progress(f"Lager {fmt.upper() if fmt != 'saksframlegg' else 'saksframlegget'} … diagrammene tegnes først.")
    outcome = documents.generate(background(), round_name=round_name, fmt=fmt, scheme=scheme)
    set_progress("")
    if not outcome.ok:
        return no_update, outcome_message(outcome)
    document = outcome.value
    return (
        dcc.send_bytes(document.content, document.filename),
        message(f"{document.filename} er laget ({len(document.content) // 1024} kB)."),
    )
