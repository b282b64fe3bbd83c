"""One project's page: facts, purpose, milestones, money per year and round, scores, indicators, texts,
SSU's decisions, its history across rounds and, for those who may see it, the change log."""

from __future__ import annotations

from dataclasses import dataclass

from db import reporting
from db.page_queries import ProjectDetail, find_project, project_detail
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


def project_visible(ctx: Context, *, ref: str) -> bool:
    """Whether the project a page's address names exists for this user (else the page answers 404, as a missing
    page does; trial 24c: «Fant ikke prosjektet» came with HTTP 200)."""
    if not authz.allowed(ctx.identity, authz.READ):
        return True  # not this check's to refuse: the page itself says what the user may not see
    with ctx.db.read() as session:
        project = find_project(session=session, ref=ref)
        return project is not None and authz.sees_scheme(session, ctx.identity, project.scheme_id)
