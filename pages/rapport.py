"""A project's report for a round: Excel template (download, upload, preview, confirm), the web form,
the secretariat's review (return, approve, own assessment), all versions and the history."""

from __future__ import annotations

import base64
import binascii

import dash
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

import runtime
from authz import ADMIN, READ_DRAFTS, REPORT, Forbidden
from components.filters import query_string
from components.report_form import (
    KPI_COLUMNS, MILESTONE_COLUMNS, SCORE_COLUMNS, editable_grid, form_to_content, kpi_rows, milestone_rows,
    score_rows,
)
from components.reporting import audit_table, changes_table, problems_report, submissions_table, template_filename
from db.models import ReportingRound
from db.page_queries import find_project
from db.reporting import (
    STATUS_LABELS, ReportingError, approve_submission, audit_entries, can_write, latest_submission, preview,
    return_submission, save_submission, set_secretariat_score, submission_content, submissions_for, template_data,
)
from db.session import read_session, session_scope, write_with_retry
from domain.report_content import NARRATIVE_KINDS, SCORE_DIMENSIONS
from etl.errors import ImportProblem
from etl.submissions import import_template
from etl.template import build_template, read_template
from etl.workbook import MAX_FILE_BYTES

dash.register_page(__name__, path_template="/innrapportering/<nummer>", name="Rapport",
                   title="Rapport – Gevinstportalen")


def _context(session, nummer: str, runde: str | None):
    from db.reporting import find_round_by_name
    from db.queries import find_round

    project = find_project(session=session, ref=nummer or "")
    if project is None:
        return None, None
    round_ = (find_round_by_name(session, runde, scheme_id=project.scheme_id) if runde else
              find_round(session=session, scheme_id=project.scheme_id, name=None))
    return project, round_


