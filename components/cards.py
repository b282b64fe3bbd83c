"""Key-figure cards and small text blocks."""

from __future__ import annotations

import re

from dash import dcc, html


def stat_card(label: str, value: str, note: str | None = None, *, card_id: str | None = None) -> html.Div:
    """One key figure: a label, the value in large type and an optional explanation."""
    children = [html.Div(label, className="stat-label"), html.Div(value, className="stat-value amount")]
    if note:
        children.append(html.Div(note, className="stat-note"))
    props = {"id": card_id} if card_id else {}
    return html.Div(children, className="stat-card", role="group", **{"aria-label": label}, **props)


def page_title(what: str, ref: object = None) -> str:
    """'Prosjekt 15266 – Gevinstportalen': a project page's title names its project by number (trial 25a: every
    project page was «Prosjekt – Gevinstportalen»). Only letters, digits and hyphens from the address are used."""
    key = re.sub(r"[^\w-]", "", str(ref or ""))[:20]
    return f"{what} {key} – Gevinstportalen" if key else f"{what} – Gevinstportalen"


def empty_state(title: str, text: str) -> html.Div:
    return html.Div([html.H2(title), html.P(text)], className="empty-state")


def illustrative_badge() -> html.Span:
    return html.Span(
        "Eksempeldata",
        className="badge badge-illustrative",
        title="Verdiene er illustrasjoner, ikke innrapporterte tall.",
    )


def illustrative_note(text: str) -> html.P:
    """The page's one «Eksempeldata» mark, with what on the page it covers (never a badge on every heading)."""
    return html.P([illustrative_badge(), " ", text], className="illustrative-note", id="eksempeldata")


def not_found_page() -> html.Div:
    """The page for an address that does not exist."""
    return html.Div(
        [
            html.H1("Fant ikke siden"),
            html.P("Adressen finnes ikke i Gevinstportalen. Den kan være skrevet feil, eller siden er flyttet."),
            dcc.Link("Gå til oversikten", href="/"),
        ],
        className="empty-state",
    )
