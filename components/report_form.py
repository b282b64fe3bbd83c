"""A project's reporting page (/innrapportering/<nr>): the Excel template, the web form, the secretariat's
review, the versions and the history. Ids start with ``prosjektrapportering-``."""

from __future__ import annotations

from datetime import date

import dash_ag_grid as dag
from dash import dcc, html, no_update

from components.feedback import (
    FILE_HINT,
    FILE_TITLE,
    error_summary,
    field_error,
    field_messages,
    form_errors,
    form_outcome,
    message,
)
from components.filters import DROPDOWN_LABELS, query_string
from components.grid_locale import grid_options
from components.reporting import audit_table, changes_table, submissions_table
from components.tables import named_grid
from domain.formatting import format_int, format_megabytes
from domain.validation import MAX_TEMPLATE_BYTES
from domain.vocabulary import (
    FUTURE_USE,
    FUTURE_USE_HELP,
    KIND_FROM_STATUS,
    MILESTONE_KIND_LABELS,
    NARRATIVE_KINDS,
    SCORE_DIMENSIONS,
    SPENT,
    STATUS_CHOICES,
    next_milestone_code,
)

PREFIX = "prosjektrapportering"
FIELD_IDS = {
    "spent": f"{PREFIX}-brukt",
    "future_use": f"{PREFIX}-fremtidig",
    "milestones": f"{PREFIX}-milepaeler",
    "scores": f"{PREFIX}-poeng",
    "kpis": f"{PREFIX}-indikatorer",
    "confirm": f"{PREFIX}-sjekk",
    # each text its own field, so its error links to it and stands under it (trial 26a: plain text in the summary)
    **{f"text_{kind.key}": f"{PREFIX}-tekst-{kind.key}" for kind in NARRATIVE_KINDS},
}
"""The form's fields (``services.reporting.FORM_FIELDS``) and the ids of the elements that show their errors."""


def milestone_rows(milestones: list) -> list[dict]:
    return [
        {
            "code": m.code,
            "description": m.description,
            "period": m.period_text or "",
            "status": m.status_text or "",
            "kind": MILESTONE_KIND_LABELS[m.kind],
        }
        for m in milestones
    ]


def score_rows(scores: dict[str, tuple[int, str]]) -> list[dict]:
    return [
        {
            "dimension": d.key,
            "label": d.titled,
            "value": scores[d.key][0] if d.key in scores else None,
            "justification": scores[d.key][1] if d.key in scores else "",
        }
        for d in SCORE_DIMENSIONS
    ]


def _amount(value) -> str:
    """Whole kroner as people write them («2 300 000»); the amount reader takes the spaces back."""
    return format_int(value) if isinstance(value, int) and not isinstance(value, bool) else _typed(value)


def _typed(value) -> str:
    """A value as the form's text cell shows it: Norwegian dates and decimals, nothing for nothing."""
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"  # the form's input format, which the reader takes back
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_int(value)  # «1 800 000», as the figures beside it (the session-21 trial: «1800000»)
    if isinstance(value, float):
        return repr(value).replace(".", ",")  # exact, never rounded
    return str(value)


def kpi_rows(kpis: list) -> list[dict]:
    return [
        {
            "kpi_id": k.id,
            "name": k.name,
            "unit": k.unit,
            "last": k.last,
            "date": _typed(k.date),
            "value": _typed(k.value),
            "new_target": _typed(k.new_target),
            "new_target_date": _typed(k.new_target_date),
            "reason": k.reason or "",
        }
        for k in kpis
    ]


KEEP_ROW_KEYS = {"milepaeler": "code", "poeng": "dimension", "indikatorer": "kpi_id"}
"""What names a row of each grid across versions, for restoring kept rows row by row (assets/form_keep.js)."""


INPUT_CELL = "input-cell"
"""A cell for typing in, pale yellow as the template's input cells (the issue-18 trial: nothing showed which)."""


