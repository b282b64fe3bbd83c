"""How a money figure (``domain.money.MoneyFigure``) is written. Every page, export and document shows a
figure's three values through these functions, under the same names, and computes nothing itself:

* **Oppgitt**: as printed in the report, with the words printed beside it;
* **Kontroll**: the figure's formula on the other printed figures (the check; a difference is an "Avvik");
* **Beregnet**: computed from the data (allocations granted, spending, future use).

A value that cannot be had is "kan ikke beregnes", and the status says why (decision 32).
"""

from __future__ import annotations

from components.cells import Kr, computed_kr, kr, share
from components.tables import Col
from domain.formatting import format_kr
from domain.vocabulary import (
    CARRY_OVER,
    FUTURE_USE,
    GRANTED_PER_YEAR,
    GRANTED_TOTAL,
    NEXT_YEAR,
    REMAINING,
    SPENDING_RATE,
    SPENT,
)

CANNOT = "kan ikke beregnes"
NOT_PRINTED = "ikke oppgitt"
PRINTED, EXPECTED, COMPUTED = "Oppgitt", "Kontroll", "Beregnet"
FIGURE_COLUMNS = [
    Col("figure", "Tall"),
    Col("printed", PRINTED, True),
    Col("expected", EXPECTED, True),
    Col("computed", COMPUTED, True),
    Col("status", "Status"),
]


def printed_cell(figure) -> Kr | str:
    """The figure as printed: the number (with its words), the words alone, or "ikke oppgitt"."""
    return kr(figure.printed, figure.note) or NOT_PRINTED


def printed_or_computed_cell(figure) -> Kr | str:
    """The SSU matrix's TGM and VM: as printed; where the report printed neither number nor words (a web form or
    the template, which do not ask for them), the one computed value marked «(beregnet)», or «ikke oppgitt» when it
    cannot be computed either (trial 25b: every project that reported in Vår 2026 showed «ikke oppgitt»)."""
    if figure.printed is None and not figure.note and figure.computed is not None:
        return computed_kr(figure.computed)
    return printed_cell(figure)


def printed_text(figure) -> str:
    """The printed figure as one piece of text ("–" when nothing was printed)."""
    if figure.printed is None:
        return figure.note or "–"
    return format_kr(figure.printed) + (f" {figure.note}" if figure.note else "")


def expected_cell(figure) -> Kr | str:
    return Kr(figure.expected) if figure.expected is not None else CANNOT


def computed_cell(figure) -> Kr | str:
    return Kr(figure.computed) if figure.computed is not None else CANNOT


def figure_status(figure) -> str:
    """The check of the printed figure against its formula, and why a value cannot be had."""
    if figure.finding is not None:
        check = f"Avvik {format_kr(figure.finding.difference, signed=True)}"
    elif figure.agrees:
        check = "stemmer"
    elif figure.printed is None:
        check = "oppgitt som tekst, kan ikke kontrolleres" if figure.note else "ikke oppgitt"
    else:
        check = "kan ikke kontrolleres"
    reasons = []
    if figure.expected is None and figure.expected_reason:
        reasons.append(f"kontroll: {figure.expected_reason}")
    if figure.computed is None and figure.computed_reason:
        reasons.append(f"beregnet: {figure.computed_reason}")
    return check + (f" ({'; '.join(reasons)})" if reasons else "")


def status_is_finding(status: str) -> bool:
    return status.startswith("Avvik")


def _checked(label: str, figure) -> dict:
    return {
        "figure": label,
        "printed": printed_cell(figure),
        "expected": expected_cell(figure),
        "computed": computed_cell(figure),
        "status": figure_status(figure),
    }


def _input(label: str, figure, computed=None, status: str = "") -> dict:
    return {"figure": label, "printed": printed_cell(figure), "expected": None, "computed": computed, "status": status}


def figure_rows(money, *, granted_total: int | None = None, inputs: bool = False) -> list[dict]:
    """One project's money, one row per figure: report table 4 (TGM, future use, VM, next year), and with
    ``inputs`` also what they are made from (granted per year and so far, spent, spending rate)."""
    rows = []
    if inputs:
        rows += [
            _input(GRANTED_PER_YEAR.label, money.granted_per_year),
            {
                "figure": GRANTED_TOTAL.label,
                "printed": None,
                "expected": None,
                "computed": kr(granted_total) or CANNOT,
                "status": GRANTED_TOTAL.formula,
            },
            _input(SPENT.label, money.spent),
            {
                "figure": SPENDING_RATE.label,
                "printed": None,
                "expected": None,
                "computed": share(money.spending_rate) or CANNOT,
                "status": SPENDING_RATE.formula,
            },
        ]
    rows += [
        _checked(REMAINING.label, money.remaining),
        _input(FUTURE_USE.label, money.future_use),
        _checked(CARRY_OVER.label, money.carry_over),
        _checked(NEXT_YEAR.label, money.next_year_total),
    ]
    return rows
