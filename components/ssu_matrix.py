"""The SSU matrix made for the room (decision 126): compact rows where the project, the key figures, the
suggestion with its reasons, the secretariat's recommendation and SSU's decision fit a 1366 px screen; every
row's details (all figures, criteria, reasons, full texts, history) one button away; the project column sticky
when the further columns are scrolled into view; and a toolbar for the presentation mode.

Rows and details are built in Dash's wire format (``components.tables.wire``): a national matrix has
about a hundred rows and a detail panel each. The view state (details open, presentation mode, the project
shown) lives in the browser (``assets/ssu_room.js``) and the address (``?visning=presentasjon&prosjekt=…``),
so a refresh of the matrix after a save or a poll keeps it.
"""

from __future__ import annotations

from dash import html

from components.cells import COMPUTED_COMMENT, Kr, cell_text
from components.tables import Col, cell, wire
from domain.formatting import count_of, format_date_numeric, format_kr, format_local_time
from domain.rounds import figures_taken_from, not_reported_short
from domain.vocabulary import (
    CRITERIA_DIMENSIONS,
    DECISION_LABELS,
    END,
    OVERALL_DIMENSIONS,
    RULE_NAMES,
    SCORE_DIMENSIONS,
    SUGGESTION_LABELS,
)

MATRIX_ID = "ssu-matrise"
DETAIL_ID = "ssu-detalj-"
NONE_YET = "–"

# The columns that fit a 1366 px screen, in the order SSU reads them; the rest of MATRIX_COLUMNS follow
# (reached by scrolling sideways, and all of it is in each row's details).
MAIN_KEYS = ("project", "granted", "spent", "rate", "remaining", "findings", "suggested", "recommendation", "decision")
SHORT_HEADERS = {"findings": "Avvik"}
KEY_FIGURES = ("granted", "spent", "rate", "remaining")
TOOLBAR = (  # action, label, extra attributes
    ("all", "Hele tabellen", {"aria-pressed": "false"}),
    ("one", "Ett prosjekt om gangen", {"aria-pressed": "false"}),
    ("prev", "← Forrige prosjekt", {"aria-keyshortcuts": "ArrowLeft"}),
    ("next", "Neste prosjekt →", {"aria-keyshortcuts": "ArrowRight"}),
)


def _clamp(children, title: str | None = None, lines: int = 2) -> dict:
    """Text cut to one or two lines on screen; the full text is in the row's details."""
    return wire("Div", children, className=f"clamp clamp-{lines}", title=title)


def _label(text: str, css: str = "") -> dict:
    return wire("Strong", text, className=css or None)


def _project_cell(r, name: str) -> dict:
    detail_id = f"{DETAIL_ID}{r.ref}"
    button = wire(
        "Button",
        [],  # the triangle is drawn by CSS, so the row's text is the project's name alone
        type="button",
        className="disclosure",
        title="Vis eller skjul detaljer",
        **{
            "aria-expanded": "false",
            "aria-controls": detail_id,
            "aria-label": f"Detaljer: {name}",
            "data-ssu-action": "detail",
            "data-ref": r.ref,
        },
    )
    link = wire("Link", r.project, href=f"/prosjekter/{r.ref}", title=name, className="clamp clamp-2")
    link["namespace"] = "dash_core_components"
    # a project without a report in the round: the name whole, where its figures are from on one line under it,
    # the whole marker in its title (the session-21 trial saw «Samhandling palliasjon (ikke rapportert; tall fr…»
    # at 1366 px; at two lines the whole marker made Vår 2026's rows four lines tall). The suggestion beside it
    # begins «Mangler rapport: ikke rapportert i Vår 2026».
    marker = [] if r.reported else [_clamp(figures_taken_from(r.source_round), not_reported_short(r.source_round), 1)]
    texts = wire("Div", [link, *marker], className="project-texts")
    return wire("Th", wire("Div", [button, texts], className="project-cell"), scope="row", className="matrix-project")


def _money_cell(value) -> dict:
    """The amount on one line; words printed beside it (or «(beregnet)») on a second, cut short."""
    if hasattr(value, "note") and value.note:
        title = COMPUTED_COMMENT if value.computed else value.note
        return wire(
            "Td",
            [wire("Span", format_kr(value.value), className="amount"), " ", _clamp(value.note, title, 1)],
            className="num key-figure",
        )
    return wire("Td", cell_text(value), className="num key-figure amount")


def _suggestion(r) -> dict:
    reasons = "; ".join(r.reasons)
    label = SUGGESTION_LABELS[r.suggested]
    text = _clamp([_label(label, "suggestion"), ": " + reasons], f"{label}: {reasons}")
    return wire("Td", text, className="suggested")


