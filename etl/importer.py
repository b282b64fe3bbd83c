"""Read a round report workbook: check the container, read the grids, find the tables by their
headers, and work out the round and the report date. Pure: bytes in, tables and problems out.

``services.imports`` then validates the rows against the projects already known
(``etl.report_parse``) and writes them in one transaction, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from domain.problems import Problem
from domain.rounds import find_round_in_text, parse_round_name
from etl.report_schema import ALL_TABLES
from etl.workbook import LoadedWorkbook, Table, find_tables, normalise_header, read_workbook_bytes


def _labelled_value(book: LoadedWorkbook, label: str) -> object:
    for grid in book.grids:
        for (row, col), value in sorted(grid.cells.items()):
            if normalise_header(value) == label:
                for c in range(col + 1, grid.max_col + 1):
                    right = grid.value(row, c)
                    if right not in (None, ""):
                        return right
    return None


def detect_round(book: LoadedWorkbook, explicit: str | None, default: str) -> tuple[str | None, Problem | None]:
    """--round, else a 'Rapporteringsrunde' cell, else a title such as 'RAPPORT HØST 2025', else the default."""
    if explicit:
        parsed = parse_round_name(explicit)
        if parsed is None:
            return None, Problem(
                book.file_name,
                None,
                (f"Rapporteringsrunden «{explicit}» er ikke gyldig; skriv for eksempel «Høst 2025» eller «Vår 2026»."),
            )
        return parsed.name, None
    labelled = _labelled_value(book, "rapporteringsrunde")
    if labelled is not None:
        parsed = parse_round_name(str(labelled))
        if parsed is None:
            return None, Problem(book.file_name, None, f"Rapporteringsrunden «{labelled}» er ikke gyldig.")
        return parsed.name, None
    for grid in book.grids:
        for (row, _col), value in sorted(grid.cells.items()):
            if row <= 15 and isinstance(value, str) and "rapport" in value.lower():
                found = find_round_in_text(value)
                if found:
                    return found.name, None
    return default, None


def report_date(book: LoadedWorkbook) -> date | None:
    value = _labelled_value(book, "rapportdato")
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), "%d.%m.%Y").date()
        except ValueError:
            return None
    return None


@dataclass
class ReportWorkbook:
    """A report workbook read and its tables found; ``problems`` lists what is wrong with the file."""

    file_name: str
    sha256: str | None
    tables: list[Table] = field(default_factory=list)
    round_name: str | None = None
    report_date: date | None = None
    problems: list[Problem] = field(default_factory=list)


def read_report_workbook(data: bytes, file_name: str, *, round_name: str | None, default_round: str) -> ReportWorkbook:
    """Read the file and find its tables; every problem with its sheet and cell."""
    book, problems = read_workbook_bytes(data, file_name)
    if book is None:
        return ReportWorkbook(file_name, None, problems=problems)
    tables, problems = find_tables(book.grids, ALL_TABLES)
    if not tables and not problems:
        problems.append(
            Problem(
                file_name,
                None,
                (
                    "Fant ingen kjente tabeller. Tabellene kjennes igjen på overskriftene, for eksempel "
                    "«Prosjektnavn», «Prosjektnummer», «Prosjekteier» (tabell 1) eller «Prosjekt», "
                    "«Innvilget sum årlig», «Brukte midler totalt» (tabell 3)."
                ),
            )
        )
    chosen_round, round_problem = detect_round(book, round_name, default_round)
    if round_problem:
        problems.append(round_problem)
    return ReportWorkbook(file_name, book.sha256, tables, chosen_round, report_date(book), problems)
