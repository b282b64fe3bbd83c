"""SSU: the decision matrix (compact rows made for the room, ``components.ssu_matrix``), recommendations,
decisions, documents."""

from __future__ import annotations

from dash import dcc, html

from components.cards import empty_state, illustrative_badge
from components.cells import count, kr, share
from components.export import export_button
from components.feedback import ENTER_SENDS, field_error, form_outcome
from components.filters import DROPDOWN_LABELS, pager, scheme_and_round
from components.money import CANNOT, printed_cell, printed_or_computed_cell
from components.ssu_matrix import amount_part, decision_text, findings_cell, matrix_table, stale_note, view_toolbar
from domain.formatting import lower_first
from domain.rounds import not_reported_short
from domain.vocabulary import (
    CARRY_OVER,
    CRITERIA_DIMENSIONS,
    CRITERION_COUNT,
    DECISION_LABELS,
    MISSING_REPORT,
    OVERALL_DIMENSIONS,
    REMAINING,
    SUGGESTION_LABELS,
)

PREFIX = "ssu"
MATRIX_COLUMNS = [
    ("project", "Prosjekt"),
    ("granted", "Innvilget per år"),
    ("spent", "Brukt (oppgitt)"),
    ("rate", "Forbruk"),
    ("remaining", f"Gjenstående ({REMAINING.short_label})"),  # as printed, or «(beregnet)» where not (trial 25c)
    ("carry_over", f"Videreført ({CARRY_OVER.short_label})"),
    ("milestones", "Milepæler ferdig / ikke ferdig / herav forfalt"),
    *[(d.key, f"{d.short_label} {d.scale}") for d in OVERALL_DIMENSIONS[:1]],
    ("criteria", f"Kriterier K1–K{CRITERION_COUNT} ({CRITERIA_DIMENSIONS[0].scale})"),
    *[(d.key, f"{d.short_label} {d.scale}") for d in OVERALL_DIMENSIONS[1:]],
    ("change", "Endring siden forrige runde"),
    ("findings", "Avvik i oppgitte tall"),
    ("suggested", "Foreslått (regler)"),
    ("recommendation", "Sekretariatets anbefaling"),
    ("decision", "SSU-vedtak"),
]
MONEY_COLUMNS = {"granted", "spent", "rate", "remaining", "carry_over"}
DECISION_OPTIONS = [{"label": label, "value": key} for key, label in DECISION_LABELS.items()]
DOCUMENTS = (
    ("pdf", "Rapport (PDF)"),
    ("docx", "Rapport (Word)"),
    ("xlsx", "Alle tabeller (Excel)"),
    ("pptx", "Lysark til møtet (PowerPoint)"),
    ("saksframlegg", "Saksframlegg (Word)"),
)


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


def matrix_project(r) -> str:
    return r.project if r.reported else f"{r.project} ({not_reported_short(r.source_round)})"


def _milestone_cell(m) -> str:
    """'3 / 3 / 2': done, not done, and of those not done how many are overdue (a split and a part of it)."""
    return f"{m.done} / {m.total - m.done} / {m.overdue}"


def matrix_dicts(rows: list) -> list[dict]:
    """The matrix's rows as typed cells: money as printed (the findings column says where a printed figure
    breaks its formula; computed values are on the project page and Økonomi, decision 32)."""
    out = []
    for r in rows:
        money = r.money
        out.append(
            {
                "project": matrix_project(r),
                "granted": kr(money.granted_per_year.printed),
                "spent": printed_cell(money.spent),
                "rate": share(money.spending_rate) or CANNOT,
                "remaining": printed_or_computed_cell(money.remaining),
                "carry_over": printed_or_computed_cell(money.carry_over),
                "milestones": _milestone_cell(r.milestones),
                **{d.key: count(r.scores.get(d.key)) for d in OVERALL_DIMENSIONS},
                "criteria": " ".join(_score(r.scores.get(d.key)) for d in CRITERIA_DIMENSIONS),
                "change": r.change or "uendret",
                "findings": findings_cell(r.findings, r.money),
                "suggested": _suggestion(r),
                "recommendation": _recommendation(r) or "ikke satt",
                "decision": decision_text(r),
                "illustrative": "ja" if r.illustrative else "nei",
                "row_class": f"rec-{r.suggested}",
            }
        )
    return out


