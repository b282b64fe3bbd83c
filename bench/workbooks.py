"""500 filled reporting templates for the national data set, as project leaders would return them.

Each is the project's real template (etl.template.build_template from the data layer) with the
leader's answers in the input cells: spending to date, milestone statuses, the 11 scores with
justifications and this round's texts. Fixed seed; the files are bytes in memory.
"""

from __future__ import annotations

import random
from dataclasses import replace

from sqlalchemy import select

from db.models import Project, ReportingRound
from db.session import read_session
from domain.vocabulary import NARRATIVE_KINDS, SCORE_DIMENSIONS
from etl.template import build_template
from services.reporting import template_data

WORKBOOKS = 500


def filled_templates(url: str, key: str, count: int = WORKBOOKS, seed: int = 7) -> list[tuple[str, bytes]]:
    """(file name, workbook bytes) for ``count`` active projects spread over every scheme, in its open round."""
    rng = random.Random(seed)
    out = []
    with read_session(url) as session:
        pairs = session.execute(
            select(Project.id, ReportingRound.id)
            .join(ReportingRound, (ReportingRound.scheme_id == Project.scheme_id) & ReportingRound.is_open)
            .where(Project.status == "active")
            .order_by(Project.id)
        ).all()
        step = max(1, len(pairs) // count)
        for project_id, round_id in pairs[::step][:count]:
            data = template_data(session, project_id=project_id, round_id=round_id)
            milestones = [
                replace(m, status_text=rng.choice(("Ferdig", "Pågående", "Forsinket"))) for m in data.milestones
            ]
            scores = {
                d.key: (rng.randrange(0, d.maximum + 1), f"Vurdert av prosjektgruppen, runde {data.round_name}.")
                for d in SCORE_DIMENSIONS
            }
            narratives = {
                kind.key: f"{kind.label}: samarbeidet mellom kommunene og sykehuset er styrket."
                for kind in NARRATIVE_KINDS
            }
            filled = replace(
                data,
                spent_total=(data.spent_last or 0) + rng.randrange(0, 500_000, 1000),
                milestones=milestones,
                scores=scores,
                texts=narratives,
            )
            out.append((f"rapport_{data.project_number}.xlsx", build_template(filled, key=key)))
    return out