def findings_cell(findings, money) -> str:
    """The matrix's «Avvik»: the figures that break their formula; else those that cannot be checked; «ikke
    oppgitt» when the report printed none of them (a web form's report); «ingen» only when every printed figure was
    checked (trial 24a: «ingen» where nothing could be checked)."""
    if findings:
        return ", ".join(findings)
    if money.unchecked:
        return f"{', '.join(RULE_NAMES[u].short_label for u in money.unchecked)}: kan ikke kontrolleres"
    printed = any(f.was_printed for f in (money.remaining, money.carry_over, money.next_year_total))
    return "ingen" if printed else "ikke oppgitt"


def amount_part(r, after: str = "") -> str:
    """', 3 000 000 kr' beside a recommendation; ', beløp ikke foreslått' when none was given for a project to
    continue or adjust (trials 24d and 24e: «Videreføre, –: …», then nothing said of the amount still open)."""
    if r.recommendation_amount is not None:
        return f", {format_kr(r.recommendation_amount)}{after}"
    return "" if r.recommendation == END else ", beløp ikke foreslått"


STALE_RECOMMENDATION = "satt før nye tall"


def stale_note(r) -> str:
    """'Merk: rapporten ble godkjent på nytt 25. nov. 2026 kl. 10.12, etter at anbefalingen ble satt.' ('' when
    the recommendation is the newer)."""
    if r.approved_after_recommendation is None:
        return ""
    when = format_local_time(r.approved_after_recommendation)
    return f"Merk: rapporten ble godkjent {when}, etter at anbefalingen ble satt."


def _recommendation(r) -> dict:
    if not r.recommendation:
        return wire("Td", wire("Span", "ikke satt", className="muted"), className="recommendation")
    label = DECISION_LABELS[r.recommendation]
    rest = f"{amount_part(r)}: {r.recommendation_justification}"
    note = stale_note(r)
    stale = wire("Div", STALE_RECOMMENDATION, className="stale", title=note) if note else None
    return wire("Td", [_clamp([_label(label), rest], label + rest), stale], className="recommendation")


def decision_case(r) -> str:
    """'sak 12/26, 2 924 000 kr for 2027': the decision's case and the amount it set, for its year (trial 25b: the
    documents said only «Videreføre»; trial 25c: which year was not said)."""
    record = r.decision_record
    if record is None:
        return ""
    year = f" for {record.year}" if record.year else ""
    amount = f", {format_kr(record.amount_next_year)}{year}" if record.amount_next_year is not None else ""
    return f"sak {record.case_number}{amount}"


def decision_text(r) -> str:
    """The decision as the export and documents write it: 'Videreføre (sak 12/26, 2 924 000 kr for 2027)'; '–' when
    none."""
    if not r.decision:
        return "–"
    case = decision_case(r)
    return DECISION_LABELS[r.decision] + (f" ({case})" if case else "")


def _decision(r) -> dict:
    if not r.decision:
        return wire("Td", wire("Span", NONE_YET, className="muted"), className="decision")
    case = decision_case(r)
    return wire("Td", [_label(DECISION_LABELS[r.decision]), wire("Div", case, className="case")], className="decision")


def extra_columns(all_columns: list[tuple[str, str]]) -> list[Col]:
    return [Col(key, label, key == "carry_over") for key, label in all_columns if key not in MAIN_KEYS]


def _findings(r) -> dict:
    """The printed figures that break their formula, by their short names («TGM, VM»); the details say how."""
    short = ", ".join(dict.fromkeys(RULE_NAMES[f.rule].short_label for f in r.money.findings))
    if short:
        return wire("Td", short, className="findings")
    text = findings_cell((), r.money)  # «ingen» only where every printed figure was checked (trials 24d, 24e)
    shown = text
    if r.money.unchecked:  # two short lines in the room's narrow column; the full text is its title and in details
        first, more = RULE_NAMES[r.money.unchecked[0]].short_label, len(r.money.unchecked) > 1
        shown = f"{first}{' m.fl.' if more else ''}: kan ikke sjekkes"
    return wire("Td", _clamp(wire("Span", shown, className="muted small-note"), text), className="findings")


def _extra(value, col: Col) -> dict:
    if isinstance(value, Kr):
        td = _money_cell(value)
    else:
        td = wire("Td", _clamp(cell_text(value), cell_text(value)), className="num" if col.numeric else None)
    td["props"]["className"] = " ".join(filter(None, [td["props"].get("className"), "extra"]))
    return td


def matrix_row(r, values: dict, extras: list[Col]) -> dict:
    """One compact row: the project (sticky, with its details button and a link), the key figures, the
    findings, the suggestion with its reasons, the recommendation, the decision, then the further columns."""
    cells = [
        _project_cell(r, values["project"]),
        *[_money_cell(values[key]) if key != "rate" else cell(values[key], Col(key, "", True)) for key in KEY_FIGURES],
        _findings(r),
        _suggestion(r),
        _recommendation(r),
        _decision(r),
        *[_extra(values.get(c.key), c) for c in extras],
    ]
    return wire("Tr", cells, className=f"matrix-row {values['row_class']}", **{"data-ref": r.ref})


