"""Importing round report workbooks: the whole file in one transaction, or nothing.

The ETL (``etl.importer``, ``etl.report_parse``) reads the file and validates every row into plain
records, collecting all problems with sheet and cell; only when there are none are the records written
(``db.writes.load_report``), with upserts on natural keys so re-importing changes nothing. Provenance
records each distinct file by SHA-256: the same file for the same round again is recognised and not
loaded a second time (``ImportResult.imported_at`` says when it was).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.migrate import upgrade
from db.models import GrantScheme, ImportRecord, Project
from db.writes import blanked_figures, ensure_round, ensure_scheme, find_import, load_report
from domain.formatting import format_kr
from domain.problems import Problem
from domain.rounds import parse_round_name
from domain.vocabulary import CARRY_OVER, FUTURE_USE, NEXT_YEAR, REMAINING, SPENT
from etl.importer import read_report_workbook
from etl.report_parse import parse_report
from etl.workbook import read_file_bounded
from services import authz
from services.context import Context


@dataclass
class ImportResult:
    file_name: str
    problems: list[Problem] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    round_name: str | None = None
    already_imported: bool = False
    imported_at: datetime | None = None  # set when this very file was imported for this round before
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changed(self) -> int:
        return sum(s["nye"] + s["endret"] for s in self.stats.values())


def project_count(ctx: Context) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count(Project.id))) or 0


def import_bytes(
    ctx: Context,
    data: bytes,
    file_name: str,
    *,
    round_name: str | None = None,
    default_round: str | None = None,
    dry_run: bool = False,
    scheme_id: int | None = None,
) -> ImportResult:
    """Validate and load one report workbook; on any problem nothing is written."""
    authz.require(ctx.identity, authz.ADMIN)
    result = ImportResult(file_name, dry_run=dry_run)
    book = read_report_workbook(
        data, file_name, round_name=round_name, default_round=default_round or ctx.config.default_round
    )
    result.round_name = book.round_name
    problems = list(book.problems)
    if book.sha256 is None:
        result.problems = problems
        return result
    upgrade(ctx.db.url)
    try:
        with ctx.db.write() as session:
            scheme = session.get(GrantScheme, scheme_id) if scheme_id is not None else None
            if scheme is not None and not authz.sees_partnership(ctx.identity, scheme.partnership):
                scheme = None  # another partnership's scheme is one that does not exist (decision 96)
            if scheme_id is None and not ctx.identity.national:
                scheme = authz.visible_scheme(session, ctx.identity, None)
                if scheme is None:
                    problems.append(Problem(file_name, None, "Tilskuddsordningen finnes ikke."))
            if scheme_id is not None and scheme is None:
                problems.append(
                    Problem(
                        file_name, None, (f"Tilskuddsordning {scheme_id} finnes ikke; se «python -m etl schemes list».")
                    )
                )
            in_scheme = select(Project.name, Project.number, Project.short_name)
            if scheme is not None:
                in_scheme = in_scheme.filter_by(scheme_id=scheme.id)
            existing = session.execute(in_scheme).all()
            report, parse_problems = parse_report(
                book.tables,
                {p.name: p.number for p in existing},
                {p.short_name: p.name for p in existing if p.short_name},
            )
            problems.extend(parse_problems)
            if not problems:
                target = scheme or session.scalars(select(GrantScheme).order_by(GrantScheme.id)).first()
                problems.extend(_blanked(session, target, book.round_name, report))
            result.counts = report.counts()
            if not problems:
                scheme = scheme or ensure_scheme(session)
                numbers = {p.number for p in report.projects.values() if p.number}
                try:
                    authz.require_numbers_of_scheme(session, scheme.id, numbers)
                except authz.Forbidden as exc:
                    problems.append(Problem(file_name, None, str(exc)))
            if problems:
                result.problems = problems
                session.rollback()
                return result
            record = find_import(session, book.sha256)
            result.already_imported = record is not None
            if record is not None and record.round_name == book.round_name:
                result.imported_at = record.imported_at  # the same file for the same round: not stored again
                session.rollback()
                return result
            round_ = ensure_round(session, scheme, parse_round_name(book.round_name))
            if book.report_date and round_.report_date is None:
                round_.report_date = book.report_date
            if record is None:
                record = ImportRecord(
                    file_name=file_name,
                    sha256=book.sha256,
                    round_name=book.round_name,
                    row_counts=json.dumps(result.counts, ensure_ascii=False),
                    imported_by=ctx.actor,
                )
                session.add(record)
                session.flush()
            result.stats = {k: dict(v) for k, v in load_report(session, scheme, round_, report, record.id).items()}
            if dry_run:
                session.rollback()
    except IntegrityError as exc:
        result.problems = [
            Problem(
                file_name,
                None,
                (
                    f"Databasen avviste innholdet ({exc.orig.__class__.__name__}: {str(exc.orig)[:200]}). "
                    "Ingenting er lagret."
                ),
            )
        ]
    return result


def _blanked(session, scheme, round_name: str, report) -> list[Problem]:
    """An empty cell where a figure is stored: an import never erases a stored figure (nothing is written)."""
    problems = []
    for ref, project, column, stored in blanked_figures(session, scheme, round_name, report):
        sheet, cell = ref.split("!", 1)
        label = next(
            (m.label for m in (SPENT, REMAINING, FUTURE_USE, CARRY_OVER, NEXT_YEAR) if m.key == column), column
        )
        problems.append(
            Problem(
                sheet,
                cell,
                f"Cellen er tom, men «{label}» for {project} er lagret som {format_kr(stored)} for {round_name}. "
                "En import tømmer aldri et lagret tall: skriv tallet i cellen, eller rett det i Gevinstportalen.",
            )
        )
    return problems


def import_file(ctx: Context, path: Path, **kwargs) -> ImportResult:
    data, problems = read_file_bounded(Path(path))
    if problems:
        return ImportResult(Path(path).name, problems=problems)
    return import_bytes(ctx, data, Path(path).name, **kwargs)
