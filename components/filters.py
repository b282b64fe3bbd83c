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


def dropdown(
    control_id: str,
    label: str,
    options: list,
    value,
    *,
    multi: bool = False,
    placeholder: str = "Alle",
    clearable: bool = True,
) -> html.Div:
    opts = [o if isinstance(o, dict) else {"label": o, "value": o} for o in options]
    return html.Div(
        [
            html.Label(label, htmlFor=control_id),
            dcc.Dropdown(
                id=control_id,
                options=opts,
                value=value,
                multi=multi,
                clearable=clearable,
                placeholder=placeholder,
                searchable=True,
                labels=DROPDOWN_LABELS,
            ),
        ],
        className="filter",
    )


SEARCH_PAUSE = 0.6
"""Seconds of pause in typing before a search filters (trial 25c: it filtered on Enter only, and said nothing)."""


def text_filter(control_id: str, label: str, value: str | None, placeholder: str = "") -> html.Div:
    return html.Div(
        [
            html.Label(label, htmlFor=control_id),
            dcc.Input(id=control_id, type="search", value=value or "", placeholder=placeholder, debounce=SEARCH_PAUSE),
        ],
        className="filter",
    )


def filter_bar(url_id: str, controls: list) -> html.Div:
    return html.Div(
        [
            dcc.Location(id=url_id, refresh="callback-nav"),
            html.Form(controls, className="filter-bar", role="search", **{"aria-label": "Filtre"}),
        ]
    )


SCHEME_PARAM = "ordning"


def scheme_dropdown(control_id: str, scope) -> html.Div:
    """The grant scheme (with its partnership) the page shows; always present so links can carry it.
    ``scope`` is a ``services.portfolio.Scope`` or anything with ``choices`` and ``scheme_id``."""
    return dropdown(
        control_id,
        "Tilskuddsordning",
        [{"label": c.label, "value": str(c.id)} for c in scope.choices],
        str(scope.scheme_id) if scope.scheme_id is not None else None,
        clearable=False,
    )


def round_options(choices: list) -> list[dict]:
    """The rounds to choose from; a round without approved reports yet says so."""
    return [
        {"label": c.name if c.has_reports else f"{c.name} (ingen godkjente rapporter ennå)", "value": c.name}
        for c in choices
    ]


def round_dropdown(control_id: str, choices: list, chosen: str | None) -> html.Div:
    return dropdown(control_id, "Rapporteringsrunde", round_options(choices), chosen, clearable=False)


def scheme_and_round(prefix: str, scope, round_name: str | None) -> html.Div:
    """The filter bar most portfolio pages have: the scheme and the round (the round is the year filter)."""
    return filter_bar(
        f"{prefix}-url",
        [scheme_dropdown(f"{prefix}-ordning", scope), round_dropdown(f"{prefix}-runde", scope.rounds, round_name)],
    )


def url_with_scheme(
    values: dict, scheme, *, triggered: str | None, scheme_control: str, scheme_bound: tuple[str, ...] = ("runde",)
) -> str:
    """The query string for the filters; choosing another scheme drops filters that belong to the old one."""
    values = dict(values)
    if triggered == scheme_control:
        for key in scheme_bound:
            values.pop(key, None)
    values[SCHEME_PARAM] = scheme
    return query_string(values)


def pager(path: str, values: dict, page: int, pages: int, *, what: str) -> html.Nav | None:
    """Previous/next links for a list shown a page at a time; None when it fits on one page."""
    if pages <= 1:
        return None

    def link(label: str, target: int):
        return dcc.Link(
            label, href=path + query_string({**values, "side": target if target > 1 else None}), className="pager-link"
        )

    return html.Nav(
        [
            link("← Forrige side", page - 1) if page > 1 else None,
            html.Span(f"Side {page} av {pages}", className="pager-status", **{"aria-current": "page"}),
            link("Neste side →", page + 1) if page < pages else None,
        ],
        className="pager",
        **{"aria-label": f"Sider med {what}"},
    )


def showing_text(first: int, shown: int, total: int, what: str = "prosjekt") -> str:
    """'Viser prosjekt 21–40 av 100.' (empty when everything is shown)."""
    if shown >= total:
        return ""
    return f"Viser {what} {first}–{first + shown - 1} av {total}."
