"""How a money figure (``domain.money.MoneyFigure``) is written: the pages, exports and documents all
format the same values through these functions and compute nothing themselves."""

from __future__ import annotations

from domain.formatting import format_kr


def printed_text(figure) -> str:
    """The figure as printed: the number in Norwegian format and the words printed beside it."""
    if figure.printed is None:
        return figure.note or "–"
    return format_kr(figure.printed) + (f" {figure.note}" if figure.note else "")


def printed_and_computed(figure) -> str:
    """'4 559 902 kr (oppgitt 1 244 902 kr)': the computed figure, and the printed one where it differs."""
    text = format_kr(figure.computed)
    if figure.printed is not None and figure.computed is not None and figure.printed != figure.computed:
        text += f" (oppgitt {format_kr(figure.printed)})"
    return text
