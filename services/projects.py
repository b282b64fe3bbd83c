"""One project's page: facts, purpose, milestones, money per year and round, scores, indicators, texts,
SSU's decisions, its history across rounds and, for those who may see it, the change log."""

from __future__ import annotations

from dataclasses import dataclass

from db import reporting
from db.page_queries import ProjectDetail, project_detail
from services import authz
from services.context import Context


@dataclass(frozen=True)
class ProjectPage:
    detail: ProjectDetail | None
    reporting_round: tuple[int, str] | None = None
    """The round the project reports in now (id, name), when the user may report for it."""
    changes: list[reporting.AuditRow] | None = None
    """Every change to the project's reported data, for its leaders and the secretariat only."""


def project_page(ctx: Context, *, ref: str | None, round_name: str | None) -> ProjectPage:
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        detail = project_detail(session=session, ref=ref or "", round_name=round_name, today=ctx.today)
        if detail is None or not authz.sees_scheme(session, ctx.identity, detail.project.scheme_id):
            return ProjectPage(None)
        pid = detail.project.id
        current = reporting.current_reporting_round(session, scheme_id=detail.project.scheme_id)
        may_report = detail.project.active and current is not None and authz.allowed(ctx.identity, authz.REPORT, pid)
        changes = (
            reporting.audit_entries(session, project_id=pid, limit=100)
            if authz.allowed(ctx.identity, authz.READ_DRAFTS, pid)
            else None
        )
    return ProjectPage(detail, (current.id, current.name) if may_report else None, changes)
