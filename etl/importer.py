"""Import a round report workbook: the whole file in one transaction, or nothing.

Steps: check the container, read the grids, find the tables by their headers, validate every
row into plain records (collecting all problems), and only when there are none write them with
upserts on natural keys. Provenance records each distinct file by SHA-256.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from db.migrate import upgrade
from db.models import GrantScheme, ImportRecord, Project
from db.session import session_scope
from db.writes import ensure_round, ensure_scheme, find_import, load_report
from domain.rounds import find_round_in_text, parse_round_name
from etl.errors import ImportProblem
from etl.report_parse import parse_report
from etl.report_schema import ALL_TABLES
from etl.workbook import LoadedWorkbook, find_tables, normalise_header, read_workbook_bytes


@dataclass
class ImportResult:
    file_name: str
    problems: list[ImportProblem] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    round_name: str | None = None
    already_imported: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> int:
        return sum(s["nye"] + s["endret"] for s in self.stats.values())


def _labelled_value(book: LoadedWorkbook, label: str) -> object:
    for grid in book.grids:
        for (row, col), value in sorted(grid.cells.items()):
            if normalise_header(value) == label:
                for c in range(col + 1, grid.max_col + 1):
                    right = grid.value(row, c)
                    if right not in (None, ""):
                        return right
    return None


def detect_round(book: LoadedWorkbook, explicit: str | None, default: str) -> tuple[str | None, ImportProblem | None]:
    """--round, else a 'Rapporteringsrunde' cell, else a title such as 'RAPPORT HØST 2025', else the default."""
    if explicit:
        parsed = parse_round_name(explicit)
        if parsed is None:
            return None, ImportProblem(book.file_name, None, (
                f"Rapporteringsrunden «{explicit}» er ikke gyldig; skriv for eksempel «Høst 2025» eller «Vår 2026»."
            ))
        return parsed.name, None
    labelled = _labelled_value(book, "rapporteringsrunde")
    if labelled is not None:
        parsed = parse_round_name(str(labelled))
        if parsed is None:
            return None, ImportProblem(book.file_name, None, f"Rapporteringsrunden «{labelled}» er ikke gyldig.")
        return parsed.name, None
    for grid in book.grids:
        for (row, _col), value in sorted(grid.cells.items()):
            if row <= 15 and isinstance(value, str) and "rapport" in value.lower():
                found = find_round_in_text(value)
                if found:
                    return found.name, None
    return default, None


def _report_date(book: LoadedWorkbook) -> date | None:
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


def import_bytes(data: bytes, file_name: str, url: str, *, round_name: str | None = None,
                 default_round: str = "Høst 2025", dry_run: bool = False,
                 imported_by: str | None = None, scheme_id: int | None = None) -> ImportResult:
    """Validate and load one workbook; on any problem nothing is written."""
    result = ImportResult(file_name, dry_run=dry_run)
    book, problems = read_workbook_bytes(data, file_name)
    if book is None:
        result.problems = problems
        return result
    tables, problems = find_tables(book.grids, ALL_TABLES)
    if not tables and not problems:
        problems.append(ImportProblem(file_name, None, (
            "Fant ingen kjente tabeller. Tabellene kjennes igjen på overskriftene, for eksempel "
            "«Prosjektnavn», «Prosjektnummer», «Prosjekteier» (tabell 1) eller «Prosjekt», "
            "«Innvilget sum årlig», «Brukte midler totalt» (tabell 3)."
        )))
    chosen_round, round_problem = detect_round(book, round_name, default_round)
    if round_problem:
        problems.append(round_problem)
    result.round_name = chosen_round
    upgrade(url)
    try:
        with session_scope(url) as session:
            scheme = session.get(GrantScheme, scheme_id) if scheme_id is not None else None
            if scheme_id is not None and scheme is None:
                problems.append(ImportProblem(file_name, None, (
                    f"Tilskuddsordning {scheme_id} finnes ikke; se «python -m etl schemes list».")))
            in_scheme = select(Project).filter_by(scheme_id=scheme.id) if scheme else select(Project)
            existing = list(session.scalars(in_scheme))
            known = {p.name: p.number for p in existing}
            short = {p.short_name: p.name for p in existing if p.short_name}
            report, parse_problems = parse_report(tables, known, short)
            problems.extend(parse_problems)
            result.counts = report.counts()
            if problems:
                result.problems = problems
                session.rollback()
                return result
            scheme = scheme or ensure_scheme(session)
            round_ = ensure_round(session, scheme, parse_round_name(chosen_round))
            report_date = _report_date(book)
            if report_date and round_.report_date is None:
                round_.report_date = report_date
            record = find_import(session, book.sha256)
            result.already_imported = record is not None
            if record is None:
                record = ImportRecord(file_name=file_name, sha256=book.sha256, round_name=chosen_round,
                                      row_counts=json.dumps(result.counts, ensure_ascii=False),
                                      imported_by=imported_by)
                session.add(record)
                session.flush()
            result.stats = {k: dict(v) for k, v in load_report(session, scheme, round_, report, record.id).items()}
            if dry_run:
                session.rollback()
    except IntegrityError as exc:
        result.problems = [ImportProblem(file_name, None, (
            f"Databasen avviste innholdet ({exc.orig.__class__.__name__}: {str(exc.orig)[:200]}). Ingenting er lagret."
        ))]
    return result


def import_file(path: Path, url: str, **kwargs) -> ImportResult:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ImportResult(str(path), problems=[ImportProblem(str(path), None, f"Filen kan ikke leses: {exc.strerror}.")])
    return import_bytes(data, Path(path).name, url, **kwargs)
