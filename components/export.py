"""Excel export of any table: rows in, .xlsx bytes out, with formula injection neutralised."""

from __future__ import annotations

import io
from dataclasses import dataclass

from dash import dcc, html
from openpyxl import Workbook
from openpyxl.styles import Font

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe-free quote mark."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportTable:
    title: str
    headers: list[str]
    rows: list[list]


def to_xlsx(table: ExportTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.title[:31]
    sheet.append([safe_cell(h) for h in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([safe_cell(v) for v in row])
    for index, header in enumerate(table.headers, start=1):
        widest = max([len(str(header))] + [len(str(r[index - 1])) for r in table.rows if r[index - 1] is not None])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, widest + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_button(key: str, params: dict | None = None, *, label: str = "Last ned som Excel") -> html.Div:
    """A button that downloads the table ``key`` (see exports.py) with the page's current filters."""
    ident = {"type": "export-button", "table": key, "params": _params_text(params)}
    return html.Div([
        html.Button(label, id=ident, className="button-secondary", type="button"),
        dcc.Download(id={"type": "export-download", "table": key, "params": _params_text(params)}),
    ], className="export")


def _params_text(params: dict | None) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in (params or {}).items() if v not in (None, "", [])}, doseq=True)