# ---------------------------------------------------------------- details


def _pair(term: str, value) -> list[dict]:
    return [wire("Dt", term), wire("Dd", value)]


def _block(title: str, children) -> dict:
    return wire("Section", [wire("H3", title), *children], className="detail-block")


def milestone_split(m) -> str:
    """'6 milepæler: 3 ferdig, 2 pågår, 1 planlagt; 3 av de 3 ikke ferdige har passert fristen' (one split, and
    the overdue as a part of those not done)."""
    if not m.total:
        return "ingen milepæler"
    split = f"{count_of(m.total, 'milepæl', 'milepæler')}: {m.done} ferdig, {m.in_progress} pågår, {m.planned} planlagt"
    open_ = m.total - m.done
    return f"{split}; {m.overdue} av de {open_} ikke ferdige har passert fristen" if open_ else split


def _figures(r, values: dict, labels: dict[str, str]) -> dict:
    m = r.milestones
    pairs = [(labels[key], cell_text(values[key])) for key in (*KEY_FIGURES, "carry_over")]
    pairs.append(("Milepæler", milestone_split(m)))
    money = r.money
    found = [wire("Li", f.message) for f in money.findings]
    children = [wire("Dl", [x for term, value in pairs for x in _pair(term, value)])]
    children.append(wire("P", "Avvik i oppgitte tall:", className="detail-sub") if found else None)
    children.append(wire("Ul", found) if found else wire("P", _no_findings(money), className="muted"))
    return _block("Tall", [c for c in children if c is not None])


def _no_findings(money) -> str:
    if money.unchecked:
        unchecked = ", ".join(RULE_NAMES[u].label for u in money.unchecked)
        return f"Ingen avvik funnet, men {unchecked} kan ikke kontrolleres (se Økonomi)."
    if findings_cell((), money) == "ikke oppgitt":  # as the row's «Avvik» says (trial 26c: «ingen» here)
        return "Rapporten oppga ingen av TGM, VM og sum neste år, så ingen oppgitte tall er kontrollert."
    return "Ingen avvik i oppgitte tall."


def _score_text(value) -> str:
    return NONE_YET if value is None else str(value)


def _scores(r) -> dict:
    criteria = [
        # «K1: 2» to a screen reader (trial 25a heard «K12»); the colon is hidden on screen
        wire(
            "Li",
            [
                wire("Span", d.short_label, className="crit-key", title=d.label),
                wire("Span", ": ", className="sr-only"),
                _score_text(r.scores.get(d.key)),
            ],
        )
        for d in CRITERIA_DIMENSIONS
    ]
    overall = [x for d in OVERALL_DIMENSIONS for x in _pair(d.titled, _score_text(r.scores.get(d.key)))]
    return _block(
        "Poeng (prosjektets egen vurdering" + (", eksempeldata)" if r.illustrative else ")"),  # trial 23b: unmarked
        [
            wire("P", f"Kriterier ({CRITERIA_DIMENSIONS[0].scale})", className="detail-sub"),
            wire("Ul", criteria, className="criteria-list"),
            wire("Dl", overall),
            wire("P", f"Endring siden forrige runde: {r.change or 'uendret'}"),
            _secretariat_scores(r.secretariat_scores),
        ],
    )


def _secretariat_scores(scores: dict[str, int]) -> dict | None:
    """«Sekretariatets vurdering: K2 2, Fremdrift 1» where the secretariat has scored (trial 25b: shown on the
    project page and /gevinster, nowhere in the room)."""
    if not scores:
        return None
    parts = [f"{d.short_label} {scores[d.key]}" for d in SCORE_DIMENSIONS if d.key in scores]
    return wire("P", f"Sekretariatets vurdering: {', '.join(parts)}", className="secretariat-scores")


def _suggestion_detail(r) -> dict:
    return _block(
        "Foreslått (regler)",
        [wire("P", _label(SUGGESTION_LABELS[r.suggested])), wire("Ul", [wire("Li", reason) for reason in r.reasons])],
    )


def _recommendation_detail(r) -> dict:
    if not r.recommendation:
        return _block("Sekretariatets anbefaling", [wire("P", "Ikke satt ennå.", className="muted")])
    when = f"Satt {format_local_time(r.recommendation_set_at)}." if r.recommendation_set_at else None
    note = stale_note(r)
    return _block(
        "Sekretariatets anbefaling",
        [
            wire("P", [_label(DECISION_LABELS[r.recommendation]), amount_part(r, " neste år")]),
            wire("P", r.recommendation_justification, className="full-text"),
            wire("P", when, className="muted") if when else None,
            wire("P", note + " Se om anbefalingen fortsatt gjelder.", className="stale") if note else None,
        ],
    )