def editable_grid(
    grid_id: str, rows: list[dict], columns: list[dict], keep: str | None = None, *, label: str, writable: bool = True
) -> html.Div:
    """An editable grid; with ``keep`` the rows the user edited are kept in this browser until they are saved
    (a reload or a new login restores them: assets/form_keep.js, as Dash's own persistence cannot keep a grid's
    rows, which the grid edits in place). Not ``writable``: the same grid to read, nothing to type in."""
    if writable:
        columns = [_typing(c) for c in columns]
    else:
        columns = [{k: v for k, v in c.items() if k != "editable"} for c in columns]
    grid = named_grid(
        dag.AgGrid(
            id=grid_id,
            rowData=rows,
            columnDefs=columns,
            # cellDataType off: a cell shows what was typed, as text («2,5», «1 800 000»); inferred from the first
            # rows, a score kept as text "1" read «Ugyldig tall» once restored (the session-22 trial)
            defaultColDef={"resizable": True, "wrapText": True, "autoHeight": True, "cellDataType": False},
            dashGridOptions=grid_options(
                no_rows="Ingen rader", domLayout="autoHeight", singleClickEdit=True, stopEditingWhenCellsLoseFocus=True
            ),
            style={"width": "100%"},
            className="ag-theme-quartz",
        ),
        label,
    )
    if not keep:
        return grid
    row_key = next((key for name, key in KEEP_ROW_KEYS.items() if f"-{name}-" in grid_id), "")
    note = html.Div(id=f"{grid_id}-ikke-gjenopprettet", className="keep-note", role="status")
    return html.Div([grid, note], **{"data-keep": keep, "data-keep-grid": grid_id, "data-keep-row": row_key})


def _typing(column: dict) -> dict:
    """A column's cells for typing, yellow: all of them, or (``editable`` a rule) those the rule opens."""
    rule = column.get("editable")
    if isinstance(rule, dict):
        return {**column, "cellClassRules": {INPUT_CELL: rule["function"]}}
    return {**column, "cellClass": INPUT_CELL} if rule else column


ADDED_ROW = "params.data && params.data.added === true"
"""A row added with «Legg til milepæl» and not saved yet: only its code may be typed (a stored milestone keeps its
code, as the template's locked code cells: the session-22 trial renamed M4 to M9 and got both)."""

MILESTONE_COLUMNS = [
    {"field": "code", "headerName": "Milepæl", "editable": {"function": ADDED_ROW}, "width": 110},
    {
        "field": "description",
        "headerName": "Beskrivelse",
        "editable": True,
        "flex": 3,
        "minWidth": 260,
        "cellEditor": "agLargeTextCellEditor",
        "cellEditorPopup": True,
    },
    {"field": "period", "headerName": "Når", "editable": True, "width": 150},
    {
        "field": "status",
        "headerName": "Status",
        "editable": True,
        "width": 160,
        "cellEditor": "agSelectCellEditor",
        "cellEditorParams": {"values": [""] + STATUS_CHOICES},
    },
    {
        "field": "kind",
        "headerName": "Type",
        "editable": True,
        "width": 130,
        "cellEditor": "agSelectCellEditor",
        "cellEditorParams": {"values": list(MILESTONE_KIND_LABELS.values())},
    },
]
SCORE_COLUMNS = [
    {"field": "label", "headerName": "Vurdering", "flex": 2, "minWidth": 240},
    {"field": "value", "headerName": "Poeng", "editable": True, "width": 110},
    {
        "field": "justification",
        "headerName": "Begrunnelse",
        "editable": True,
        "flex": 3,
        "minWidth": 260,
        "cellEditor": "agLargeTextCellEditor",
        "cellEditorPopup": True,
    },
]
KPI_COLUMNS = [
    {"field": "name", "headerName": "Indikator", "flex": 2, "minWidth": 240},
    {"field": "unit", "headerName": "Enhet", "width": 110},
    {"field": "last", "headerName": "Siste måling", "width": 230, "wrapText": True, "autoHeight": True},
    {"field": "date", "headerName": "Dato (dd.mm.åååå)", "editable": True, "width": 170},
    {"field": "value", "headerName": "Ny verdi", "editable": True, "width": 120},
    {"field": "new_target", "headerName": "Nytt mål", "editable": True, "width": 120},
    {"field": "new_target_date", "headerName": "Ny måldato", "editable": True, "width": 140},
    {"field": "reason", "headerName": "Begrunnelse for nytt mål", "editable": True, "flex": 1, "minWidth": 200},
]