def _suggestion(r) -> str:
    return f"{SUGGESTION_LABELS[r.suggested]}: " + "; ".join(r.reasons)


def _recommendation(r) -> str:
    if not r.recommendation:
        return ""
    note = stale_note(r)
    stale = f" ({lower_first(note.removeprefix('Merk: ').rstrip('.'))})" if note else ""
    return f"{DECISION_LABELS[r.recommendation]}{amount_part(r)}: {r.recommendation_justification}{stale}"


def proposals(rows: list) -> list[tuple[str, str]]:
    """(project, proposal) for the case document's «Forslag til vedtak»: a decision already made is named with its
    conditions (trial 25c: they were left out), not proposed again; else the secretariat's recommendation, else the
    rules' suggestion."""
    out = []
    for r in rows:
        if r.decision:
            record = r.decision_record
            conditions = f" Vilkår: {record.conditions}" if record is not None and record.conditions else ""
            text = f"SSU har vedtatt: {decision_text(r)}.{conditions}"
        else:
            text = _recommendation(r) or _suggestion(r)
        out.append((matrix_project(r), text))
    return out


def matrix_summary(rows: list) -> str:
    """'Reglene foreslår: 3 videreføre, 1 justere og 0 avslutte av 10 aktive prosjekter; 6 mangler rapport.'"""
    counts = {key: sum(1 for r in rows if r.suggested == key) for key in DECISION_LABELS}
    parts = [f"{n} {key}" for key, n in counts.items()]
    text = f"Reglene foreslår: {', '.join(parts[:-1])} og {parts[-1]} av {len(rows)} aktive prosjekter"
    missing = sum(1 for r in rows if r.suggested == MISSING_REPORT)
    if missing:
        label = SUGGESTION_LABELS[MISSING_REPORT]
        text += f"; {missing} har ikke rapportert i runden og får ikke noe forslag («{label}»)"
    illustrative = sum(1 for r in rows if r.illustrative and r.suggested != MISSING_REPORT)
    if illustrative:
        text += f". {illustrative} forslag bygger på poeng som er eksempeldata"
    return text + "."


RECOMMENDATION_FIELD_IDS = {
    "project": f"{PREFIX}-anb-prosjekt",
    "decision": f"{PREFIX}-anb-beslutning",
    "amount": f"{PREFIX}-anb-belop",
    "justification": f"{PREFIX}-anb-grunn",
}
DECISION_FIELD_IDS = {
    "project": f"{PREFIX}-v-prosjekt",
    "case": f"{PREFIX}-v-sak",
    "meeting_date": f"{PREFIX}-v-dato",
    "decision": f"{PREFIX}-v-beslutning",
    "amount": f"{PREFIX}-v-belop",
}
"""The two forms' fields (as the service names them) and their controls."""


def _field(label: str, control) -> html.Div:
    return html.Div([html.Label(label, htmlFor=control.id), control, field_error(control.id)], className="field")


def recommendation_feedback(outcome) -> tuple:
    """The summary, the message and each field's message (``RECOMMENDATION_FIELD_IDS`` order)."""
    return form_outcome(outcome, RECOMMENDATION_FIELD_IDS, title="Anbefalingen ble ikke lagret")


def decision_feedback(outcome) -> tuple:
    """The summary, the message and each field's message (``DECISION_FIELD_IDS`` order)."""
    return form_outcome(outcome, DECISION_FIELD_IDS, title="Vedtaket ble ikke registrert")


def _status(element_id: str) -> html.Div:
    return html.Div(id=element_id, role="status", **{"aria-live": "polite"})


POLL_MS = 15_000
"""How often an open matrix asks whether anything changed (a cheap stamp; the matrix is read only on a change)."""


