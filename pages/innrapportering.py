"""Innrapportering (secretariat): rounds, deadlines, who has reported, reminders, locks."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

import runtime
from authz import ADMIN, Forbidden
from components.cards import empty_state
from components.filters import dropdown, filter_bar, query_string, scheme_dropdown, scheme_key, url_with_scheme
from components.reporting import round_status_table, status_summary
from db.reporting import (
    ReportingError, create_round, record_reminder, reminder_draft, round_status,
    set_deadline, set_round_open, unlock_for_project,
)
from db.models import ReportingRound
from db.page_queries import round_names
from db.queries import find_round, scheme_by_id, scheme_choices
from db.session import read_session, session_scope
from domain.formatting import format_date
from domain.report_content import check_date
from mailer import MailError, send_mail, smtp_configured

dash.register_page(__name__, path="/innrapportering", name="Innrapportering",
                   title="Innrapportering – Gevinstportalen", nav_order=6)


def layout(runde: str | None = None, ordning: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        choices = scheme_choices(session=session)
        round_ = find_round(session=session, scheme_id=scheme.id, name=runde) if scheme else None
        names = round_names(session=session, scheme_id=scheme.id if scheme else None)
    new_round = html.Section(className="panel", children=[
        html.H2("Ny rapporteringsrunde"),
        html.Div([html.Label("Navn på runden", htmlFor="innr-ny-navn"),
                  dcc.Input(id="innr-ny-navn", type="text", placeholder="Vår 2026", maxLength=20)], className="field"),
        html.Div([html.Label("Frist (dd.mm.åååå)", htmlFor="innr-ny-frist"),
                  dcc.Input(id="innr-ny-frist", type="text", placeholder="15.04.2026", maxLength=10)],
                 className="field"),
        html.Button("Opprett runde", id="innr-ny-knapp", className="button-primary", type="button"),
        html.Div(id="innr-ny-melding", role="status", **{"aria-live": "polite"}),
    ])
    head = [html.H1("Innrapportering"),
            html.P(["Oversikt over rapporteringsrundene. Du er logget inn som ",
                    dcc.Link(runtime.current_user(), href="/bruker"), "."], className="lead"),
            dcc.Store(id="innr-ordning-id", data=scheme.id if scheme else None)]
    controls = filter_bar("innr-url", [
        scheme_dropdown("innr-ordning", choices, scheme),
        dropdown("innr-runde", "Rapporteringsrunde", names, round_.name if round_ else None, clearable=False),
    ]) if scheme else None
    admin = runtime.allowed(ADMIN)
    if not admin:
        new_round = None
    if round_ is None:
        return html.Div(head + [controls, empty_state("Ingen runder ennå",
                                                      "Opprett den første rapporteringsrunden under."), new_round])
    return html.Div(head + [
        controls,
        dcc.Store(id="innr-round-id", data=round_.id),
        dcc.Store(id="innr-version", data=0),
        html.Section(className="panel", children=[
            html.H2(f"{round_.name}"),
            html.P(id="innr-runde-status"),
            html.Button(id="innr-apne-lukk", type="button", hidden=not admin),
            html.Div(hidden=not admin, children=[html.Label("Ny frist (dd.mm.åååå)", htmlFor="innr-frist"),
                      dcc.Input(id="innr-frist", type="text", maxLength=10,
                                value=round_.deadline.strftime("%d.%m.%Y") if round_.deadline else "")],
                     className="field"),
            html.Button("Lagre frist", id="innr-frist-knapp", className="button-secondary", type="button",
                        hidden=not admin),
            html.Div(id="innr-runde-melding", role="status", **{"aria-live": "polite"}),
        ]),
        html.H2("Prosjektene i runden"),
        html.P(id="innr-oppsummering"),
        html.Div(id="innr-tabell"),
        html.Section(className="panel", hidden=not admin, children=[
            html.H2("Påminnelse"),
            html.P("Sender en påminnelse til alle prosjekter som ikke har sendt inn. Uten e-posttjener vises "
                   "teksten og adressene, klar til å sendes fra egen e-post."
                   if not smtp_configured(runtime.config().smtp) else
                   "Sender en påminnelse med e-post til alle prosjekter som ikke har sendt inn."),
            html.Button("Lag påminnelse" if not smtp_configured(runtime.config().smtp) else "Send påminnelse",
                        id="innr-paminnelse", className="button-primary", type="button"),
            html.Div(id="innr-paminnelse-resultat", role="status", **{"aria-live": "polite"}),
        ]),
        html.Section(className="panel", hidden=not admin, children=[
            html.H2("Åpne lukket runde for ett prosjekt"),
            html.P("Når runden er lukket, er rapportene låst. Sekretariatet kan åpne for ett prosjekt i en "
                   "begrenset tid; det blir loggført."),
            html.Div([html.Label("Prosjekt", htmlFor="innr-las-prosjekt"),
                      dcc.Dropdown(id="innr-las-prosjekt", options=[], placeholder="Velg prosjekt")],
                     className="field"),
            html.Div([html.Label("Antall timer", htmlFor="innr-las-timer"),
                      dcc.Input(id="innr-las-timer", type="number", min=1, max=336, value=48)], className="field"),
            html.Div([html.Label("Begrunnelse", htmlFor="innr-las-grunn"),
                      dcc.Input(id="innr-las-grunn", type="text", maxLength=300)], className="field"),
            html.Button("Åpne for prosjektet", id="innr-las-knapp", className="button-secondary", type="button"),
            html.Div(id="innr-las-melding", role="status", **{"aria-live": "polite"}),
        ]),
        new_round,
    ])


@callback(Output("innr-url", "search"), Input("innr-runde", "value"), Input("innr-ordning", "value"),
          prevent_initial_call=True)
def update_url(round_name, scheme):
    return url_with_scheme({"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control="innr-ordning")


@callback(Output("innr-tabell", "children"), Output("innr-oppsummering", "children"),
          Output("innr-las-prosjekt", "options"),
          Input("innr-version", "data"), State("innr-round-id", "data"))
def show_status(_version, round_id):
    with read_session(runtime.database_url()) as session:
        rows = round_status(session, round_id=round_id, today=runtime.today())
        name = session.get(ReportingRound, round_id).name
    options = [{"label": r.project, "value": r.project_id} for r in rows]
    return round_status_table(rows, round_name=name), status_summary(rows), options


def _message(text: str, ok: bool = True):
    return html.P(text, className="ok-text" if ok else "error-text")


@callback(Output("innr-runde-status", "children"), Output("innr-apne-lukk", "children"),
          Output("innr-apne-lukk", "className"), Input("innr-version", "data"), State("innr-round-id", "data"))
def show_round(_version, round_id):
    with read_session(runtime.database_url()) as session:
        round_ = session.get(ReportingRound, round_id)
        is_open, deadline = round_.is_open, round_.deadline
    return ([html.Strong("Status: "), "Åpen for rapportering" if is_open else "Lukket (kun lesing)",
             html.Strong(" · Frist: "), format_date(deadline) if deadline else "ikke satt"],
            "Lukk runden" if is_open else "Åpne runden", "button-danger" if is_open else "button-primary")


@callback(Output("innr-runde-melding", "children"), Output("innr-version", "data", allow_duplicate=True),
          Input("innr-apne-lukk", "n_clicks"), State("innr-round-id", "data"), State("innr-version", "data"),
          prevent_initial_call=True)
def toggle_open(_clicks, round_id, version):
    try:
        runtime.require(ADMIN)
    except Forbidden as exc:
        return _message(str(exc), ok=False), no_update
    with session_scope(runtime.database_url()) as session:
        round_ = session.get(ReportingRound, round_id)
        round_ = set_round_open(session, round_id=round_id, open_=not round_.is_open, actor=runtime.current_user())
        text = "Runden er åpnet." if round_.is_open else "Runden er lukket og låst for endringer."
    return _message(text), (version or 0) + 1


@callback(Output("innr-runde-melding", "children", allow_duplicate=True),
          Output("innr-version", "data", allow_duplicate=True),
          Input("innr-frist-knapp", "n_clicks"), State("innr-frist", "value"), State("innr-round-id", "data"),
          State("innr-version", "data"), prevent_initial_call=True)
def save_deadline(_clicks, text, round_id, version):
    try:
        runtime.require(ADMIN)
    except Forbidden as exc:
        return _message(str(exc), ok=False), no_update
    deadline, error = check_date(text, "Frist") if (text or "").strip() else (None, None)
    if error:
        return _message(error, ok=False), no_update
    with session_scope(runtime.database_url()) as session:
        set_deadline(session, round_id=round_id, deadline=deadline, actor=runtime.current_user())
    return _message(f"Fristen er lagret: {format_date(deadline) if deadline else 'ingen frist'}."), (version or 0) + 1


@callback(Output("innr-ny-melding", "children"), Input("innr-ny-knapp", "n_clicks"),
          State("innr-ny-navn", "value"), State("innr-ny-frist", "value"), State("innr-ordning-id", "data"),
          prevent_initial_call=True)
def new_round(_clicks, name, deadline_text, scheme_id):
    try:
        runtime.require(ADMIN)
    except Forbidden as exc:
        return _message(str(exc), ok=False)
    errors = []
    deadline = None
    if (deadline_text or "").strip():
        deadline, error = check_date(deadline_text, "Frist")
        if error:
            errors.append(error)
    if not (name or "").strip():
        errors.append("Navn på runden mangler; skriv for eksempel «Vår 2026».")
    if errors:
        return html.Div([html.P(e, className="error-text") for e in errors])
    try:
        with session_scope(runtime.database_url()) as session:
            round_ = create_round(session, name=name, deadline=deadline, actor=runtime.current_user(),
                                  scheme_id=scheme_id)
            created = round_.name
    except ReportingError as exc:
        return _message(str(exc), ok=False)
    return html.P(["Runden er opprettet. ", dcc.Link(f"Gå til {created}", href="/innrapportering"
                                                     + query_string({"runde": created, "ordning": scheme_id}))], className="ok-text")


@callback(Output("innr-paminnelse-resultat", "children"), Input("innr-paminnelse", "n_clicks"),
          State("innr-round-id", "data"), prevent_initial_call=True)
def remind(_clicks, round_id):
    try:
        runtime.require(ADMIN)
    except Forbidden as exc:
        return _message(str(exc), ok=False)
    smtp = runtime.config().smtp
    with session_scope(runtime.database_url()) as session:
        draft = reminder_draft(session, round_id=round_id, today=runtime.today())
        sent, problem = False, None
        if smtp_configured(smtp):
            try:
                send_mail(smtp, recipients=draft.recipients, subject=draft.subject, body=draft.body)
                sent = True
            except MailError as exc:
                problem = str(exc)
        record_reminder(session, round_id=round_id, actor=runtime.current_user(),
                        method="smtp" if sent else "manual", draft=draft)
    parts = []
    if sent:
        parts.append(_message(f"Påminnelsen er sendt til {len(draft.recipients)} adresser."))
    elif problem:
        parts.append(_message(problem, ok=False))
    parts += [
        html.P([html.Strong("Til: "), ", ".join(draft.recipients) or "ingen registrerte adresser"]),
        html.P([html.Strong("Mangler e-postadresse: "), ", ".join(draft.missing_address)])
        if draft.missing_address else None,
        html.P([html.Strong("Emne: "), draft.subject]),
        html.Pre(draft.body, className="mail", id="innr-paminnelse-tekst"),
    ]
    return html.Div(parts)


@callback(Output("innr-las-melding", "children"), Output("innr-version", "data", allow_duplicate=True),
          Input("innr-las-knapp", "n_clicks"), State("innr-las-prosjekt", "value"), State("innr-las-timer", "value"),
          State("innr-las-grunn", "value"), State("innr-round-id", "data"), State("innr-version", "data"),
          prevent_initial_call=True)
def unlock(_clicks, project_id, hours, reason, round_id, version):
    try:
        runtime.require(ADMIN)
    except Forbidden as exc:
        return _message(str(exc), ok=False), no_update
    if not project_id:
        return _message("Velg prosjektet som skal få åpnet runden.", ok=False), no_update
    try:
        with session_scope(runtime.database_url()) as session:
            unlock_row = unlock_for_project(session, round_id=round_id, project_id=int(project_id),
                                            hours=int(hours or 0), reason=reason or "", actor=runtime.current_user())
            until = unlock_row.until
    except ReportingError as exc:
        return _message(str(exc), ok=False), no_update
    return _message(f"Runden er åpen for prosjektet til {until:%d.%m.%Y kl. %H:%M} (UTC)."), (version or 0) + 1