def _status(element_id: str, **props) -> html.Div:
    return html.Div(id=element_id, role="status", **{"aria-live": "polite"}, **props)


def _field(label: str, control, *, error: bool = False, keep: str | None = None) -> html.Div:
    """A label, its control and (with ``error``) the place for the control's message. With ``keep`` (the
    report's key, for a control with Dash persistence), what was typed here and lost to a newer version on a
    reload is named under the field (assets/form_keep.js): Dash's persistence drops it without a word."""
    kept = {}
    if keep:
        kept = {"data-keep": keep, "data-keep-field": control.id, "data-keep-original": control.value or ""}
    return html.Div(
        [
            html.Label(label, htmlFor=control.id),
            control,
            field_error(control.id) if error else None,
            html.Div(id=f"{control.id}-ikke-gjenopprettet", className="keep-note", role="status") if keep else None,
        ],
        className="field",
        **kept,
    )


def reporting_not_found() -> html.Div:
    return html.Div(
        [
            html.H1("Fant ikke rapporten"),
            html.P("Prosjektet eller rapporteringsrunden finnes ikke."),
            dcc.Link("Til innrapportering", href="/innrapportering"),
        ],
        className="empty-state",
    )


def reporting_page(view) -> html.Div:
    project, form, writable = view.project, view.form, view.writable
    return html.Div(
        [
            dcc.Link(
                "← Innrapportering",
                href="/innrapportering" + query_string({"runde": view.round_name, "ordning": project.scheme_id}),
            ),
            html.H1(f"Rapport: {project.display_name}, {view.round_name}"),
            html.P(
                [
                    "Prosjektnummer ",
                    project.number or "–",
                    ". Du handler som ",
                    dcc.Link(view.actor, href="/bruker"),
                    ".",
                ],
                className="lead",
            ),
            dcc.Store(
                id=f"{PREFIX}-valg",
                data={
                    "project": project.id,
                    "round": view.round_id,
                    "base": view.base_version,
                    "href": f"/innrapportering/{project.ref}" + query_string({"runde": view.round_name}),
                },
            ),
            dcc.Store(id=f"{PREFIX}-versjon", data=0),
            dcc.Store(id=f"{PREFIX}-opplastet"),
            dcc.Store(id=f"{PREFIX}-vurdert"),
            dcc.Store(id=f"{PREFIX}-handling"),
            html.Div(id=f"{PREFIX}-status"),
            _access_notice(view),
            _excel_panel(view),
            _form_panel(view, form, writable),
            _review_panel(view),
            html.H2("Versjoner"),
            html.Div(id=f"{PREFIX}-versjoner"),
            html.H2("Historikk"),
            html.Div(id=f"{PREFIX}-historikk"),
        ]
    )


def _access_notice(view) -> html.P | None:
    """The real reason the page cannot be written, or nothing."""
    if not view.may_report:
        return html.P(
            "Du kan lese det som er godkjent for prosjektet, men ikke rapportere: bare prosjektets ledere og "
            "sekretariatet kan det.",
            className="notice",
            id=f"{PREFIX}-lesetilgang",
        )
    if view.closed:
        return html.P(
            "Runden er lukket. Rapporten kan leses, men ikke endres. Sekretariatet kan åpne runden for "
            "prosjektet ved behov.",
            className="notice",
            id=f"{PREFIX}-lukket",
        )
    return None


