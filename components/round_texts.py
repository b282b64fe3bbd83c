"""Tekster til rapporten (/rundetekster): the secretariat's chapters of the round report, their versions, and the
feedback after a save or a reload. Pure builders: plain data in, Dash components out."""

from __future__ import annotations

from dash import dcc, html, no_update

from components.cards import empty_state
from components.feedback import field_error, field_messages, form_errors, message
from components.filters import filter_bar, query_string, round_dropdown, scheme_dropdown
from components.tables import Col, html_table
from domain.formatting import format_int, format_local_time
from domain.vocabulary import ROUND_TEXT_KINDS, ROUND_TEXT_LABELS

PREFIX = "rundetekster"
CHAPTER_KEYS = tuple(c.key for c in ROUND_TEXT_KINDS)
TITLE = "Tekster til rapporten"


def text_id(key: str) -> str:
    return f"{PREFIX}-tekst-{key}"


def _when(value) -> str:
    return "–" if value is None else format_local_time(value)


def version_hint(chapter) -> str:
    """'Versjon 2, lagret av Siri Sekretær 3. okt. 2025 kl. 10:15.' or 'Ikke skrevet ennå.'"""
    if not chapter.version:
        return "Ikke skrevet ennå."
    who = f" av {chapter.saved_by}" if chapter.saved_by else ""
    when = f" {_when(chapter.saved_at)}" if chapter.saved_at else ""
    return f"Versjon {chapter.version}, lagret{who}{when}."


def versions_table(texts) -> html.Div:
    if not texts.versions:
        return html.P("Ingen tekster er lagret for runden ennå.", className="muted", id=f"{PREFIX}-versjonstabell")
    return html_table(
        [
            Col("chapter", "Kapittel"),
            Col("version", "Versjon", True),
            Col("length", "Tegn", True),
            Col("by", "Lagret av"),
            Col("when", "Når"),
            Col("source", "Kilde"),
        ],
        [
            {
                "chapter": ROUND_TEXT_LABELS[v.kind],
                "version": str(v.version),
                "length": format_int(v.length or 0),
                "by": v.saved_by,
                "when": _when(v.saved_at),
                "source": "import" if v.source == "import" else "sekretariatet",
            }
            for v in texts.versions
        ],
        caption="Alle versjoner (ingen slettes)",
        table_id=f"{PREFIX}-versjonstabell",
    )


def _chapter(chapter, *, editable: bool, max_length: int) -> html.Div:
    hint_id = f"{text_id(chapter.key)}-hint"
    notes = [html.Span(version_hint(chapter), id=f"{text_id(chapter.key)}-versjon")]
    if chapter.from_projects:
        notes.append(
            f" Prosjektledernes egne tekster («{chapter.from_projects}») fra godkjente rapporter skrives ut under "
            "denne teksten i rapporten, per prosjekt."
        )
    return html.Div(
        className="field field-wide",
        children=[
            html.Label(chapter.heading, htmlFor=text_id(chapter.key)),
            html.P(notes, id=hint_id, className="muted"),
            dcc.Textarea(
                id=text_id(chapter.key),
                value=chapter.text,
                maxLength=max_length,
                readOnly=not editable,
                style={"width": "100%", "minHeight": "8rem"},
            ),
            field_error(text_id(chapter.key)),
        ],
    )


def _status(element_id: str) -> html.Div:
    return html.Div(id=element_id, role="status", **{"aria-live": "polite"})


