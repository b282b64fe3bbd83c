"""SSU's data: the secretariat's recommendations and SSU's decisions per project and round."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import (
    Allocation,
    AuditEntry,
    ImportRecord,
    Project,
    ReportingRound,
    SsuDecision,
    SsuRecommendation,
    Submission,
)
from domain.formatting import format_kr
from domain.problems import Refused
from domain.vocabulary import DECISION_LABELS, END


class SsuError(Refused):
    """A rule for recommendations or decisions was broken; Norwegian message."""


@dataclass(frozen=True)
class Recommendation:
    decision: str
    amount_next_year: int | None
    justification: str
    set_at: datetime | None = None


def recommendations(session: Session, *, round_id: int) -> dict[int, Recommendation]:
    return {
        r.project_id: Recommendation(r.decision, r.amount_next_year, r.justification, r.set_at)
        for r in session.scalars(select(SsuRecommendation).filter_by(round_id=round_id))
    }


def approved_at(session: Session, *, round_id: int) -> dict[int, datetime]:
    """When each project's report for the round was last approved in the portal."""
    query = select(Submission.project_id, Submission.decided_at).filter_by(round_id=round_id, status="approved")
    return {project_id: when for project_id, when in session.execute(query) if when is not None}


@dataclass(frozen=True)
class DecisionRecord:
    """One SSU decision on a project, as the matrix's details and history show it."""

    round_id: int | None
    case_number: str
    meeting_date: date
    decision: str
    year: int | None
    amount_next_year: int | None
    conditions: str | None
    text: str | None


def decision_records(session: Session, *, project_ids: list[int]) -> dict[int, list[DecisionRecord]]:
    """Every decision on the projects, oldest first (one query for the whole matrix)."""
    out: dict[int, list[DecisionRecord]] = {}
    if not project_ids:
        return out
    query = (
        select(SsuDecision)
        .where(SsuDecision.project_id.in_(project_ids))
        .order_by(SsuDecision.meeting_date, SsuDecision.id)
    )
    for d in session.scalars(query):
        out.setdefault(d.project_id, []).append(
            DecisionRecord(
                d.round_id, d.case_number, d.meeting_date, d.decision, d.year, d.amount_next_year, d.conditions, d.text
            )
        )
    return out


def last_change(session: Session) -> str:
    """A cheap stamp that changes whenever anything the matrix shows may have changed: every recommendation,
    decision, approval and review writes an audit row, every import an import record, and a new round a round
    row. Three index look-ups (the primary keys' maxima), so an open matrix can ask often."""
    stamps = [session.scalar(select(func.max(t.id))) or 0 for t in (AuditEntry, ImportRecord, ReportingRound)]
    return "-".join(str(s) for s in stamps)


def decisions(session: Session, *, round_id: int) -> dict[int, str]:
    return {d.project_id: d.decision for d in session.scalars(select(SsuDecision).filter_by(round_id=round_id))}


def save_recommendation(
    session: Session,
    *,
    round_id: int,
    project_id: int,
    suggested: str,
    suggested_reasons: tuple[str, ...],
    decision: str,
    amount_next_year: int | None,
    justification: str,
    actor: str,
) -> None:
    rec = session.scalars(select(SsuRecommendation).filter_by(project_id=project_id, round_id=round_id)).one_or_none()
    before = None if rec is None else _decision_words(rec.decision, rec.amount_next_year)
    if rec is None:
        rec = SsuRecommendation(project_id=project_id, round_id=round_id)
        session.add(rec)
    rec.suggested, rec.suggested_reasons = suggested, json.dumps(suggested_reasons, ensure_ascii=False)
    rec.decision, rec.amount_next_year, rec.justification, rec.set_by = decision, amount_next_year, justification, actor
    session.add(
        AuditEntry(
            actor=actor,
            action="anbefaling satt",
            project_id=project_id,
            round_id=round_id,
            entity="SSU",
            entity_key="anbefaling",
            before=before,
            after=f"{_decision_words(decision, amount_next_year)}: {justification}",
        )
    )


def _decision_words(decision: str, amount: int | None) -> str:
    """'Videreføre, 2 295 000 kr' for the history (trial 26d: «videreføre (2295000)»)."""
    label = DECISION_LABELS.get(decision, decision)
    return f"{label}, {format_kr(amount)}" if amount is not None else label


def save_decision(
    session: Session,
    *,
    round_id: int,
    round_year: int,
    project_id: int,
    case_number: str,
    meeting_date: date,
    decision: str,
    amount_next_year: int | None,
    conditions: str | None,
    text: str | None,
    snapshot: str,
    actor: str,
) -> SsuDecision:
    """Record SSU's decision with a frozen copy of the matrix row; it sets next year's allocation, and
    "avslutte" ends the project."""
    if session.scalars(select(SsuDecision).filter_by(case_number=case_number, project_id=project_id)).first():
        raise SsuError(f"Vedtak i sak {case_number} er allerede registrert for prosjektet.")
    year = round_year + 1
    record = SsuDecision(
        case_number=case_number,
        meeting_date=meeting_date,
        project_id=project_id,
        round_id=round_id,
        decision=decision,
        year=year,
        amount_next_year=0 if decision == END else amount_next_year,
        conditions=conditions,
        text=text,
        matrix_snapshot=snapshot,
    )
    session.add(record)
    amount = record.amount_next_year
    allocation = session.scalars(select(Allocation).filter_by(project_id=project_id, year=year)).one_or_none()
    before = None if allocation is None else str(allocation.amount)
    if allocation is None:
        session.add(
            Allocation(project_id=project_id, year=year, amount=amount, amount_text=f"SSU-vedtak sak {case_number}")
        )
    else:
        allocation.amount, allocation.amount_text = amount, f"SSU-vedtak sak {case_number}"
    if decision == END:
        session.get(Project, project_id).status = "ended"
    session.add(
        AuditEntry(
            actor=actor,
            action="SSU-vedtak registrert",
            project_id=project_id,
            round_id=round_id,
            entity="Tildeling",
            entity_key=str(year),
            before=before,
            after=f"{_decision_words(decision, amount)} (sak {case_number})",
        )
    )
    session.flush()
    return record