def _excel_panel(view) -> html.Section:
    return html.Section(
        className="panel",
        hidden=not view.may_report,
        children=[
            html.H2("Rapporter i Excel"),
            html.P(
                "Last ned malen, fyll ut de gule cellene og last den opp igjen. Du ser alle feil og en "
                "oversikt over endringene før noe lagres."
            ),
            html.Button(  # a template to fill in, where nothing can be sent back, only invites lost work
                "Last ned mal (.xlsx)",
                id=f"{PREFIX}-mal-knapp",
                className="button-secondary",
                type="button",
                disabled=not view.writable,
            ),
            dcc.Download(id=f"{PREFIX}-mal"),
            dcc.Upload(
                id=f"{PREFIX}-opplasting",
                max_size=MAX_TEMPLATE_BYTES,
                multiple=False,
                disabled=not view.writable,
                className="upload",
                children=html.Div(
                    [
                        "Dra filen hit eller ",
                        html.Span("velg en fil", className="upload-link"),
                        f" (Excel .xlsx, høyst {format_megabytes(MAX_TEMPLATE_BYTES)} MB)",
                    ]
                ),
            ),
            field_error(f"{PREFIX}-opplasting", **{"data-max-bytes": MAX_TEMPLATE_BYTES}),  # assets/upload.js
            _status(f"{PREFIX}-kontroll"),
            html.Button(
                "Send inn filen", id=f"{PREFIX}-bekreft", className="button-primary", type="button", disabled=True
            ),
            _status(f"{PREFIX}-bekreft-melding"),
        ],
    )


def _form_panel(view, form, writable: bool) -> html.Section | None:
    if form is None:
        return None
    keep = f"{view.project.id}-{view.round_id}"  # typed, unsaved values stay in this browser for this report
    kept = {"persistence": keep, "persistence_type": "local", "readOnly": not writable}
    return html.Section(
        className="panel",
        children=[
            html.H2("Eller fyll ut skjemaet"),
            html.P(
                form_basis(view.base_version),
                className="muted",
                id=f"{PREFIX}-skjema-grunnlag",
            ),
            html.Div(id=f"{PREFIX}-skjema-feil"),
            html.P(
                [
                    html.Span("Gule celler", className="input-cell-sample"),
                    " i tabellene fylles ut, som i Excel-malen: "
                    "klikk i en celle, eller gå til den med piltastene og trykk Enter.",
                ],
                className="muted",
            )
            if writable
            else None,
            dcc.Store(id=f"{PREFIX}-bevart"),  # when the grids' kept rows last started again (assets/form_keep.js)
            _field(
                f"{SPENT.form_label} (kr)",
                dcc.Input(
                    id=FIELD_IDS["spent"], type="text", value=_amount(form.spent_total), inputMode="numeric", **kept
                ),
                error=True,
                keep=keep,
            ),
            _field(
                f"{FUTURE_USE.form_label} (kr)",
                dcc.Input(
                    id=FIELD_IDS["future_use"], type="text", value=_amount(form.future_use), inputMode="numeric", **kept
                ),
                error=True,
                keep=keep,
            ),
            html.P(FUTURE_USE_HELP, className="muted"),
            html.H3("Milepæler", id=FIELD_IDS["milestones"]),
            html.P("Nye milepæler legges til med knappen. " + KIND_FROM_STATUS, className="muted"),
            editable_grid(
                f"{PREFIX}-milepaeler-rutenett",
                milestone_rows(form.milestones),
                MILESTONE_COLUMNS,
                keep,
                label="Milepæler",
                writable=writable,
            ),
            html.Button(
                "Legg til milepæl",
                id=f"{PREFIX}-ny-milepael",
                className="button-secondary",
                type="button",
                # the new row's description takes focus (assets/grid_keyboard.js; trial 23: it stayed on the button)
                **{"data-focus-new-row": f"{PREFIX}-milepaeler-rutenett", "data-focus-column": "description"},
                disabled=not writable,
            ),
            field_error(FIELD_IDS["milestones"], f"{PREFIX}-milepaeler-rutenett"),
            html.H3("Poeng med begrunnelse", id=FIELD_IDS["scores"]),
            editable_grid(
                f"{PREFIX}-poeng-rutenett",
                score_rows(form.scores),
                SCORE_COLUMNS,
                keep,
                label="Poeng med begrunnelse",
                writable=writable,
            ),
            field_error(FIELD_IDS["scores"], f"{PREFIX}-poeng-rutenett"),
            html.H3("Nye målinger av indikatorene", id=FIELD_IDS["kpis"]),
            editable_grid(
                f"{PREFIX}-indikatorer-rutenett",
                kpi_rows(form.kpis),
                KPI_COLUMNS,
                keep,
                label="Nye målinger av indikatorene",
                writable=writable,
            ),
            None if form.kpis else html.P("Prosjektet har ingen indikatorer registrert.", className="muted"),
            field_error(FIELD_IDS["kpis"], f"{PREFIX}-indikatorer-rutenett"),
            html.H3("Tekster"),
            html.Div(
                [
                    _field(
                        kind.label,
                        dcc.Textarea(
                            id=f"{PREFIX}-tekst-{kind.key}",
                            value=form.texts.get(kind.key, ""),
                            style={"width": "100%", "minHeight": "6rem"},
                            **kept,
                        ),
                        keep=keep,
                        error=True,
                    )
                    for kind in NARRATIVE_KINDS
                ]
            ),
            html.Button(
                "Lagre utkast", id=f"{PREFIX}-lagre", className="button-secondary", type="button", disabled=not writable
            ),
            html.Button(
                "Send inn", id=f"{PREFIX}-send", className="button-primary", type="button", disabled=not writable
            ),
            html.Div(id=f"{FIELD_IDS['confirm']}-feil", className="confirm-box", role="alert"),
            html.Button(
                "Jeg har sjekket – lagre likevel",
                id=f"{PREFIX}-bekreft-skjema",
                className="button-secondary",
                type="button",
                hidden=True,
            ),
            _status(f"{PREFIX}-skjema-melding"),
            html.Div(id=f"{PREFIX}-skjema-nyere"),
        ],
    )


