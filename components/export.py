"""Excel export of any table: typed rows in (``components.cells``), .xlsx bytes out with numbers as numbers
and text as string cells (formula injection neutralised, no character added); and the button
that asks for one (``web.exports`` answers it)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from dash import dcc, html
from openpyxl import Workbook
from openpyxl.styles import Font

from components.cells import width_of, write_cell, write_text
from domain.formatting import cut_at_word
from domain.office import with_own_parts
from domain.vocabulary import PRODUCT


@dataclass(frozen=True)
class ExportTable:
    title: str
    headers: list[str]
    rows: list[list]


def to_xlsx(table: ExportTable) -> bytes:
    book = Workbook()
    book.properties.creator = book.properties.lastModifiedBy = PRODUCT
    book.properties.title = table.title
    sheet = book.active
    sheet.title = cut_at_word(table.title, 31)
    for column, header in enumerate(table.headers, start=1):
        write_text(sheet.cell(1, column), header)
        sheet.cell(1, column).font = Font(bold=True)
    for row_index, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            write_cell(sheet.cell(row_index, column), value)
    for index, header in enumerate(table.headers, start=1):
        widest = max([len(str(header))] + [width_of(r[index - 1]) for r in table.rows])
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, widest + 2)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return with_own_parts(out.getvalue())


EXPORT_NAMES = {
    "okonomi-tabell3": "tabell 3, fordelte og brukte midler",
    "okonomi-tabell4": "tabell 4, gjenværende og videreførte midler",
    "avvik": "avvikene i oppgitte tall",
    "prosjekter": "prosjektlisten",
    "milepaeler": "milepælene",
    "indikatorer": "indikatorene",
    "gevinster": "poengene",
    "ssu-matrise": "beslutningsmatrisen",
}
"""What each export holds, for its button's accessible name (trial 25a: several «Last ned som Excel» on a page)."""


def export_filename(key: str, params_text: str) -> str:
    """'ssu-matrise_høst_2025.xlsx': the table and the round it shows (trial 25b: both rounds' downloads were
    «prosjekter.xlsx» and «prosjekter (1).xlsx»)."""
    chosen = parse_qs(str(params_text or "")).get("runde", [""])[0]
    words = re.findall(r"\w+", chosen.lower())[:4]
    return "_".join([key, *words]) + ".xlsx"


def export_button(key: str, params: dict | None = None, *, label: str = "Last ned som Excel") -> html.Div:
    """A button that downloads the table ``key`` (see ``web.exports``) with the page's current filters."""
    chosen = _params_text(params)
    what = EXPORT_NAMES.get(key)
    return html.Div(
        [
            html.Button(
                label,
                id={"type": "eksport-knapp", "tabell": key, "valg": chosen},
                className="button-secondary",
                type="button",
                **({"aria-label": f"{label}: {what}"} if what and label == "Last ned som Excel" else {}),
            ),
            dcc.Download(id={"type": "eksport-fil", "tabell": key, "valg": chosen}),
        ],
        className="export",
    )


def _params_text(params: dict | None) -> str:
    return urlencode({k: v for k, v in (params or {}).items() if v not in (None, "", [])}, doseq=True)
