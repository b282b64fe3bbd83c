"""Accessible HTML tables and chart blocks (title, text summary, chart, table alternative)."""

from __future__ import annotations

from dataclasses import dataclass

from dash import dcc, html

GRAPH_CONFIG = {
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
    body = _element(
        "Tbody",
        [
            _element(
                "Tr",
                [_cell(row.get(c.key), c) for c in columns],
                className=row.get(row_class_key) if row_class_key else None,
            )
            for row in rows
        ],
    )
    props = {"id": table_id} if table_id else {}
    return html.Div(
        html.Table([html.Caption(caption), head, body], className="data-table"),
        className="table-scroll",
        tabIndex="0",
        role="region",
        **{"aria-label": caption},
        **props,
    )


def _cell(value, col: Col) -> dict:
    css = "num amount" if col.numeric else None
    if isinstance(value, (list, tuple)):
        return _element("Td", list(value), className=css)
    return _element("Td", "–" if value is None or value == "" else value, className=css)


def chart_block(*, title: str, summary: str, figure, table, graph_id: str, badge=None) -> html.Section:
    """A chart with a heading that says what it shows, a one-sentence summary and its data as a table."""
    heading = [title] if badge is None else [title, " ", badge]
    return html.Section(
        className="chart-block",
        children=[
            html.H2(heading),
            html.P(summary, className="chart-summary"),
            html.Div(
                dcc.Graph(id=graph_id, figure=figure, config=GRAPH_CONFIG),
                role="figure",
                **{"aria-label": f"{title}. {summary}"},
            ),
            html.Details([html.Summary("Vis tallene som tabell"), table], className="table-alternative"),
        ],
    )
