"""Typed table cells: a table row holds values, and every surface writes the same value its own way.

A page or a document writes ``cell_text(value)`` ("2 295 000 kr", "19,6 %", "3. okt. 2025"); an Excel
file writes the number itself with a Norwegian number format, so a column of amounts sums in Excel
(decision 35). Text stays text everywhere; ``None`` is "–".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openpyxl.comments import Comment

from domain.formatting import format_date, format_int, format_kr, format_percent

KR_FORMAT = '#,##0 "kr";-#,##0 "kr"'
PERCENT_FORMAT = "0.0 %"
DATE_FORMAT = "dd.mm.yyyy"
COUNT_FORMAT = "#,##0"


@dataclass(frozen=True)
class Kr:
    """An amount in kroner, with the words printed beside it in the report (kept, never parsed away)."""

    value: int
    note: str | None = None
    computed: bool = False
    """Computed from the data (beregnet) where the report printed nothing: ``note`` is COMPUTED_NOTE."""


COMPUTED_NOTE = "(beregnet)"
COMPUTED_COMMENT = "Beregnet fra tildelinger og rapporterte tall: rapporten oppga ikke tallet."


def computed_kr(value: int) -> Kr:
    """A computed amount shown where a printed one was asked for and none was printed (trial 25b)."""
    return Kr(value, COMPUTED_NOTE, computed=True)


@dataclass(frozen=True)
class Share:
    """A share (0.196 is 19,6 %)."""

    value: float


@dataclass(frozen=True)
class Day:
    value: date


@dataclass(frozen=True)
class Count:
    value: int


Cell = Kr | Share | Day | Count | str | None


def kr(value: int | None, note: str | None = None) -> Kr | str | None:
    """An amount, or the printed words alone when there is no number, or None."""
    if value is None:
        return note or None
    return Kr(value, note or None)


def share(value: float | None) -> Share | None:
    return None if value is None else Share(value)


def day(value: date | None) -> Day | None:
    return None if value is None else Day(value)


def count(value: int | None) -> Count | None:
    return None if value is None else Count(value)


def cell_text(value) -> str:
    """The value as a page or a document shows it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Kr):
        return format_kr(value.value) + (f" {value.note}" if value.note else "")
    if isinstance(value, Share):
        return format_percent(value.value)
    if isinstance(value, Day):
        return format_date(value.value)
    if isinstance(value, Count):
        return format_int(value.value)
    return str(value)


def is_typed(value) -> bool:
    return isinstance(value, (Kr, Share, Day, Count))


def write_cell(cell, value) -> None:
    """Put the value into an openpyxl cell: numbers and dates as such with a Norwegian format, the printed
    words beside an amount as the cell's comment, text guarded against formula injection."""
    if isinstance(value, Kr):
        cell.value = value.value
        cell.number_format = KR_FORMAT
        if value.computed:
            cell.comment = Comment(COMPUTED_COMMENT, "Gevinstportalen")
        elif value.note:
            cell.comment = Comment(f"Oppgitt i rapporten: {value.note}", "Gevinstportalen")
    elif isinstance(value, Share):
        cell.value = value.value
        cell.number_format = PERCENT_FORMAT
    elif isinstance(value, Day):
        cell.value = value.value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Count):
        cell.value = value.value
        cell.number_format = COUNT_FORMAT
    elif isinstance(value, bool):
        cell.value = "ja" if value else "nei"
    elif isinstance(value, (int, float)):
        cell.value = value
    elif value is None or value == "":
        cell.value = None
    else:
        write_text(cell, str(value))


def write_text(cell, text: str | None) -> None:
    """Text as a string cell: a spreadsheet never evaluates it as a formula, whatever it starts with («=», «+»,
    «-», «@»), and every character is kept (no «'» added; decision 58)."""
    cell.value = text
    if isinstance(text, str):
        cell.data_type = "s"


def width_of(value) -> int:
    """About how many characters the value takes in a spreadsheet column."""
    return len(cell_text(value)) if value is not None else 0
