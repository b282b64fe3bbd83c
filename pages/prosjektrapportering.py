"""A project's reporting for a round (/innrapportering/<nr>): the Excel template (download, upload, preview,
confirm), the web form, the secretariat's review (return, approve, own scores), all versions and the history."""

from __future__ import annotations

import base64
import binascii

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, no_update

from components.cards import page_title
from components.feedback import error_id, outcome_message
from components.report_form import (
    FIELD_IDS,
    SECRETARIAT_FIELD_IDS,
    add_milestone_row,
    form_feedback,
    reporting_not_found,
    reporting_page,
    secretariat_score_feedback,
    status_panel,
    upload_field_message,
    upload_preview,
    upload_result,
)
from domain.vocabulary import NARRATIVE_KINDS
from services import reporting
from web.context import current

dash.register_page(
    __name__,
    path_template="/innrapportering/<nummer>",
    name="Rapportering for prosjektet",
    title=lambda nummer=None, **_query: page_title("Rapportering for prosjekt", nummer),
)

P = "prosjektrapportering"


def layout(nummer: str | None = None, runde: str | None = None, **_ignored):
    view = reporting.reporting_page(current(), ref=nummer, round_name=runde)
    return reporting_page(view) if view.round_id is not None else reporting_not_found()


NARRATIVE_KEYS = [kind.key for kind in NARRATIVE_KINDS]


def _chosen(chosen) -> dict:
    return chosen if isinstance(chosen, dict) else {}


def _href(chosen: dict) -> str:
    """The page's own address (to load the latest version); only a path on this site is used."""
    href = chosen.get("href")
    return href if isinstance(href, str) and href.startswith("/innrapportering/") else "/innrapportering"


def _decode(contents) -> bytes | None:
    if not isinstance(contents, str) or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


@callback(
    Output(f"{P}-status", "children"),
    Output(f"{P}-gjennomgang-innhold", "children"),
    Output(f"{P}-versjoner", "children"),
    Output(f"{P}-historikk", "children"),
    Output(f"{P}-vurdert", "data"),
    Output(f"{P}-godkjenn", "disabled"),
    Output(f"{P}-returner", "disabled"),
    Input(f"{P}-versjon", "data"),
    State(f"{P}-valg", "data"),
)
def refresh(_version, chosen):
    chosen = _chosen(chosen)
    return status_panel(
        reporting.reporting_status(current(), project_id=chosen.get("project"), round_id=chosen.get("round"))
    )


@callback(
    Output(f"{P}-mal", "data"),
    Input(f"{P}-mal-knapp", "n_clicks"),
    State(f"{P}-valg", "data"),
    prevent_initial_call=True,
)
def download_template(_clicks, chosen):
    chosen = _chosen(chosen)
    outcome = reporting.template_file(current(), project_id=chosen.get("project"), round_id=chosen.get("round"))
    return dcc.send_bytes(outcome.value.content, outcome.value.filename) if outcome.ok else no_update


@callback(
    Output(f"{P}-kontroll", "children"),
    Output(f"{P}-bekreft", "disabled"),
    Output(f"{P}-opplastet", "data"),
    Output(error_id(f"{P}-opplasting"), "children"),
    Output(f"{P}-opplasting", "contents"),
    Output(f"{P}-bekreft-melding", "children", allow_duplicate=True),  # the last file's result is not this one's
    Input(f"{P}-opplasting", "contents"),
    State(f"{P}-opplasting", "filename"),
    State(f"{P}-valg", "data"),
    prevent_initial_call=True,
)
def check_upload(contents, filename, chosen):
    if contents is None:  # emptied below, so that choosing the same file again is read again
        return (no_update,) * 6
    chosen, name = _chosen(chosen), str(filename or "fil")[:200]
    outcome = reporting.check_upload(current(), **_file(chosen, name, contents))
    sendable = outcome.ok and not outcome.value.already  # a file stored already has nothing to send
    kept = {"name": name, "contents": contents} if sendable else None
    preview, message = upload_preview(outcome, name, _href(chosen)), upload_field_message(outcome, name)
    return preview, not sendable, kept, message, None, None


def _file(chosen: dict, name: str, contents) -> dict:
    """The service's arguments for an uploaded file of the chosen project and round."""
    return {
        "project_id": chosen.get("project"),
        "round_id": chosen.get("round"),
        "file_name": name,
        "content": _decode(contents),
    }


@callback(
    Output(f"{P}-bekreft-melding", "children"),
    Output(f"{P}-bekreft", "disabled", allow_duplicate=True),
    Output(f"{P}-versjon", "data", allow_duplicate=True),
    Output(f"{P}-kontroll", "children", allow_duplicate=True),
    Input(f"{P}-bekreft", "n_clicks"),
    State(f"{P}-opplastet", "data"),
    State(f"{P}-valg", "data"),
    State(f"{P}-versjon", "data"),
    prevent_initial_call=True,
)
def confirm_upload(_clicks, upload, chosen, version):
    chosen, upload = _chosen(chosen), _chosen(upload)
    outcome = reporting.submit_upload(
        current(),
        project_id=chosen.get("project"),
        round_id=chosen.get("round"),
        file_name=str(upload.get("name") or "fil")[:200],
        content=_decode(upload.get("contents")),
    )
    # Sent, or refused (e.g. a newer version came first): the earlier check no longer holds either way, and the
    # versions are re-read.
    return upload_result(outcome, _href(chosen)), True, (version or 0) + 1, None


