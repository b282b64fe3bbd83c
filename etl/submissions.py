"""Filled reporting templates through the ETL: validate, preview and store as a submission."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from db.migrate import upgrade
from db.models import Project
from db.reporting import ReportingError, find_round_by_name, preview, save_submission
from db.session import session_scope, write_with_retry
from domain.report_diff import Change
from etl.errors import ImportProblem
from etl.template import read_template


@dataclass
class TemplateImport:
    file_name: str
    problems: list[ImportProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    project: str | None = None
    round_name: str | None = None
    submission_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def import_template(data: bytes, file_name: str, url: str, *, actor: str, dry_run: bool = False,
                    submit: bool = True, expected_project_id: int | None = None,
                    expected_round: str | None = None) -> TemplateImport:
    """Validate a filled template; unless dry_run, store it as a new submission (all or nothing)."""
    upgrade(url)
    result = TemplateImport(file_name)
    reading = read_template(data, file_name, expected_project_id=expected_project_id, expected_round=expected_round)
    result.round_name = reading.round_name
    if not reading.ok:
        result.problems = reading.problems
        return result
    with session_scope(url) as session:
        project = session.get(Project, reading.project_id) if reading.project_id else None
        round_ = find_round_by_name(session, reading.round_name or "", scheme_id=project.scheme_id) \
            if project is not None else None
        if project is None or project.number not in (reading.project_number, None) and \
                f"id-{project.id}" != reading.project_number:
            result.problems = [ImportProblem(file_name, None, "Prosjektet i malen finnes ikke i databasen.")]
            return result
        if round_ is None:
            result.problems = [ImportProblem(file_name, None, f"Runden «{reading.round_name}» finnes ikke.")]
            return result
        result.project = project.display_name
        result.changes = preview(session, project_id=project.id, round_id=round_.id, content=reading.content)
        if dry_run:
            session.rollback()
            return result
        project_id, round_id = project.id, round_.id
    try:
        result.submission_id = write_with_retry(url, lambda session: save_submission(
            session, project_id=project_id, round_id=round_id, content=reading.content, actor=actor,
            source_kind="excel", source_name=file_name, source_sha256=hashlib.sha256(data).hexdigest(),
            submit=submit).id)
    except ReportingError as exc:
        result.problems = [ImportProblem(file_name, None, str(exc))]
    return result