def rules_help() -> html.Details:
    return html.Details(
        [
            html.Summary("Slik virker reglene"),
            html.P(
                "Ett prosjekt per rad. Forslaget kommer fra faste, dokumenterte regler; grunnene står i cellen og i "
                "detaljene (knappen ▸ foran prosjektnavnet). Sekretariatet setter sin egen anbefaling med "
                "begrunnelse, og SSU fatter vedtak. Matrisen oppdateres av seg selv når noe lagres."
            ),
            html.P(
                "Beløpene er slik prosjektene oppga dem. Der en rapport ikke oppga gjenstående (TGM) eller "
                "videreførte midler (VM), står beløpet beregnet fra tildelinger og forbruk, merket «(beregnet)»."
            ),
            html.Ul(
                [
                    html.Li(
                        "Avslutte: fremdrift 0 og «leverer» 2 eller lavere, eller under 5 % brukt etter "
                        "minst to år og minst 3 milepæler forfalt (perioden er over uten at de er meldt "
                        "ferdig)."
                    ),
                    html.Li(
                        "Justere: under 20 % brukt, minst 2 milepæler forfalt, fremdrift 1 eller lavere, "
                        "«leverer» 4 eller lavere, eller oppgitte tall som bryter formlene."
                    ),
                    html.Li("Videreføre: ellers."),
                    html.Li(
                        "Mangler rapport: prosjektet har ikke rapportert i runden. Det får ikke noe forslag; "
                        "tallene er fra siste godkjente rapport."
                    ),
                    html.Li("Bygger et forslag på poeng som er eksempeldata, står «eksempeldata» i begrunnelsen."),
                    html.Li(
                        "Presentasjonsvisning (Alt+P) gir stor skrift uten meny og filtre, hele tabellen eller ett "
                        "prosjekt om gangen (piltastene blar); Esc avslutter."
                    ),
                ]
            ),
        ],
        className="criteria-help",
    )


def matrix_block(view) -> list:
    """What a save or a poll refreshes: the summary line and the matrix."""
    rows, shown = view.rows, view.shown or view.rows
    values = {"runde": view.round_name, "ordning": view.scheme_id}
    return [
        html.P(matrix_summary(rows), id=f"{PREFIX}-oppsummering", className="matrix-summary"),
        matrix_table(shown, matrix_dicts(shown), MATRIX_COLUMNS, f"Beslutningsmatrise {view.round_name}"),
        pager("/ssu", values, view.page, view.pages, what="prosjekter"),
        dcc.Store(id=f"{PREFIX}-side", data=view.page),
    ]