def round_texts_page(view) -> html.Div:
    head = [
        html.H1(TITLE),
        html.P(
            "Sekretariatets egne kapitler i rundens rapport. Hver lagring blir en ny versjon; rapporten bruker siste "
            "lagrede versjon av hvert kapittel. Prosjektledernes tekster fra godkjente rapporter kommer i tillegg.",
            className="lead",
        ),
    ]
    if view.scheme_id is None:
        return html.Div(head + [empty_state("Ingen tilskuddsordning", "Last inn data først.")])
    controls = filter_bar(
        f"{PREFIX}-url",
        [scheme_dropdown(f"{PREFIX}-ordning", view), round_dropdown(f"{PREFIX}-runde", view.rounds, view.round_name)],
    )
    if view.texts is None:
        return html.Div(
            head
            + [
                controls,
                empty_state("Ingen runder ennå", "Opprett en rapporteringsrunde på Innrapportering først."),
                dcc.Link("Gå til Innrapportering", href="/innrapportering" + query_string({"ordning": view.scheme_id})),
            ]
        )
    texts, editable = view.texts, view.may_edit
    intro = (
        f"Høyst {format_int(view.max_length)} tegn per kapittel. Avsnitt skilles med en tom linje."
        if editable
        else "Bare sekretariatet kan skrive tekstene; du ser siste lagrede versjon."
    )
    return html.Div(
        head
        + [
            controls,
            dcc.Store(id=f"{PREFIX}-runde-id", data=texts.round_id),
            dcc.Store(id=f"{PREFIX}-grunnlag", data=texts.based_on),
            dcc.Store(id=f"{PREFIX}-teller", data=0),
            html.Section(
                className="panel",
                children=[
                    html.H2(f"Kapitler i rapporten for {view.round_name}"),
                    html.P(intro, className="muted"),
                    html.Div(id=f"{PREFIX}-feil"),
                    *[_chapter(c, editable=editable, max_length=view.max_length) for c in texts.chapters],
                    html.Button(
                        "Lagre tekstene",
                        id=f"{PREFIX}-lagre",
                        className="button-primary",
                        type="button",
                        hidden=not editable,
                    ),
                    html.Button(
                        "Last inn siste versjon",
                        id=f"{PREFIX}-last",
                        className="button-secondary",
                        type="button",
                        hidden=not editable,
                    ),
                    _status(f"{PREFIX}-melding"),
                ],
            ),
            html.H2("Versjoner"),
            html.Div(versions_table(texts), id=f"{PREFIX}-versjoner"),
        ]
    )


def form_texts(values) -> dict:
    """The chapters' textarea values, in the vocabulary's order, as the service takes them."""
    return dict(zip(CHAPTER_KEYS, values, strict=True))


def saved_feedback(outcome, based_on) -> tuple:
    """After a save: the message, the error summary, each chapter's error, the versions the form is now based
    on, and whether the versions shown should be read again."""
    if outcome.ok:
        merged = {**(based_on if isinstance(based_on, dict) else {}), **outcome.value.based_on}
        return (message(outcome.message), None, *[None for _k in CHAPTER_KEYS], merged, True)
    field_ids = {key: text_id(key) for key in CHAPTER_KEYS}
    summary, by_field = form_errors(outcome.problems, field_ids, title="Tekstene ble ikke lagret")
    return (None, summary, *field_messages(by_field, field_ids.values()), based_on, False)


def loaded_texts(outcome) -> tuple:
    """After «Last inn siste versjon»: every chapter's text, the versions they are, the message, and no error
    summary."""
    if not outcome.ok:
        return (
            *[no_update for _k in CHAPTER_KEYS],
            no_update,
            message(outcome.problems[0].message, ok=False),
            no_update,
        )
    texts = outcome.value
    by_key = {c.key: c.text for c in texts.chapters}
    return (*[by_key[k] for k in CHAPTER_KEYS], texts.based_on, message(outcome.message), None)


def shown_versions(outcome) -> tuple:
    """The versions table and each chapter's version line, read again after a save or a reload."""
    if not outcome.ok:
        return (message(outcome.problems[0].message, ok=False), *[no_update for _k in CHAPTER_KEYS])
    texts = outcome.value
    hints = {c.key: version_hint(c) for c in texts.chapters}
    return (versions_table(texts), *[hints[k] for k in CHAPTER_KEYS])