def _decision_text(d) -> str:
    amount = f", {format_kr(d.amount_next_year)}" + (f" for {d.year}" if d.year else "")
    return f"Sak {d.case_number} ({format_date_numeric(d.meeting_date)}): {DECISION_LABELS[d.decision]}{amount}"


def _decision_detail(r) -> dict:
    d = r.decision_record
    if d is None:
        return _block("SSU-vedtak", [wire("P", "Ikke fattet ennå.", className="muted")])
    return _block(
        "SSU-vedtak",
        [
            wire("P", _decision_text(d)),
            wire("P", f"Vilkår: {d.conditions}", className="full-text") if d.conditions else None,
            wire("P", d.text, className="full-text") if d.text else None,
        ],
    )


def _history(r) -> dict:
    if not r.history:
        return _block("Historikk", [wire("P", "Ingen tidligere SSU-vedtak på prosjektet.", className="muted")])
    return _block("Historikk", [wire("Ul", [wire("Li", _decision_text(d)) for d in r.history])])


def detail_row(r, values: dict, labels: dict[str, str], width: int) -> dict:
    """The row's details, right below it (hidden until its button opens it). It repeats no project name, so
    a row is found by its name alone."""
    blocks = [
        _suggestion_detail(r),
        _recommendation_detail(r),
        _decision_detail(r),
        _figures(r, values, labels),
        _scores(r),
        _history(r),
    ]
    for block in blocks:
        block["props"]["children"] = [c for c in block["props"]["children"] if c is not None]
    body = wire("Div", blocks, className="detail-body", role="group", **{"aria-label": f"Detaljer: {r.project}"})
    return wire(
        "Tr",
        wire("Td", body, colSpan=width),
        id=f"{DETAIL_ID}{r.ref}",
        className="matrix-detail",
        **{"data-ref": r.ref},
    )


# ---------------------------------------------------------------- the table and the toolbar


def matrix_table(rows: list, values: list[dict], all_columns: list[tuple[str, str]], caption: str) -> html.Div:
    """The whole matrix: a header row, and per project a compact row and its (hidden) details."""
    labels = dict(all_columns)
    extras = extra_columns(all_columns)
    main = [(key, SHORT_HEADERS.get(key, labels[key])) for key in MAIN_KEYS]
    numeric = set(KEY_FIGURES)
    head = html.Thead(
        html.Tr(
            [
                html.Th(
                    label,
                    scope="col",
                    className=" ".join(
                        filter(None, [f"c-{key}", "num" if key in numeric else None, "matrix-project" * (i == 0)])
                    ),
                )
                for i, (key, label) in enumerate(main)
            ]
            + [html.Th(c.label, scope="col", className=f"extra c-{c.key}") for c in extras]
        )
    )
    cols = html.Colgroup(
        [html.Col(className=f"c-{key}") for key, _label in main] + [html.Col(className="extra") for _c in extras]
    )
    width = len(main) + len(extras)
    body = []
    for r, v in zip(rows, values, strict=True):
        body.append(matrix_row(r, v, extras))
        body.append(detail_row(r, v, labels, width))
    return html.Div(
        html.Table(
            [html.Caption(caption, className="sr-only"), cols, head, wire("Tbody", body)], className="ssu-matrix"
        ),
        id=MATRIX_ID,
        className="table-scroll matrix-scroll",
        tabIndex="0",
        role="region",
        **{"aria-label": caption},
    )


def view_toolbar() -> html.Div:
    """The presentation mode's controls (``assets/ssu_room.js`` operates them; Alt+P and Escape too)."""
    toggle = html.Button(
        [
            html.Span("Presentasjonsvisning", className="when-normal"),
            html.Span("Avslutt presentasjon", className="when-presenting"),
        ],
        id="ssu-presentasjon",
        type="button",
        className="button-secondary",
        title="Stor skrift for prosjektøren, uten meny og filtre (Alt+P; Esc avslutter)",
        **{"data-ssu-action": "toggle", "aria-keyshortcuts": "Alt+P Escape"},
    )
    buttons = [
        html.Button(
            label,
            type="button",
            className="button-secondary presenting-only" + (" one-only" if action in ("prev", "next") else ""),
            **{"data-ssu-action": action, **attributes},
        )
        for action, label, attributes in TOOLBAR
    ]
    position = html.Span(id="ssu-posisjon", className="presenting-only one-only position", role="status")
    return html.Div(
        [toggle, buttons[0], buttons[1], buttons[2], position, buttons[3]],
        className="ssu-toolbar",
        role="group",
        **{"aria-label": "Visning"},
    )