def _review_panel(view) -> html.Section:
    return html.Section(
        className="panel",
        id=f"{PREFIX}-gjennomgang",
        hidden=not view.may_review,
        children=[
            html.H2("Sekretariatets gjennomgang"),
            html.Div(id=f"{PREFIX}-gjennomgang-innhold"),
            _field(
                "Kommentar til prosjektlederen (ved retur)",
                dcc.Textarea(id=f"{PREFIX}-kommentar", style={"width": "100%", "minHeight": "4rem"}),
            ),
            html.Button("Godkjenn", id=f"{PREFIX}-godkjenn", className="button-primary", type="button", disabled=True),
            html.Button(
                "Send tilbake med kommentar",
                id=f"{PREFIX}-returner",
                className="button-danger",
                type="button",
                disabled=True,
            ),
            _status(f"{PREFIX}-gjennomgang-melding"),
            html.H3("Sekretariatets egen vurdering"),
            html.Div(id=f"{PREFIX}-sek-feil"),
            _field(
                "Vurdering",
                dcc.Dropdown(
                    labels=DROPDOWN_LABELS,
                    id=f"{PREFIX}-sek-vurdering",
                    placeholder="Velg",
                    options=[{"label": d.titled, "value": d.key} for d in SCORE_DIMENSIONS],
                ),
                error=True,
            ),
            _field(
                "Poeng",
                # text, not type=number: Dash's number steppers have English labels; check_score reads the text
                dcc.Input(id=f"{PREFIX}-sek-poeng", type="text", inputMode="numeric", maxLength=3),
                error=True,
            ),
            _field("Begrunnelse", dcc.Input(id=f"{PREFIX}-sek-begrunnelse", type="text", maxLength=500), error=True),
            html.Button("Lagre vurdering", id=f"{PREFIX}-sek-lagre", className="button-secondary", type="button"),
            _status(f"{PREFIX}-sek-melding"),
        ],
    )


