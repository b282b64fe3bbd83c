"""SSU: the decision matrix per round, the secretariat's recommendations and SSU's decisions."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Allocation, AuditEntry, Project, SsuDecision, SsuRecommendation
from db.page_queries import project_ref, score_rows
from db.queries import find_round, portfolio, rounds, scheme_by_id
from domain.money import RULE_LABELS
from domain.recommendation import END, LABELS, MatrixInputs, suggest


class SsuError(ValueError):
    """A rule for recommendations or decisions was broken; Norwegian message."""


@dataclass(frozen=True)
class MatrixRow:
    project_id: int
    ref: str
    project: str
    granted_per_year: int | None
    spent: int | None
    spending_rate: float | None
    remaining: int | None
    remaining_printed: int | None
    carry_over: int | None
    carry_over_printed: int | None
    done: int
    in_progress: int
    overdue: int
    progress: int | None
    criteria: tuple[int | None, ...]
    delivers: int | None
    continues: int | None
    change: str
    findings: tuple[str, ...]
    suggested: str
    reasons: tuple[str, ...]
    recommendation: str | None
    recommendation_amount: int | None
    recommendation_justification: str | None
    illustrative: bool
    decision: str | None

    def snapshot(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, default=str)


def matrix(session: Session, *, round_name: str | None, today: date,
           scheme_id: int | None = None) -> tuple[str | None, list[MatrixRow]]:
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    data = portfolio(session=session, round_name=round_name, today=today, scheme_id=scheme.id) if scheme else None
    if data is None or data.round_name is None:
        return None, []
    all_rounds = rounds(session=session, scheme_id=scheme.id)
    current = find_round(session=session, scheme_id=scheme.id, name=data.round_name)
    index = all_rounds.index(current)
    previous = all_rounds[index - 1] if index > 0 else None
    now_scores = score_rows(session=session, round_ids=[current.id])
    before = {(s.project_id, s.dimension): s.value for s in
              score_rows(session=session, round_ids=[previous.id] if previous else []) if s.assessor == "project"}
    recs = {r.project_id: r for r in session.scalars(select(SsuRecommendation).filter_by(round_id=current.id))}
    decisions = {d.project_id: d for d in session.scalars(select(SsuDecision).filter_by(round_id=current.id))}
    by_project: dict[int, dict[str, object]] = {}
    for s in now_scores:
        if s.assessor == "project":
            by_project.setdefault(s.project_id, {})[s.dimension] = s
    out = []
    for p in data.projects:
        if not p.active:
            continue
        mine = by_project.get(p.id, {})
        value = {dim: s.value for dim, s in mine.items()}
        changes = [f"{dim.replace('criterion_', 'K').replace('progress', 'fremdrift')}: "
                   f"{'+' if value[dim] - before[(p.id, dim)] > 0 else '−'}{abs(value[dim] - before[(p.id, dim)])}"
                   for dim in sorted(value) if (p.id, dim) in before and value[dim] != before[(p.id, dim)]]
        findings = tuple(RULE_LABELS.get(f.rule, f.rule) for f in p.findings)
        suggestion = suggest(MatrixInputs(p.computed.spending_rate, p.years, p.milestones.overdue,
                                          value.get("progress"), value.get("delivers"), findings))
        rec = recs.get(p.id)
        decision = decisions.get(p.id)
        out.append(MatrixRow(
            project_id=p.id, ref=project_ref(p.number, p.id), project=p.display_name,
            granted_per_year=p.granted_per_year, spent=p.spent_total, spending_rate=p.computed.spending_rate,
            remaining=p.computed.remaining, remaining_printed=p.printed.remaining,
            carry_over=p.computed.carry_over, carry_over_printed=p.printed.carry_over,
            done=p.milestones.done, in_progress=p.milestones.in_progress, overdue=p.milestones.overdue,
            progress=value.get("progress"), criteria=tuple(value.get(f"criterion_{n}") for n in range(1, 9)),
            delivers=value.get("delivers"), continues=value.get("continues"),
            change=", ".join(changes) if previous else "første runde",
            findings=findings, suggested=suggestion.decision, reasons=suggestion.reasons,
            recommendation=rec.decision if rec else None, recommendation_amount=rec.amount_next_year if rec else None,
            recommendation_justification=rec.justification if rec else None,
            illustrative=any(s.illustrative for s in mine.values()),
            decision=decision.decision if decision else None,
        ))
    return data.round_name, out


def _checked_row(session: Session, *, round_name: str, project_id: int, decision: str, amount: int | None,
                 today: date):
    """The common checks of a recommendation and a decision; the matrix row and round they concern."""
    if decision not in LABELS:
        raise SsuError("Velg videreføre, justere eller avslutte.")
    if amount is not None and amount < 0:
        raise SsuError("Beløpet kan ikke være negativt.")
    project = session.get(Project, project_id)
    if project is None:
        raise SsuError("Prosjektet finnes ikke.")
    name, rows = matrix(session, round_name=round_name, today=today, scheme_id=project.scheme_id)
    row = next((r for r in rows if r.project_id == project_id), None)
    if row is None:
        raise SsuError("Prosjektet er ikke med i matrisen for denne runden.")
    return row, find_round(session=session, scheme_id=project.scheme_id, name=name)


def set_recommendation(session: Session, *, round_name: str, project_id: int, decision: str,
                       amount_next_year: int | None, justification: str, actor: str, today: date) -> None:
    if not (justification or "").strip():
        raise SsuError("Skriv en begrunnelse for sekretariatets anbefaling.")
    row, round_ = _checked_row(session, round_name=round_name, project_id=project_id, decision=decision,
                               amount=amount_next_year, today=today)
    rec = session.scalars(select(SsuRecommendation).filter_by(project_id=project_id, round_id=round_.id)).one_or_none()
    before = None if rec is None else f"{rec.decision} ({rec.amount_next_year})"
    if rec is None:
        rec = SsuRecommendation(project_id=project_id, round_id=round_.id)
        session.add(rec)
    rec.suggested, rec.suggested_reasons = row.suggested, json.dumps(row.reasons, ensure_ascii=False)
    rec.decision, rec.amount_next_year, rec.justification, rec.set_by = (
        decision, amount_next_year, justification.strip(), actor)
    session.add(AuditEntry(actor=actor, action="anbefaling satt", project_id=project_id, round_id=round_.id,
                           entity="SSU", entity_key="anbefaling", before=before,
                           after=f"{decision} ({amount_next_year}): {justification.strip()}"))


CASE_NUMBER = re.compile(r"^\d{1,4}/\d{2}$")


def record_decision(session: Session, *, round_name: str, project_id: int, case_number: str, meeting_date: date,
                    decision: str, amount_next_year: int | None, conditions: str | None, text: str | None,
                    actor: str, today: date) -> SsuDecision:
    """Record SSU's decision with a frozen copy of the matrix row; it sets next year's allocation."""
    case_number = (case_number or "").strip()
    if not CASE_NUMBER.match(case_number):
        raise SsuError("Saksnummeret skrives som nummer/år, for eksempel «12/26».")
    if decision in LABELS and decision != END and amount_next_year is None:
        raise SsuError("Skriv beløpet for neste år (0 er lov).")
    row, round_ = _checked_row(session, round_name=round_name, project_id=project_id, decision=decision,
                               amount=amount_next_year, today=today)
    if session.scalars(select(SsuDecision).filter_by(case_number=case_number, project_id=project_id)).first():
        raise SsuError(f"Vedtak i sak {case_number} er allerede registrert for prosjektet.")
    year = round_.year + 1
    record = SsuDecision(case_number=case_number, meeting_date=meeting_date, project_id=project_id,
                         round_id=round_.id, decision=decision, year=year,
                         amount_next_year=0 if decision == END else amount_next_year,
                         conditions=(conditions or "").strip() or None, text=(text or "").strip() or None,
                         matrix_snapshot=row.snapshot())
    session.add(record)
    amount = record.amount_next_year
    allocation = session.scalars(select(Allocation).filter_by(project_id=project_id, year=year)).one_or_none()
    before = None if allocation is None else str(allocation.amount)
    if allocation is None:
        session.add(Allocation(project_id=project_id, year=year, amount=amount,
                               amount_text=f"SSU-vedtak sak {case_number}"))
    else:
        allocation.amount, allocation.amount_text = amount, f"SSU-vedtak sak {case_number}"
    if decision == END:
        session.get(Project, project_id).status = "ended"
    session.add(AuditEntry(actor=actor, action="SSU-vedtak registrert", project_id=project_id, round_id=round_.id,
                           entity="Tildeling", entity_key=str(year), before=before,
                           after=f"{decision}, {amount} kr (sak {case_number})"))
    session.flush()
    return record


def decisions_for_round(session: Session, *, round_id: int) -> list[SsuDecision]:
    return list(session.scalars(select(SsuDecision).filter_by(round_id=round_id).order_by(SsuDecision.id)))