@callback(
    Output(f"{P}-milepaeler-rutenett", "rowData"),
    Input(f"{P}-ny-milepael", "n_clicks"),
    State(f"{P}-milepaeler-rutenett", "rowData"),
    prevent_initial_call=True,
)
def add_milestone(_clicks, rows):
    return add_milestone_row(rows)


@callback(
    Output(f"{P}-skjema-feil", "children"),
    Output(f"{P}-skjema-melding", "children"),
    *[Output(error_id(field_id), "children") for field_id in FIELD_IDS.values()],
    Output(f"{P}-bekreft-skjema", "hidden"),
    Output(f"{P}-skjema-nyere", "children"),
    Output(f"{P}-skjema-grunnlag", "children"),
    Output(f"{P}-versjon", "data", allow_duplicate=True),
    Output(f"{P}-valg", "data", allow_duplicate=True),
    Output(f"{P}-handling", "data"),
    Input(f"{P}-lagre", "n_clicks"),
    Input(f"{P}-send", "n_clicks"),
    Input(f"{P}-bekreft-skjema", "n_clicks"),
    State(FIELD_IDS["spent"], "value"),
    State(FIELD_IDS["future_use"], "value"),
    State(f"{P}-milepaeler-rutenett", "rowData"),
    State(f"{P}-poeng-rutenett", "rowData"),
    State(f"{P}-indikatorer-rutenett", "rowData"),
    *[State(f"{P}-tekst-{kind.key}", "value") for kind in NARRATIVE_KINDS],
    State(f"{P}-valg", "data"),
    State(f"{P}-versjon", "data"),
    State(f"{P}-handling", "data"),
    prevent_initial_call=True,
)
def save_form(_save, _send, _confirm, spent, future, milestones, scores, kpis, *rest):
    *texts, chosen, version, pending = rest
    chosen, confirmed = _chosen(chosen), ctx.triggered_id == f"{P}-bekreft-skjema"
    texts_by_kind = dict(zip(NARRATIVE_KEYS, texts, strict=True))
    action = pending if confirmed else ctx.triggered_id
    outcome = reporting.save_form(
        current(),
        project_id=chosen.get("project"),
        round_id=chosen.get("round"),
        form=reporting.ReportForm(spent, future, milestones, scores, kpis, texts_by_kind),
        submit=action == f"{P}-send",
        base_version=chosen.get("base"),
        confirmed=confirmed,
    )
    return (*form_feedback(outcome, _href(chosen), version), _saved(chosen, outcome), action)


def _saved(chosen: dict, outcome) -> dict:
    """The report's «valg» after a save went through: the new base version, and what the form fills in (the «Type»
    worked out, the codes given to new milestones); no update when nothing was saved."""
    if not outcome.ok:
        return no_update
    return {**chosen, "base": outcome.value.version, "kinds": outcome.value.kinds, "codes": outcome.value.codes}


# a save went through («valg» holds the new base version): the grids' kept rows start again from what is stored
clientside_callback(
    ClientsideFunction(namespace="gevinst_keep", function_name="saved"),
    Output(f"{P}-bevart", "data"),
    Input(f"{P}-valg", "data"),
    prevent_initial_call=True,
)


@callback(
    Output(f"{P}-gjennomgang-melding", "children"),
    Output(f"{P}-versjon", "data", allow_duplicate=True),
    Input(f"{P}-godkjenn", "n_clicks"),
    Input(f"{P}-returner", "n_clicks"),
    State(f"{P}-kommentar", "value"),
    State(f"{P}-valg", "data"),
    State(f"{P}-vurdert", "data"),
    State(f"{P}-versjon", "data"),
    prevent_initial_call=True,
)
def review(_approve, _return, comment, chosen, reviewed, version):
    chosen = _chosen(chosen)
    outcome = reporting.review(
        current(),
        project_id=chosen.get("project"),
        round_id=chosen.get("round"),
        approve=ctx.triggered_id == f"{P}-godkjenn",
        reviewed_version=reviewed,
        comment=comment,
    )
    return outcome_message(outcome), (version or 0) + 1


@callback(
    Output(f"{P}-sek-feil", "children"),
    Output(f"{P}-sek-melding", "children"),
    *[Output(error_id(field_id), "children") for field_id in SECRETARIAT_FIELD_IDS.values()],
    Output(f"{P}-versjon", "data", allow_duplicate=True),
    Input(f"{P}-sek-lagre", "n_clicks"),
    State(f"{P}-sek-vurdering", "value"),
    State(f"{P}-sek-poeng", "value"),
    State(f"{P}-sek-begrunnelse", "value"),
    State(f"{P}-valg", "data"),
    State(f"{P}-versjon", "data"),
    prevent_initial_call=True,
)
def secretariat_score(_clicks, dimension, value, reason, chosen, version):
    chosen = _chosen(chosen)
    outcome = reporting.set_secretariat_score(
        current(),
        project_id=chosen.get("project"),
        round_id=chosen.get("round"),
        dimension=dimension,
        value=value,
        justification=reason,
    )
    return *secretariat_score_feedback(outcome), (version or 0) + 1 if outcome.ok else no_update