def status_panel(status) -> tuple:
    """The report's status (with the secretariat's comment), the review, the versions and the history, the
    reviewed version, and whether the review buttons are disabled (until a submitted version is shown)."""
    if not status.visible:
        hidden = html.P(
            "Rapporter som ikke er godkjent, vises bare for prosjektets ledere og sekretariatet.", className="muted"
        )
        return hidden, None, None, None, None, True, True  # said once (trial 26a: three times)
    review = html.P("Ingen innsendt rapport venter på gjennomgang.", className="muted")
    if status.review is not None:
        review = html.Div(
            [
                html.P(
                    f"Versjon {status.review.version} er sendt inn av {status.review.submitted_by} og venter på "
                    "gjennomgang."
                ),
                html.Div(
                    [html.H4("Sjekk før du godkjenner"), html.Ul([html.Li(w) for w in status.review.warnings])],
                    className="notice",
                    id=f"{PREFIX}-gjennomgang-sjekk",
                )
                if status.review.warnings
                else None,
                changes_table(
                    status.review.changes,
                    table_id=f"{PREFIX}-endringer",
                    caption="Endringer sammenlignet med sist godkjente tall",
                ),
            ]
        )
    comment = (
        html.P([html.Strong("Sekretariatets kommentar: "), status.comment], className="notice")
        if status.comment
        else None
    )
    return (
        html.Div([html.P([html.Strong("Status: "), status.status_label], id=f"{PREFIX}-status-tekst"), comment]),
        review,
        submissions_table(status.submissions)
        if status.submissions
        else html.P("Ingen versjoner ennå.", className="muted"),
        audit_table(status.history, table_id=f"{PREFIX}-historikk-tabell"),
        status.review.version if status.review is not None else None,
        status.review is None,  # «Godkjenn» and «Send tilbake» act only on a version shown above them
        status.review is None,
    )


def _checks(warnings: list[str]) -> html.Div | None:
    if not warnings:
        return None
    return html.Div(
        [html.H3("Sjekk dette før du sender inn"), html.Ul([html.Li(w) for w in warnings])], className="confirm-box"
    )


def _newer(changes: list, table_id: str, href: str) -> html.Div | None:
    """What a refused (stale) report holds that the newer version does not: nothing typed is lost unseen."""
    if not changes:
        return None
    return html.Div(
        [
            changes_table(
                changes, table_id=table_id, caption="Det du prøvde å lagre, sammenlignet med den nyeste versjonen"
            ),
            dcc.Link("Last inn siste versjon", href=href, refresh=True, className="button-secondary"),
        ]
    )


def _file_errors(problems) -> html.Div:
    return error_summary(problems, title=FILE_TITLE, hint=FILE_HINT, element_id=f"{PREFIX}-feil")


def upload_field_message(outcome, file_name: str) -> html.P | None:
    """The upload field's own message: which file was refused (the list is in the summary under it)."""
    if outcome.ok:
        return None
    return html.P(f"«{file_name}» ble ikke lagret: {len(outcome.problems)} feil må rettes. Se listen under.")


def upload_preview(outcome, file_name: str, href: str) -> html.Div:
    if not outcome.ok:
        stale = outcome.value.changes if outcome.value is not None else []
        return html.Div([_file_errors(outcome.problems), _newer(stale, f"{PREFIX}-fil-nyere", href)])
    if outcome.value.already:
        return html.Div(message(outcome.message))
    return html.Div(
        [
            html.P(f"{outcome.message} Dette blir endret når rapporten godkjennes:", className="ok-text"),
            changes_table(
                outcome.value.changes, table_id=f"{PREFIX}-forhandsvisning", caption="Forhåndsvisning av endringene"
            ),
            _checks(outcome.value.warnings),
            html.P("Trykk «Send inn filen» for å sende rapporten til sekretariatet."),
        ]
    )