def layout(nummer: str | None = None, runde: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        project, round_ = _context(session, nummer, runde)
        if project is None or round_ is None:
            return html.Div([html.H1("Fant ikke rapporten"), html.P(
                "Prosjektet eller rapporteringsrunden finnes ikke."), dcc.Link("Til innrapportering",
                                                                            href="/innrapportering")],
                className="empty-state")
        data = template_data(session, project_id=project.id, round_id=round_.id)
        draft = latest_submission(session, project.id, round_.id)
        writable = can_write(session, round_id=round_.id, project_id=project.id)
    start = submission_content(draft) if draft and draft.status in ("draft", "returned") else None
    milestones = start.milestones if start else data.milestones
    scores = {s.dimension: (s.value, s.justification) for s in start.scores} if start else data.scores
    texts = start.narratives if start else {}
    spent = start.spent_total if start else data.spent_last
    future = start.future_use if start else data.future_use_last
    ident = {"project": project.id, "round": round_.id}
    may_report = runtime.allowed(REPORT, project.id)
    admin = runtime.allowed(ADMIN)
    writable = writable and may_report
    return html.Div([
        dcc.Link("← Innrapportering", href="/innrapportering" + query_string({"runde": round_.name,
                                                                           "ordning": project.scheme_id})),
        html.H1(f"Rapport: {project.display_name}, {round_.name}"),
        html.P(["Prosjektnummer ", project.number or "–", ". Du handler som ",
                dcc.Link(runtime.current_user(), href="/bruker"), "."], className="lead"),
        dcc.Store(id="rapport-ident", data=ident),
        dcc.Store(id="rapport-version", data=0),
        dcc.Store(id="rapport-upload"),
        html.Div(id="rapport-status"),
        html.Div(None if writable else html.P(
            "Runden er lukket. Rapporten kan leses, men ikke endres. Sekretariatet kan åpne runden for "
            "prosjektet ved behov.", className="notice", id="rapport-lukket")),
        None if may_report else html.P("Du kan lese rapporteringen, men ikke rapportere for dette prosjektet.",
                                       className="notice", id="rapport-lesetilgang"),
        html.Section(className="panel", hidden=not may_report, children=[
            html.H2("Rapporter i Excel"),
            html.P("Last ned malen, fyll ut de gule cellene og last den opp igjen. Du ser alle feil og en "
                   "oversikt over endringene før noe lagres."),
            html.Button("Last ned mal (.xlsx)", id="rapport-mal-knapp", className="button-secondary", type="button"),
            dcc.Download(id="rapport-mal"),
            dcc.Upload(id="rapport-opplasting", max_size=MAX_FILE_BYTES, multiple=False, disabled=not writable,
                       className="upload", children=html.Div([
                           "Dra filen hit eller ", html.Span("velg en fil", className="upload-link"),
                           " (Excel .xlsx, høyst 20 MB)"])),
            html.Div(id="rapport-kontroll", role="status", **{"aria-live": "polite"}),
            html.Button("Send inn filen", id="rapport-bekreft", className="button-primary", type="button",
                        disabled=True),
            html.Div(id="rapport-bekreft-melding", role="status", **{"aria-live": "polite"}),
        ]),
        html.Section(className="panel", hidden=not may_report, children=[
            html.H2("Eller fyll ut skjemaet"),
            html.Div(id="rapport-skjema-feil", role="alert"),
            html.Div([html.Label("Brukte midler totalt per i dag (kr)", htmlFor="rapport-brukt"),
                      dcc.Input(id="rapport-brukt", type="text", value="" if spent is None else str(spent),
                                inputMode="numeric"),
                      html.Div(id="rapport-brukt-feil", className="field-error")], className="field"),
            html.Div([html.Label("Planlagt bruk av gjenværende midler (kr)", htmlFor="rapport-fremtidig"),
                      dcc.Input(id="rapport-fremtidig", type="text", value="" if future is None else str(future),
                                inputMode="numeric"),
                      html.Div(id="rapport-fremtidig-feil", className="field-error")], className="field"),
            html.H3("Milepæler", id="rapport-milepaeler"),
            html.P("Klikk i en celle for å endre. Nye milepæler legges til med knappen.", className="muted"),
            editable_grid("rapport-milepaeler-grid", milestone_rows(milestones), MILESTONE_COLUMNS),
            html.Button("Legg til milepæl", id="rapport-ny-milepael", className="button-secondary", type="button"),
            html.Div(id="rapport-milepaeler-feil", className="field-error"),
            html.H3("Poeng med begrunnelse", id="rapport-poeng"),
            editable_grid("rapport-poeng-grid", score_rows(scores), SCORE_COLUMNS),
            html.Div(id="rapport-poeng-feil", className="field-error"),
            html.H3("Nye målinger av indikatorene", id="rapport-indikatorer"),
            editable_grid("rapport-indikatorer-grid", kpi_rows(data.kpis), KPI_COLUMNS),
            None if data.kpis else html.P("Prosjektet har ingen indikatorer registrert.", className="muted"),
            html.Div(id="rapport-indikatorer-feil", className="field-error"),
            html.H3("Tekster"),
            html.Div([html.Div([html.Label(label, htmlFor=f"rapport-tekst-{kind}"),
                                dcc.Textarea(id=f"rapport-tekst-{kind}", value=texts.get(kind, ""),
                                             style={"width": "100%", "minHeight": "6rem"})], className="field")
                      for kind, label in NARRATIVE_KINDS]),
            html.Button("Lagre utkast", id="rapport-lagre", className="button-secondary", type="button",
                        disabled=not writable),
            html.Button("Send inn", id="rapport-send", className="button-primary", type="button",
                        disabled=not writable),
            html.Div(id="rapport-skjema-melding", role="status", **{"aria-live": "polite"}),
        ]),
        html.Section(className="panel", id="rapport-gjennomgang", hidden=not admin, children=[
            html.H2("Sekretariatets gjennomgang"),
            html.Div(id="rapport-gjennomgang-innhold"),
            html.Div([html.Label("Kommentar til prosjektlederen (ved retur)", htmlFor="rapport-kommentar"),
                      dcc.Textarea(id="rapport-kommentar", style={"width": "100%", "minHeight": "4rem"})],
                     className="field"),
            html.Button("Godkjenn", id="rapport-godkjenn", className="button-primary", type="button"),
            html.Button("Send tilbake med kommentar", id="rapport-returner", className="button-danger", type="button"),
            html.Div(id="rapport-gjennomgang-melding", role="status", **{"aria-live": "polite"}),
            html.H3("Sekretariatets egen vurdering"),
            html.Div([html.Label("Vurdering", htmlFor="rapport-sek-dim"),
                      dcc.Dropdown(id="rapport-sek-dim", options=[{"label": f"{label} (0–{top})", "value": dim}
                                                                  for dim, label, top in SCORE_DIMENSIONS],
                                   placeholder="Velg")], className="field"),
            html.Div([html.Label("Poeng", htmlFor="rapport-sek-verdi"),
                      dcc.Input(id="rapport-sek-verdi", type="number", min=0, max=10, step=1)], className="field"),
            html.Div([html.Label("Begrunnelse", htmlFor="rapport-sek-grunn"),
                      dcc.Input(id="rapport-sek-grunn", type="text", maxLength=500)], className="field"),
            html.Button("Lagre vurdering", id="rapport-sek-lagre", className="button-secondary", type="button"),
            html.Div(id="rapport-sek-melding", role="status", **{"aria-live": "polite"}),
        ]),
        html.H2("Versjoner"),
        html.Div(id="rapport-versjoner-innhold"),
        html.H2("Historikk"),
        html.Div(id="rapport-historikk"),
    ])


def _message(text: str, ok: bool = True):
    return html.P(text, className="ok-text" if ok else "error-text")


@callback(Output("rapport-status", "children"), Output("rapport-gjennomgang-innhold", "children"),
          Output("rapport-versjoner-innhold", "children"), Output("rapport-historikk", "children"),
          Input("rapport-version", "data"), State("rapport-ident", "data"))
def refresh(_version, ident):
    if not runtime.allowed(READ_DRAFTS, ident["project"]):
        hidden = html.P("Rapporter som ikke er godkjent, vises bare for prosjektets ledere og sekretariatet.",
                        className="muted")
        return hidden, None, hidden, hidden
    with read_session(runtime.database_url()) as session:
        latest = latest_submission(session, ident["project"], ident["round"])
        subs = submissions_for(session, project_id=ident["project"], round_id=ident["round"])
        history = audit_entries(session, project_id=ident["project"])
        review = html.P("Ingen innsendt rapport venter på gjennomgang.", className="muted")
        if latest is not None and latest.status == "submitted":
            changes = preview(session, project_id=ident["project"], round_id=ident["round"],
                              content=submission_content(latest))
            review = html.Div([
                html.P(f"Versjon {latest.version} er sendt inn av {latest.created_by} og venter på gjennomgang."),
                changes_table(changes, table_id="rapport-endringer",
                              caption="Endringer sammenlignet med sist godkjente tall"),
            ])
    status = STATUS_LABELS[latest.status] if latest else STATUS_LABELS["not_started"]
    comment = (html.P([html.Strong("Sekretariatets kommentar: "), latest.comment], className="notice")
               if latest is not None and latest.status == "returned" else None)
    return (html.Div([html.P([html.Strong("Status: "), status], id="rapport-status-tekst"), comment]), review,
            submissions_table(subs) if subs else html.P("Ingen versjoner ennå.", className="muted"),
            audit_table(history, table_id="rapport-historikk-tabell"))


@callback(Output("rapport-mal", "data"), Input("rapport-mal-knapp", "n_clicks"), State("rapport-ident", "data"),
          prevent_initial_call=True)
def download_template(_clicks, ident):
    if not runtime.allowed(REPORT, ident["project"]):
        return no_update
    with read_session(runtime.database_url()) as session:
        data = template_data(session, project_id=ident["project"], round_id=ident["round"])
    return dcc.send_bytes(build_template(data), template_filename(data))


def _decode(contents: str | None) -> bytes | None:
    if not contents or "," not in contents:
        return None
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        return None


@callback(Output("rapport-kontroll", "children"), Output("rapport-bekreft", "disabled"),
          Output("rapport-upload", "data"),
          Input("rapport-opplasting", "contents"), State("rapport-opplasting", "filename"),
          State("rapport-ident", "data"), prevent_initial_call=True)
def check_upload(contents, filename, ident):
    try:
        runtime.require(REPORT, ident["project"])
    except Forbidden as exc:
        return _message(str(exc), ok=False), True, None
    data = _decode(contents)
    name = filename or "fil"
    if data is None:
        return problems_report([ImportProblem(name, None, "Filen kunne ikke leses.")]), True, None
    with read_session(runtime.database_url()) as session:
        round_name = session.get(ReportingRound, ident["round"]).name
    reading = read_template(data, name, expected_project_id=ident["project"], expected_round=round_name)
    if not reading.ok:
        return problems_report(reading.problems), True, None
    with read_session(runtime.database_url()) as session:
        changes = preview(session, project_id=ident["project"], round_id=ident["round"], content=reading.content)
    return html.Div([
        html.P(f"Filen «{name}» er kontrollert uten feil. Dette blir endret når rapporten godkjennes:",
               className="ok-text"),
        changes_table(changes, table_id="rapport-forhandsvisning", caption="Forhåndsvisning av endringene"),
        html.P("Trykk «Send inn filen» for å sende rapporten til sekretariatet."),
    ]), False, {"name": name, "contents": contents}


@callback(Output("rapport-bekreft-melding", "children"), Output("rapport-bekreft", "disabled", allow_duplicate=True),
          Output("rapport-version", "data", allow_duplicate=True),
          Input("rapport-bekreft", "n_clicks"), State("rapport-upload", "data"), State("rapport-ident", "data"),
          State("rapport-version", "data"), prevent_initial_call=True)
def confirm_upload(_clicks, upload, ident, version):
    try:
        runtime.require(REPORT, ident["project"])
    except Forbidden as exc:
        return _message(str(exc), ok=False), True, no_update
    data = _decode((upload or {}).get("contents"))
    if data is None:
        return _message("Last opp filen på nytt.", ok=False), True, no_update
    with read_session(runtime.database_url()) as session:
        round_name = session.get(ReportingRound, ident["round"]).name
    result = import_template(data, upload["name"], runtime.database_url(), actor=runtime.current_user(),
                             expected_project_id=ident["project"], expected_round=round_name)
    if not result.ok:
        return problems_report(result.problems), True, no_update
    return _message("Rapporten er sendt inn til sekretariatet."), True, (version or 0) + 1


@callback(Output("rapport-milepaeler-grid", "rowData"), Input("rapport-ny-milepael", "n_clicks"),
          State("rapport-milepaeler-grid", "rowData"), prevent_initial_call=True)
def add_milestone(_clicks, rows):
    rows = list(rows or [])
    numbers = [int(r["code"][1:]) for r in rows if str(r.get("code", "")).upper().startswith("M")
               and str(r.get("code"))[1:].isdigit()]
    rows.append({"code": f"M{max(numbers, default=0) + 1}", "description": "", "period": "", "status": "",
                 "kind": "Planlagt"})
    return rows


FIELD_ERROR_OUTPUTS = ["rapport-brukt", "rapport-fremtidig", "rapport-milepaeler", "rapport-poeng",
                       "rapport-indikatorer"]


@callback(Output("rapport-skjema-feil", "children"), Output("rapport-skjema-melding", "children"),
          *[Output(f"{f}-feil", "children") for f in FIELD_ERROR_OUTPUTS],
          Output("rapport-version", "data", allow_duplicate=True),
          Input("rapport-lagre", "n_clicks"), Input("rapport-send", "n_clicks"),
          State("rapport-brukt", "value"), State("rapport-fremtidig", "value"),
          State("rapport-milepaeler-grid", "rowData"), State("rapport-poeng-grid", "rowData"),
          State("rapport-indikatorer-grid", "rowData"),
          *[State(f"rapport-tekst-{kind}", "value") for kind, _label in NARRATIVE_KINDS],
          State("rapport-ident", "data"), State("rapport-version", "data"), prevent_initial_call=True)
def save_form(_save, _send, spent, future, milestones, scores, kpis, *rest):
    *text_values, ident, version = rest
    submit = ctx.triggered_id == "rapport-send"
    try:
        runtime.require(REPORT, ident["project"])
    except Forbidden as exc:
        return (None, _message(str(exc), ok=False), *[None] * len(FIELD_ERROR_OUTPUTS), no_update)
    texts = {kind: value for (kind, _label), value in zip(NARRATIVE_KINDS, text_values)}
    content, errors = form_to_content(spent=spent, future_use=future, milestones=milestones, scores=scores,
                                      kpis=kpis, texts=texts)
    per_field = {f: [] for f in FIELD_ERROR_OUTPUTS}
    for error in errors:
        per_field[error.field_id].append(html.P(f"{error.label}: {error.message}"))
    if errors:
        summary = html.Div([
            html.H3(f"Skjemaet har {len(errors)} feil. Ingenting er lagret."),
            html.Ul([html.Li(html.A(f"{e.label}: {e.message}", href=f"#{e.field_id}")) for e in errors]),
        ], className="error-summary")
        return (summary, None, *[per_field[f] or None for f in FIELD_ERROR_OUTPUTS], no_update)
    actor = runtime.current_user()
    try:
        number = write_with_retry(runtime.database_url(), lambda session: save_submission(
            session, project_id=ident["project"], round_id=ident["round"], content=content, actor=actor,
            source_kind="form", submit=submit).version)
    except ReportingError as exc:
        return (None, _message(str(exc), ok=False), *[None] * len(FIELD_ERROR_OUTPUTS), no_update)
    text = f"Versjon {number} er sendt inn til sekretariatet." if submit else f"Utkastet er lagret (versjon {number})."
    return (None, _message(text), *[None] * len(FIELD_ERROR_OUTPUTS), (version or 0) + 1)


@callback(Output("rapport-gjennomgang-melding", "children"), Output("rapport-version", "data", allow_duplicate=True),
          Input("rapport-godkjenn", "n_clicks"), Input("rapport-returner", "n_clicks"),
          State("rapport-kommentar", "value"), State("rapport-ident", "data"), State("rapport-version", "data"),
          prevent_initial_call=True)
def review(_approve, _return, comment, ident, version):
    try:
        runtime.require(ADMIN)
        with session_scope(runtime.database_url()) as session:
            latest = latest_submission(session, ident["project"], ident["round"])
            if latest is None:
                raise ReportingError("Det finnes ingen rapport å behandle.")
            if ctx.triggered_id == "rapport-godkjenn":
                changes = approve_submission(session, submission_id=latest.id, actor=runtime.current_user())
                text = f"Rapporten er godkjent; {len(changes)} endringer er lagret og vises på sidene."
            else:
                return_submission(session, submission_id=latest.id, actor=runtime.current_user(),
                                  comment=comment or "")
                text = "Rapporten er sendt tilbake til prosjektlederen med kommentaren."
    except (ReportingError, Forbidden) as exc:
        return _message(str(exc), ok=False), no_update
    return _message(text), (version or 0) + 1


@callback(Output("rapport-sek-melding", "children"), Output("rapport-version", "data", allow_duplicate=True),
          Input("rapport-sek-lagre", "n_clicks"), State("rapport-sek-dim", "value"), State("rapport-sek-verdi", "value"),
          State("rapport-sek-grunn", "value"), State("rapport-ident", "data"), State("rapport-version", "data"),
          prevent_initial_call=True)
def secretariat_score(_clicks, dimension, value, reason, ident, version):
    if not dimension:
        return _message("Velg hvilken vurdering du vil sette.", ok=False), no_update
    try:
        runtime.require(ADMIN)
        with session_scope(runtime.database_url()) as session:
            set_secretariat_score(session, project_id=ident["project"], round_id=ident["round"], dimension=dimension,
                                  value=value, justification=reason or "", actor=runtime.current_user())
    except (ReportingError, Forbidden) as exc:
        return _message(str(exc), ok=False), no_update
    return _message("Sekretariatets vurdering er lagret ved siden av prosjektets egen."), (version or 0) + 1

