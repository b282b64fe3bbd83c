"""Filter controls whose values live in the URL's query string, so a link can be shared."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html


def query_string(values: dict) -> str:
    """{'runde': 'Høst 2025', 'status': None} -> '?runde=H%C3%B8st+2025' (empty values left out)."""
    kept = {k: v for k, v in values.items() if v not in (None, "", [])}
    return "?" + urlencode(kept, doseq=True) if kept else ""


def as_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [v for v in str(value).split(",") if v]


DROPDOWN_LABELS = {
    "select_all": "Velg alle",
    "deselect_all": "Fjern alle",
    "selected_count": "{num_selected} valgt",
    "search": "Søk",
    "clear_search": "Tøm søket",
    "clear_selection": "Fjern valget",
    "no_options_found": "Ingen treff",
}


def dropdown(control_id: str, label: str, options: list, value, *, multi: bool = False,
             placeholder: str = "Alle", clearable: bool = True) -> html.Div:
    opts = [o if isinstance(o, dict) else {"label": o, "value": o} for o in options]
    return html.Div([
        html.Label(label, htmlFor=control_id),
        dcc.Dropdown(id=control_id, options=opts, value=value, multi=multi, clearable=clearable,
                     placeholder=placeholder, searchable=True, labels=DROPDOWN_LABELS),
    ], className="filter")


def text_filter(control_id: str, label: str, value: str | None, placeholder: str = "") -> html.Div:
    return html.Div([
        html.Label(label, htmlFor=control_id),
        dcc.Input(id=control_id, type="search", value=value or "", placeholder=placeholder, debounce=True),
    ], className="filter")


def filter_bar(url_id: str, controls: list) -> html.Div:
    return html.Div([dcc.Location(id=url_id, refresh="callback-nav"),
                     html.Form(controls, className="filter-bar", role="search",
                               **{"aria-label": "Filtre"})])