def upload_result(outcome, href: str) -> html.Div | html.P:
    if not outcome.ok:
        return _file_errors(outcome.problems)
    return html.Div(
        [
            message(outcome.message),
            html.P(
                [
                    "Skjemaet på siden viser fortsatt det som var lagret før filen. ",
                    dcc.Link("Last inn siden på nytt", href=href, refresh=True),
                    " for å se og endre den nye versjonen i skjemaet.",
                ]
            ),
        ]
    )


def form_basis(version: int | None) -> str:
    """The line over the form naming the version it shows (after a save: the version just saved)."""
    return f"Skjemaet viser versjon {version} av rapporten." if version else "Skjemaet viser sist godkjente tall."


NEWER_TITLE = "Skjemaet ble ikke lagret: en nyere versjon er kommet inn"
"""The heading when a newer version came first: not a list of mistakes to correct."""
WAITING_TITLE = "Utkastet ble ikke lagret: rapporten venter på sekretariatet"
"""The heading when a draft is saved over a version sent in and not yet reviewed (trial 24d: «1 feil må rettes»)."""


def form_feedback(outcome, href: str, version: int | None) -> tuple:
    """The form's error summary, its message, each field's errors (in ``FIELD_IDS`` order), whether the
    confirm button is hidden, what a newer version holds when the form was stale, the line naming the
    version the form shows (changed by a save only), and the versions table's counter (``version``, moved on
    when the table must be read again: a save went through, or a newer version came first)."""
    field_ids = list(FIELD_IDS.values())
    if outcome.ok:
        shown = form_basis(outcome.value.version)
        return (None, message(outcome.message), *[None] * len(field_ids), True, None, shown, (version or 0) + 1)
    refusal = outcome.value
    confirm = refusal is not None and refusal.confirm
    summary, by_field = form_errors(outcome.problems, FIELD_IDS)
    note = None
    if refusal is not None and (refusal.newer or refusal.waiting):  # not a mistake: a notice, as the page's others
        summary = html.Div(
            [html.H3(NEWER_TITLE if refusal.newer else WAITING_TITLE), *[html.P(p.message) for p in outcome.problems]],
            className="notice take-focus",
            role="alert",
            tabIndex="-1",
        )
    if confirm:
        summary = None
        note = message(
            # the points stand above it, and may be about texts too (trial 25c)
            "Ingenting er lagret ennå. Les punktene over, og trykk «Jeg har sjekket – lagre likevel» hvis alt stemmer.",
            ok=False,
        )
    return (
        summary,
        note,
        *field_messages(by_field, field_ids),
        not (refusal is not None and refusal.confirm),
        _newer(refusal.stale, f"{PREFIX}-skjema-nyere-tabell", href) if refusal is not None else None,
        no_update,
        (version or 0) + 1 if refusal is not None and refusal.newer else no_update,
    )


def add_milestone_row(rows: list | None) -> list:
    """A new empty milestone row with the next free code."""
    rows = [r for r in (rows or []) if isinstance(r, dict)]
    return rows + [
        {
            "code": next_milestone_code(r.get("code") for r in rows),
            "description": "",
            "period": "",
            "status": "",
            "kind": "",  # worked out from the status, as a blank «Type» in the template (the preview names it)
            "added": True,  # its code may be typed (ADDED_ROW); the service reads only the milestone's own fields
        }
    ]


SECRETARIAT_FIELD_IDS = {
    "dimension": f"{PREFIX}-sek-vurdering",
    "value": f"{PREFIX}-sek-poeng",
    "justification": f"{PREFIX}-sek-begrunnelse",
}
"""The secretariat's own score: the service's fields and their controls."""


def secretariat_score_feedback(outcome) -> tuple:
    """The error summary, the message, and each field's message (``SECRETARIAT_FIELD_IDS`` order)."""
    return form_outcome(outcome, SECRETARIAT_FIELD_IDS, title="Vurderingen ble ikke lagret")
