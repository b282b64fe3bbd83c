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


SCHEME_PARAM = "ordning"


def scheme_key(value) -> int | None:
    """The scheme id from ?ordning=ID; None (the default scheme) for anything else."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def scheme_dropdown(control_id: str, choices: list, chosen) -> html.Div:
    """The grant scheme (with its partnership) the page shows; always present so links can carry it."""
    return dropdown(control_id, "Tilskuddsordning", [{"label": c.label, "value": str(c.id)} for c in choices],
                    str(chosen.id) if chosen is not None else None, clearable=False)


def url_with_scheme(values: dict, scheme, *, triggered: str | None, scheme_control: str,
                    scheme_bound: tuple[str, ...] = ("runde",)) -> str:
    """The query string for the filters; choosing another scheme drops filters that belong to the old one."""
    values = dict(values)
    if triggered == scheme_control:
        for key in scheme_bound:
            values.pop(key, None)
    values[SCHEME_PARAM] = scheme
    return query_string(values)


def page_number(value, pages: int) -> int:
    """?side=N as a page number within 1..pages (anything else gives page 1)."""
    text = str(value or "").strip()
    number = int(text) if text.isdigit() else 1
    return min(max(number, 1), max(pages, 1))


def pager(path: str, values: dict, page: int, pages: int, *, what: str) -> html.Nav | None:
    """Previous/next links for a list shown a page at a time; None when it fits on one page."""
    if pages <= 1:
        return None

    def link(label: str, target: int):
        return dcc.Link(label, href=path + query_string({**values, "side": target if target > 1 else None}),
                        className="pager-link")

    return html.Nav([
        link("← Forrige side", page - 1) if page > 1 else None,
        html.Span(f"Side {page} av {pages}", className="pager-status", **{"aria-current": "page"}),
        link("Neste side →", page + 1) if page < pages else None,
    ], className="pager", **{"aria-label": f"Sider med {what}"})


PROJECTS_PER_PAGE = 20


def page_slice(items: list, side, per_page: int = PROJECTS_PER_PAGE) -> tuple[list, int, int]:
    """The items on page ?side=N, the page number and the number of pages."""
    pages = max(1, -(-len(items) // per_page))
    page = page_number(side, pages)
    return items[(page - 1) * per_page:page * per_page], page, pages


def showing_text(page: int, shown: int, total: int, per_page: int = PROJECTS_PER_PAGE, what: str = "prosjekt") -> str:
    """'Viser prosjekt 21–40 av 100.' (empty when everything fits on one page)."""
    if total <= per_page:
        return ""
    first = (page - 1) * per_page + 1
    return f"Viser {what} {first}–{first + shown - 1} av {total}."


def weighted_pages(items: list, weights: list[int], limit: int) -> list[list]:
    """Split items, in order, into pages whose weights add up to at most ``limit`` (one item at least)."""
    pages: list[list] = [[]]
    total = 0
    for item, weight in zip(items, weights):
        if pages[-1] and total + weight > limit:
            pages.append([])
            total = 0
        pages[-1].append(item)
        total += weight
    return pages if pages[0] else []