def ssu_page(view) -> html.Div:
    controls = scheme_and_round(PREFIX, view, view.round_name)
    rows = view.rows
    if not rows:
        return html.Div(
            [
                html.H1("SSU"),
                controls,
                empty_state(
                    "Ingen prosjekter i matrisen", "Det finnes ingen aktive prosjekter med tall for denne runden."
                ),
            ]
        )
    projects = [{"label": r.project, "value": r.project_id} for r in rows]
    title = "Beslutningsmatrise for SSU"
    return html.Div(
        className="ssu-room",
        children=[
            html.Div(
                [
                    html.H1([title, " ", illustrative_badge()] if any(r.illustrative for r in rows) else title),
                    html.Span(view.round_name, className="presenting-only round-name"),
                    view_toolbar(),
                ],
                className="ssu-head",
            ),
            html.Div([controls, rules_help()], className="ssu-filters"),
            html.Div(matrix_block(view), id=f"{PREFIX}-matrise-innhold"),
            dcc.Interval(id=f"{PREFIX}-poll", interval=POLL_MS),
            dcc.Store(id=f"{PREFIX}-stempel", data=view.stamp),
            dcc.Store(id=f"{PREFIX}-endret"),
            export_button("ssu-matrise", {"runde": view.round_name, "ordning": view.scheme_id}),
            html.Section(
                className="panel",
                children=[
                    html.H2("Dokumenter for runden"),
                    html.P(
                        "Rapporten lages fra databasen i samme struktur som rapporten for høsten 2025, med "
                        "beregnede tall og en merknad for hvert oppgitt tall som bryter formlene. Det kan ta noen "
                        "sekunder.",
                        className="muted",
                    ),
                    html.Div(
                        [
                            html.Button(
                                label,
                                id={"type": f"{PREFIX}-dokument", "format": fmt},
                                className="button-secondary",
                                type="button",
                            )
                            for fmt, label in DOCUMENTS
                        ],
                        className="actions",
                    ),
                    html.P(id=f"{PREFIX}-dokument-fremdrift", role="status", **{"aria-live": "polite"}),
                    html.Div(id=f"{PREFIX}-dokument-melding", role="status"),
                    dcc.Download(id=f"{PREFIX}-dokument-fil"),
                ],
            ),
            html.Section(
                className="panel",
                hidden=not view.may_decide,
                **ENTER_SENDS,
                children=[
                    html.H2("Sekretariatets anbefaling"),
                    html.Div(id=f"{PREFIX}-anb-feil"),
                    _field(
                        "Prosjekt",
                        dcc.Dropdown(
                            labels=DROPDOWN_LABELS, id=f"{PREFIX}-anb-prosjekt", options=projects, placeholder="Velg"
                        ),
                    ),
                    _field(
                        "Anbefaling",
                        dcc.Dropdown(
                            labels=DROPDOWN_LABELS,
                            id=f"{PREFIX}-anb-beslutning",
                            options=DECISION_OPTIONS,
                            placeholder="Velg",
                        ),
                    ),
                    _field("Beløp neste år (kr)", dcc.Input(id=f"{PREFIX}-anb-belop", type="text")),
                    _field("Begrunnelse", dcc.Textarea(id=f"{PREFIX}-anb-grunn", style={"width": "100%"})),
                    html.Button(
                        "Lagre anbefaling", id=f"{PREFIX}-anb-lagre", className="button-primary", type="button"
                    ),
                    _status(f"{PREFIX}-anb-melding"),
                ],
            ),
            html.Section(
                className="panel",
                hidden=not view.may_decide,
                **ENTER_SENDS,
                children=[
                    html.H2("Registrer SSU-vedtak"),
                    html.P(
                        "Vedtaket lagrer en fast kopi av matriseraden det ble fattet på, og setter tildelingen for "
                        "neste år.",
                        className="muted",
                    ),
                    html.Div(id=f"{PREFIX}-v-feil"),
                    _field(
                        "Prosjekt",
                        dcc.Dropdown(
                            labels=DROPDOWN_LABELS, id=f"{PREFIX}-v-prosjekt", options=projects, placeholder="Velg"
                        ),
                    ),
                    _field("Saksnummer (f.eks. 12/26)", dcc.Input(id=f"{PREFIX}-v-sak", type="text", maxLength=10)),
                    _field("Møtedato (dd.mm.åååå)", dcc.Input(id=f"{PREFIX}-v-dato", type="text", maxLength=10)),
                    _field(
                        "Vedtak",
                        dcc.Dropdown(
                            labels=DROPDOWN_LABELS,
                            id=f"{PREFIX}-v-beslutning",
                            options=DECISION_OPTIONS,
                            placeholder="Velg",
                        ),
                    ),
                    _field("Beløp neste år (kr)", dcc.Input(id=f"{PREFIX}-v-belop", type="text")),
                    _field("Vilkår", dcc.Textarea(id=f"{PREFIX}-v-vilkar", style={"width": "100%"})),
                    _field("Vedtakstekst", dcc.Textarea(id=f"{PREFIX}-v-tekst", style={"width": "100%"})),
                    html.Button("Registrer vedtak", id=f"{PREFIX}-v-lagre", className="button-primary", type="button"),
                    _status(f"{PREFIX}-v-melding"),
                ],
            ),
            dcc.Store(id=f"{PREFIX}-runde-navn", data=view.round_name),
        ],
    )
