"""The round's documents: the report (PDF, Word, Excel), the slides for the SSU meeting (PowerPoint) and the
SSU case document (saksframlegg), made from approved data only.

The data is read in one read session, which is closed before the charts are drawn (kaleido drives a
browser) and the document is rendered (``reports``).
"""

from __future__ import annotations

from datetime import date

from db.page_queries import (
    criteria,
    milestone_rows,
    narratives_by_project,
    project_facts,
    round_texts,
    score_rows,
    target_groups,
)
from db.queries import portfolio, round_view
from domain.problems import Problem
from reports.data import RoundSource, report_data
from reports.generate import FORMATS, RenderedDocument, ReportError, render
from services import authz
from services.context import Context, Outcome, refusable
from services.portfolio import marked_unreported
from services.ssu import matrix_rows


def round_source(ctx: Context, *, round_name: str | None, scheme: object) -> RoundSource | None:
    """Everything the round's documents show; None when the round does not exist."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen = authz.visible_scheme(session, ctx.identity, scheme)
        view = round_view(session=session, scheme_id=chosen.id, name=round_name, today=ctx.today) if chosen else None
        if view is None:
            return None
        figures = portfolio(session=session, view=view, today=ctx.today, scheme_id=chosen.id)
        _name, matrix = matrix_rows(session, round_name=view.name, today=ctx.today, scheme_id=chosen.id)
        return RoundSource(
            round_id=view.id,
            round_name=view.name,
            report_date=view.report_date,
            portfolio=figures,
            projects=project_facts(session=session, scheme_id=chosen.id),
            narratives=narratives_by_project(session=session, view=view),
            round_texts=round_texts(session=session, round_id=view.id),
            target_groups=target_groups(session=session, scheme_id=chosen.id),
            milestones=milestone_rows(session=session, today=ctx.today, view=view),
            scores=marked_unreported(score_rows(session=session, view=view))[0],
            criteria=criteria(session=session, scheme_id=chosen.id),
            matrix=matrix,
            as_of=view.as_of,
        )


@refusable
def generate(
    ctx: Context,
    *,
    round_name: str | None,
    fmt: str,
    scheme: object = None,
    meeting_date: date | None = None,
    case_number: str | None = None,
) -> Outcome[RenderedDocument]:
    """The round's document in format ``fmt`` (pdf, docx, xlsx, pptx or saksframlegg)."""
    if fmt not in FORMATS:
        return Outcome.refused(Problem.general(f"Ukjent format «{fmt}»; bruk {', '.join(FORMATS)}."))
    source = round_source(ctx, round_name=round_name, scheme=scheme)
    if source is None:
        return Outcome.refused(Problem.general(f"Runden «{round_name}» finnes ikke."))
    try:
        return Outcome(render(report_data(source), fmt, meeting_date=meeting_date, case_number=case_number))
    except ReportError as exc:
        return Outcome.refused(Problem.general(str(exc)))
