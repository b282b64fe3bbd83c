"""SSU: the decision matrix for a round, the secretariat's recommendations, and SSU's decisions."""

from __future__ import annotations

from datetime import date

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

import runtime
from authz import ADMIN, Forbidden
from components.cards import empty_state, illustrative_badge
from components.export import export_button
from components.filters import dropdown, filter_bar, scheme_dropdown, scheme_key, url_with_scheme
from components.ssu import MATRIX_COLUMNS, MONEY_COLUMNS, matrix_dicts, matrix_summary
from components.tables import Col, html_table
from db.page_queries import round_names
from db.queries import scheme_by_id, scheme_choices
from db.session import read_session, session_scope
from db.ssu import SsuError, matrix, record_decision, set_recommendation
from domain.amounts import AmountError, parse_amount
from domain.recommendation import LABELS
from domain.report_content import check_date

dash.register_page(__name__, path="/ssu", name="SSU", title="SSU – Gevinstportalen", nav_order=7)

DECISION_OPTIONS = [{"label": label, "value": key} for key, label in LABELS.items()]


def layout(runde: str | None = None, ordning: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        choices = scheme_choices(session=session)
        scheme_id = scheme.id if scheme else None
        name, rows = matrix(session, round_name=runde, today=runtime.today(), scheme_id=scheme_id)
        names = round_names(session=session, scheme_id=scheme_id)
    controls = filter_bar("ssu-url", [scheme_dropdown("ssu-ordning", choices, scheme),
                                      dropdown("ssu-runde", "Rapporteringsrunde", names, name, clearable=False)])
    if not rows:
        return html.Div([html.H1("SSU"), controls, empty_state(
            "Ingen prosjekter i matrisen", "Det finnes ingen aktive prosjekter med tall for denne runden.")])
    admin = runtime.allowed(ADMIN)
    project_options = [{"label": r.project, "value": r.project_id} for r in rows]
    illustrative = any(r.illustrative for r in rows)
    return html.Div([
        html.H1(["Beslutningsmatrise for SSU", " ", illustrative_badge()] if illustrative
                else "Beslutningsmatrise for SSU"),
        html.P(f"{name}: ett prosjekt per rad. Forslaget kommer fra faste, dokumenterte regler; grunnene står i "
               "cellen. Sekretariatet setter sin egen anbefaling med begrunnelse, og SSU fatter vedtak.",
               className="lead"),
        controls,
        html.P(matrix_summary(rows), id="ssu-oppsummering"),
        html.Details([html.Summary("Slik virker reglene"), html.Ul([
            html.Li("Avslutte: fremdrift 0 og «leverer» 2 eller lavere, eller under 5 % brukt etter minst to år "
                    "og minst 3 milepæler forsinket."),
            html.Li("Justere: under 20 % brukt, minst 2 milepæler forsinket, fremdrift 1 eller lavere, "
                    "«leverer» 4 eller lavere, eller oppgitte tall som bryter formlene."),
            html.Li("Videreføre: ellers."),
        ])], className="criteria-help"),
        html_table([Col(key, label, key in MONEY_COLUMNS) for key, label in MATRIX_COLUMNS], matrix_dicts(rows),
                   caption=f"Beslutningsmatrise {name}", table_id="ssu-matrise", row_class_key="row_class"),
        export_button("ssu-matrise", {"runde": name, "ordning": scheme_id}),
        html.Section(className="panel", children=[
            html.H2("Dokumenter for runden"),
            html.P("Rapporten lages fra databasen i samme struktur som rapporten for høsten 2025, med beregnede tall og "
                   "en merknad for hvert oppgitt tall som bryter formlene. Det kan ta noen sekunder.", className="muted"),
            html.Div([html.Button(label, id={"type": "ssu-dokument", "format": fmt}, className="button-secondary",
                                  type="button")
                      for fmt, label in (("pdf", "Rapport (PDF)"), ("docx", "Rapport (Word)"),
                                         ("xlsx", "Alle tabeller (Excel)"), ("pptx", "Lysark til møtet (PowerPoint)"),
                                         ("saksframlegg", "Saksframlegg (Word)"))], className="actions"),
            html.P(id="ssu-dokument-fremdrift", role="status", **{"aria-live": "polite"}),
            html.Div(id="ssu-dokument-melding", role="status"),
            dcc.Download(id="ssu-dokument-fil"),
        ]),
        html.Section(className="panel", hidden=not admin, children=[
            html.H2("Sekretariatets anbefaling"),
            html.Div([html.Label("Prosjekt", htmlFor="ssu-anb-prosjekt"),
                      dcc.Dropdown(id="ssu-anb-prosjekt", options=project_options, placeholder="Velg")],
                     className="field"),
            html.Div([html.Label("Anbefaling", htmlFor="ssu-anb-beslutning"),
                      dcc.Dropdown(id="ssu-anb-beslutning", options=DECISION_OPTIONS, placeholder="Velg")],
                     className="field"),
            html.Div([html.Label("Beløp neste år (kr)", htmlFor="ssu-anb-belop"),
                      dcc.Input(id="ssu-anb-belop", type="text")], className="field"),
            html.Div([html.Label("Begrunnelse", htmlFor="ssu-anb-grunn"),
                      dcc.Textarea(id="ssu-anb-grunn", style={"width": "100%"})], className="field"),
            html.Button("Lagre anbefaling", id="ssu-anb-lagre", className="button-primary", type="button"),
            html.Div(id="ssu-anb-melding", role="status", **{"aria-live": "polite"}),
        ]),
        html.Section(className="panel", hidden=not admin, children=[
            html.H2("Registrer SSU-vedtak"),
            html.P("Vedtaket lagrer en fast kopi av matriseraden det ble fattet på, og setter tildelingen for "
                   "neste år.", className="muted"),
            html.Div([html.Label("Prosjekt", htmlFor="ssu-v-prosjekt"),
                      dcc.Dropdown(id="ssu-v-prosjekt", options=project_options, placeholder="Velg")],
                     className="field"),
            html.Div([html.Label("Saksnummer (f.eks. 12/26)", htmlFor="ssu-v-sak"),
                      dcc.Input(id="ssu-v-sak", type="text", maxLength=10)], className="field"),
            html.Div([html.Label("Møtedato (dd.mm.åååå)", htmlFor="ssu-v-dato"),
                      dcc.Input(id="ssu-v-dato", type="text", maxLength=10)], className="field"),
            html.Div([html.Label("Vedtak", htmlFor="ssu-v-beslutning"),
                      dcc.Dropdown(id="ssu-v-beslutning", options=DECISION_OPTIONS, placeholder="Velg")],
                     className="field"),
            html.Div([html.Label("Beløp neste år (kr)", htmlFor="ssu-v-belop"),
                      dcc.Input(id="ssu-v-belop", type="text")], className="field"),
            html.Div([html.Label("Vilkår", htmlFor="ssu-v-vilkar"),
                      dcc.Textarea(id="ssu-v-vilkar", style={"width": "100%"})], className="field"),
            html.Div([html.Label("Vedtakstekst", htmlFor="ssu-v-tekst"),
                      dcc.Textarea(id="ssu-v-tekst", style={"width": "100%"})], className="field"),
            html.Button("Registrer vedtak", id="ssu-v-lagre", className="button-primary", type="button"),
            html.Div(id="ssu-v-melding", role="status", **{"aria-live": "polite"}),
        ]),
        dcc.Store(id="ssu-runde-navn", data=name),
    ])


@callback(Output("ssu-url", "search"), Input("ssu-runde", "value"), Input("ssu-ordning", "value"),
          prevent_initial_call=True)
def update_url(round_name, scheme):
    return url_with_scheme({"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control="ssu-ordning")


def _amount(text) -> tuple[int | None, str | None]:
    if text is None or not str(text).strip():
        return None, None
    try:
        return parse_amount(text).value, None
    except AmountError as exc:
        return None, f"Beløp: {exc}."


def _message(text: str, ok: bool = True):
    return html.P(text, className="ok-text" if ok else "error-text")


@callback(Output("ssu-anb-melding", "children"), Input("ssu-anb-lagre", "n_clicks"),
          State("ssu-anb-prosjekt", "value"), State("ssu-anb-beslutning", "value"), State("ssu-anb-belop", "value"),
          State("ssu-anb-grunn", "value"), State("ssu-runde-navn", "data"), prevent_initial_call=True)
def save_recommendation(_clicks, project_id, decision, amount_text, justification, round_name):
    amount, error = _amount(amount_text)
    if error:
        return _message(error, ok=False)
    if not project_id:
        return _message("Velg prosjekt.", ok=False)
    try:
        runtime.require(ADMIN)
        with session_scope(runtime.database_url()) as session:
            set_recommendation(session, round_name=round_name, project_id=int(project_id), decision=decision or "",
                               amount_next_year=amount, justification=justification or "",
                               actor=runtime.current_user(), today=runtime.today())
    except (Forbidden, SsuError) as exc:
        return _message(str(exc), ok=False)
    return _message("Anbefalingen er lagret. Last siden på nytt for å se den i matrisen.")


@callback(Output("ssu-v-melding", "children"), Input("ssu-v-lagre", "n_clicks"),
          State("ssu-v-prosjekt", "value"), State("ssu-v-sak", "value"), State("ssu-v-dato", "value"),
          State("ssu-v-beslutning", "value"), State("ssu-v-belop", "value"), State("ssu-v-vilkar", "value"),
          State("ssu-v-tekst", "value"), State("ssu-runde-navn", "data"), prevent_initial_call=True)
def save_decision(_clicks, project_id, case, date_text, decision, amount_text, conditions, text, round_name):
    errors = []
    amount, error = _amount(amount_text)
    if error:
        errors.append(error)
    meeting, error = check_date(date_text, "Møtedato")
    if error:
        errors.append(error)
    if not project_id:
        errors.append("Velg prosjekt.")
    if errors:
        return html.Div([_message(e, ok=False) for e in errors])
    try:
        runtime.require(ADMIN)
        with session_scope(runtime.database_url()) as session:
            record = record_decision(session, round_name=round_name, project_id=int(project_id), case_number=case or "",
                                     meeting_date=meeting, decision=decision or "", amount_next_year=amount,
                                     conditions=conditions, text=text, actor=runtime.current_user(),
                                     today=runtime.today())
            year, amount_set = record.year, record.amount_next_year
    except (Forbidden, SsuError) as exc:
        return _message(str(exc), ok=False)
    return _message(f"Vedtaket er registrert, og tildelingen for {year} er satt til {amount_set:,} kr.".replace(",", " "))


@callback(Output("ssu-dokument-fil", "data"), Output("ssu-dokument-melding", "children"),
          Input({"type": "ssu-dokument", "format": ALL}, "n_clicks"), State("ssu-runde-navn", "data"),
          State("ssu-ordning", "value"),
          background=True, prevent_initial_call=True,
          running=[(Output({"type": "ssu-dokument", "format": ALL}, "disabled"), True, False)],
          progress=[Output("ssu-dokument-fremdrift", "children")])
def download_document(set_progress, clicks, round_name, scheme):
    """Runs in a background process (no request context): the login gate has already checked the
    request that started it, and reports need only read access."""
    from reports.generate import ReportError, generate
    from settings import load_config

    if not any(clicks) or not isinstance(ctx.triggered_id, dict):
        return no_update, no_update
    fmt = ctx.triggered_id["format"]
    config = load_config()
    set_progress(f"Lager {fmt.upper() if fmt != 'saksframlegg' else 'saksframlegget'} … diagrammene tegnes først.")
    today = date.fromisoformat(config.today) if config.today else date.today()
    try:
        document = generate(config.database_url, round_name=round_name, fmt=fmt, today=today,
                            scheme_id=scheme_key(scheme))
    except ReportError as exc:
        set_progress("")
        return no_update, _message(str(exc), ok=False)
    set_progress("")
    return (dcc.send_bytes(document.content, document.filename),
            _message(f"{document.filename} er laget ({len(document.content) // 1024} kB)."))
