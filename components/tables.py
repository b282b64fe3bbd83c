"""Accessible HTML tables and chart blocks (title, text summary, chart, table alternative)."""

from __future__ import annotations

from dataclasses import dataclass

from dash import dcc, html

from components.cells import Kr, cell_text, is_typed
from domain.formatting import format_kr

GRAPH_CONFIG = {
    "displayModeBar": False,  # the toolbar added 7 Tab stops per chart; each chart's data is a table below it
    "displaylogo": False,
    "responsive": True,
    "locale": "nb",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud", "sendDataToCloud"],
}


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    numeric: bool = False
    group: bool = False
    """Show the value only where it changes from the row above (a project over its figure rows)."""
    link: str | None = None
    """The row key holding the address the cell's text links to (a project's name links to its page)."""


def _element(tag: str, children, **props) -> dict:
    """An html component in Dash's wire format ({"type", "namespace", "props"}), exactly what
    html.<tag>(...).to_plotly_json() gives. Table bodies are built this way because constructing a Dash
    component object costs about 30 µs: a 92 × 15 matrix took 45 ms as objects and 6 ms as dicts.
    Text stays text: React renders it escaped, as for any component."""
    return {
        "type": tag,
        "namespace": "dash_html_components",
        "props": {"children": children, **{k: v for k, v in props.items() if v is not None}},
    }


def html_table(
    columns: list[Col], rows: list[dict], *, caption: str, table_id: str | None = None, row_class_key: str | None = None
) -> html.Div:
    """A plain table with a caption and column headers; text values only (never raw HTML)."""
    head = html.Thead(html.Tr([html.Th(c.label, scope="col", className="num" if c.numeric else None) for c in columns]))
    body_rows, above = [], {}
    for row in rows:
        cells = []
        for c in columns:
            value = row.get(c.key)
            if c.group and above.get(c.key, object()) == value:
                cells.append(_element("Td", "", className="group-repeat"))
            elif c.link and row.get(c.link):
                cells.append(_element("Td", _element("A", cell_text(value), href=row[c.link])))
            else:
                cells.append(_cell(value, c))
        above = row
        body_rows.append(_element("Tr", cells, className=row.get(row_class_key) if row_class_key else None))
    body = _element("Tbody", body_rows)
    props = {"id": table_id} if table_id else {}
    return html.Div(
        html.Table([html.Caption(caption), head, body], className="data-table"),
        className="table-scroll",
        tabIndex="0",
        role="region",
        **{"aria-label": caption},
        **props,
    )


LONG_TEXT = 24


def _cell(value, col: Col) -> dict:
    css = "num amount" if col.numeric else None
    if isinstance(value, (list, tuple)):
        return _element("Td", list(value), className=css)
    if isinstance(value, Kr) and value.note:
        # the number on one line, the words printed beside it below it (they may be long)
        number = _element("Span", format_kr(value.value), className="amount")
        note = _element("Span", value.note, className="figure-note")
        return _element("Td", [number, " ", note], className="num" if col.numeric else None)
    if value is None or value == "" or is_typed(value):
        return _element("Td", cell_text(value), className=css)
    if col.numeric and isinstance(value, str) and len(value) > LONG_TEXT:
        return _element("Td", value, className="num")  # words printed instead of a number may wrap
    return _element("Td", value, className=css)


wire = _element  # for other builders that build long tables the same way
cell = _cell


def chart_block(*, title: str, summary: str, figure, table, graph_id: str, badge=None) -> html.Section:
    """A chart with a heading that says what it shows, a one-sentence summary and its data as a table."""
    heading = [title] if badge is None else [title, " ", badge]
    return html.Section(
        className="chart-block",
        children=[
            html.H2(heading),
            html.P(summary, className="chart-summary"),
            hidden_chart(graph_id, figure),
            html.Details([html.Summary("Vis tallene som tabell"), table], className="table-alternative"),
        ],
    )


def hidden_chart(graph_id: str, figure) -> html.Div:
    """A chart hidden from assistive technology: its heading, the summary beside it and its table say the same
    in words, and a screen reader would otherwise read the drawing as a run of numbers and buttons (decision
    158). The app's script keeps everything inside out of the Tab order; the mouse still reaches the toolbar."""
    return html.Div(
        dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG), className="chart", **{"aria-hidden": "true"}
    )


def named_grid(grid, label: str) -> html.Div:
    """An AG Grid with an accessible name: the app's script gives the grid element ``label`` (decision 157)."""
    return html.Div(grid, className="grid-named", **{"data-grid-label": label})
