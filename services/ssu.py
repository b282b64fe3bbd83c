"""SSU: the decision matrix per round, the secretariat's recommendations and SSU's decisions.

The matrix has one row per active project: its money figures (``domain.money``), milestones, every
score dimension of the vocabulary, the change since the previous round, the printed figures that break
the formulas, the suggestion of the documented rules (``domain.recommendation``) with its reasons, the
secretariat's recommendation and SSU's decision. A decision keeps a frozen copy of the row it was made on.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from db import reporting as reporting_data
from db import ssu as data
from db.page_queries import RoundChoice, project_ref, round_choices, score_rows
from db.queries import (
    MilestoneCounts,
    SchemeChoice,
    find_round,
    portfolio,
    previous_view,
    round_view,
    scheme_by_id,
)
from domain.money import ProjectMoney
from domain.problems import Problem
from domain.recommendation import MatrixInputs, suggest
from domain.rounds import NOT_REPORTED, not_reported
from domain.validation import blank, check_date, check_reported_amount, check_text
from domain.vocabulary import DECISION_LABELS, DELIVERS, END, ILLUSTRATIVE, PROGRESS, SCORE_DIMENSIONS
from services import authz
from services.context import Context, Outcome, refusable
from services.portfolio import page_slice


@dataclass(frozen=True)
class MatrixRow:
    project_id: int
    ref: str
    project: str
    money: ProjectMoney
    milestones: MilestoneCounts
    scores: dict[str, int | None]
    """The project's own score on every dimension of the vocabulary (None: not scored)."""
    change: str
    findings: tuple[str, ...]
    suggested: str
    reasons: tuple[str, ...]
    recommendation: str | None
    recommendation_amount: int | None
    recommendation_justification: str | None
    illustrative: bool
    decision: str | None
    reported: bool = True
    """The project reported in the round (else its figures are from ``source_round``)."""
    source_round: str | None = None
    recommendation_set_at: datetime | None = None
    decision_record: data.DecisionRecord | None = None
    """The round's decision with its case, meeting date, amount, conditions and text."""
    history: tuple[data.DecisionRecord, ...] = ()
    """SSU's decisions on the project in other rounds, oldest first."""
    secretariat_scores: dict[str, int] = field(default_factory=dict)
    """The secretariat's own scores, where it has scored (trial 25b: shown nowhere in the room)."""
    approved_after_recommendation: datetime | None = None
    """When the project's report was approved again after the recommendation was set (trial 25b: the
    recommendation stood beside figures it was not made on, unmarked)."""

    def snapshot(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, default=str)


def _change(now: dict[str, int], before: dict[str, int]) -> str:
    parts = []
    for dimension in SCORE_DIMENSIONS:
        key = dimension.key
        if key in now and key in before and now[key] != before[key]:
            delta = now[key] - before[key]
            parts.append(f"{dimension.short_label}: {'+' if delta > 0 else '−'}{abs(delta)}")
    return ", ".join(parts)


def _change_of(p, now: dict[str, int], before: dict[str, int], previous, before_examples: bool) -> str:
    """The change in scores since the round before; an unreported project has none to show (trial 24a: «uendret»
    read as if it had reported the same scores), nor one that reported no scores (trial 24d); a change from
    illustrative scores says so."""
    if not p.reported:
        return NOT_REPORTED
    if not previous:
        return "første runde"
    if not now:
        return "ingen poeng i runden"
    change = _change(now, before)
    return f"{change} (mot {ILLUSTRATIVE})" if change and before_examples else change


def matrix_rows(
    session, *, round_name: str | None, today: date, scheme_id: int | None
) -> tuple[str | None, list[MatrixRow]]:
    """The round's matrix (the round the portfolio pages show when none is named): every active project with
    its latest approved report up to the round, judged on the round's day."""
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    view = round_view(session=session, scheme_id=scheme.id, name=round_name, today=today) if scheme else None
    if view is None:
        return None, []
    figures = portfolio(session=session, view=view, today=today, scheme_id=scheme.id)
    previous = previous_view(session=session, scheme_id=scheme.id, view=view, today=today)
    own: dict[int, dict[str, object]] = {}
    for s in score_rows(session=session, view=view, assessor="project"):
        own.setdefault(s.project_id, {})[s.dimension] = s
    theirs: dict[int, dict[str, int]] = {}
    for s in score_rows(session=session, view=view, assessor="secretariat"):
        theirs.setdefault(s.project_id, {})[s.dimension] = s.value
    before: dict[int, dict[str, int]] = {}
    before_examples: set[int] = set()
    for s in score_rows(session=session, view=previous, assessor="project") if previous else []:
        before.setdefault(s.project_id, {})[s.dimension] = s.value
        if s.illustrative:
            before_examples.add(s.project_id)
    recs = data.recommendations(session, round_id=view.id)
    approved = data.approved_at(session, round_id=view.id)
    records = data.decision_records(session, project_ids=[p.id for p in figures.projects if p.active])
    out = []
    for p in figures.projects:
        if not p.active:
            continue
        mine_decided = records.get(p.id, [])
        this_round = [d for d in mine_decided if d.round_id == view.id]
        mine = own.get(p.id, {})
        value = {dim: s.value for dim, s in mine.items()}
        illustrative = any(s.illustrative for s in mine.values())
        findings = tuple(f.label for f in p.findings)
        suggestion = suggest(
            MatrixInputs(
                p.money.spending_rate,
                p.years,
                p.milestones.overdue,
                value.get(PROGRESS),
                value.get(DELIVERS),
                findings,
                reported=p.reported,
                round_name=view.name,
                source_round=p.source_round,
                illustrative=illustrative,
            )
        )
        rec = recs.get(p.id)
        later = approved.get(p.id)
        out.append(
            MatrixRow(
                project_id=p.id,
                ref=project_ref(p.number, p.id),
                project=p.display_name,
                money=p.money,
                milestones=p.milestones,
                scores={d.key: value.get(d.key) for d in SCORE_DIMENSIONS},
                change=_change_of(p, value, before.get(p.id, {}), previous, p.id in before_examples),
                findings=findings,
                suggested=suggestion.decision,
                reasons=suggestion.reasons,
                recommendation=rec.decision if rec else None,
                recommendation_amount=rec.amount_next_year if rec else None,
                recommendation_justification=rec.justification if rec else None,
                illustrative=illustrative,
                decision=this_round[-1].decision if this_round else None,
                reported=p.reported,
                source_round=p.source_round,
                recommendation_set_at=rec.set_at if rec else None,
                decision_record=this_round[-1] if this_round else None,
                history=tuple(d for d in mine_decided if d.round_id != view.id),
                secretariat_scores=theirs.get(p.id, {}),
                approved_after_recommendation=later if rec and rec.set_at and later and later > rec.set_at else None,
            )
        )
    return view.name, out


@dataclass(frozen=True)
class SsuPage:
    scheme_id: int | None
    choices: list[SchemeChoice]
    rounds: list[RoundChoice]
    round_name: str | None
    rows: list[MatrixRow] = field(default_factory=list)
    may_decide: bool = False
    stamp: str = ""
    """The «last changed» stamp the rows were read at (``matrix_stamp`` tells an open page when to re-read)."""
    shown: list[MatrixRow] = field(default_factory=list)
    """The rows on this page of the matrix: all of a partnership's round (up to MATRIX_PER_PAGE), a page at a
    time beyond that (national scale), so the page stays small."""
    page: int = 1
    pages: int = 1


MATRIX_PER_PAGE = 20


def ssu_page(ctx: Context, *, round_name: str | None, scheme: object, page: object = None) -> SsuPage:
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        chosen = authz.visible_scheme(session, ctx.identity, scheme)
        choices = authz.scheme_choices(session, ctx.identity)
        if chosen is None:
            return SsuPage(None, choices, [], None, [], authz.allowed(ctx.identity, authz.ADMIN))
        scheme_id = chosen.id
        name, rows = matrix_rows(session, round_name=round_name, today=ctx.today, scheme_id=scheme_id)
        shown, number, pages = page_slice(rows, page, per_page=MATRIX_PER_PAGE)
        return SsuPage(
            scheme_id,
            choices,
            round_choices(session=session, scheme_id=scheme_id),
            name,
            rows,
            authz.allowed(ctx.identity, authz.ADMIN),
            data.last_change(session),
            shown,
            number,
            pages,
        )


def matrix(ctx: Context, *, round_name: str | None, scheme: object) -> tuple[str | None, list[MatrixRow]]:
    page = ssu_page(ctx, round_name=round_name, scheme=scheme)
    return page.round_name, page.rows


def matrix_stamp(ctx: Context) -> str:
    """The «last changed» stamp an open matrix polls: cheap, and different whenever the matrix may differ."""
    authz.require(ctx.identity, authz.READ)
    with ctx.db.read() as session:
        return data.last_change(session)


def _amount(text: object, problems: list[Problem]) -> int | None:
    """Whole kroner and nothing else, as a leader's reported amount: «ca. 500 000» or a range is refused."""
    label = "Beløp neste år"
    amount, error = check_reported_amount(text, label)
    if error:  # the field's label once (trial 25b: «Beløp neste år: Beløp: skriv beløpet …»)
        rest = error.removeprefix(f"{label}: ")
        problems.append(Problem.in_field("amount", label, rest[:1].upper() + rest[1:]))
    return amount


def _row(session, ctx: Context, *, round_name: str, project_id: object, decision: object):
    """The matrix row and round a recommendation or decision concerns, after the checks they share."""
    if decision not in DECISION_LABELS:
        raise data.SsuError("Velg videreføre, justere eller avslutte.", field="decision", label="Vedtak")
    project = authz.require_project(session, ctx.identity, authz.ADMIN, project_id)
    name, rows = matrix_rows(session, round_name=round_name, today=ctx.today, scheme_id=project.scheme_id)
    row = next((r for r in rows if r.project_id == project.id), None)
    if row is None:
        raise data.SsuError("Prosjektet er ikke med i matrisen for denne runden.")
    return row, find_round(session=session, scheme_id=project.scheme_id, name=name)


@refusable
def set_recommendation(
    ctx: Context,
    *,
    round_name: str,
    project_id: object,
    decision: object,
    amount_text: object,
    justification: str | None,
) -> Outcome:
    """The secretariat's own recommendation beside the suggested one; both are kept."""
    authz.require(ctx.identity, authz.ADMIN)
    problems: list[Problem] = []
    amount = _amount(amount_text, problems)
    if not project_id:
        problems.append(Problem.in_field("project", "Prosjekt", "Velg prosjekt."))
    reason = _text(justification, "justification", "Begrunnelse", problems)
    if reason == "" and not any(p.field == "justification" for p in problems):
        problems.append(
            Problem.in_field("justification", "Begrunnelse", "Skriv en begrunnelse for sekretariatets anbefaling.")
        )
    if problems:
        return Outcome.from_problems(problems)
    with ctx.db.write() as session:
        row, round_ = _row(session, ctx, round_name=round_name, project_id=project_id, decision=decision)
        data.save_recommendation(
            session,
            round_id=round_.id,
            project_id=row.project_id,
            suggested=row.suggested,
            suggested_reasons=row.reasons,
            decision=str(decision),
            amount_next_year=amount,
            justification=reason,
            actor=ctx.actor,
        )
        latest = None if row.reported else reporting_data.latest_submission(session, row.project_id, round_.id)
    saved = "Anbefalingen er lagret og vises i matrisen."
    if not row.reported and latest is not None and latest.status == "submitted":  # trial 26c: «har ikke rapportert»
        taken = f"tallene fra {row.source_round}" if row.source_round else "ingen tall"
        saved += (
            f" Merk: rapporten for {round_.name} er sendt inn, men ikke godkjent ennå; matrisen viser {taken} til den "
            "er godkjent."
        )
    elif not row.reported:  # said, not refused: the secretariat may know more (trial 24a: saved without a word)
        saved += f" Merk: prosjektet har {not_reported(round_name, row.source_round)}."
    return Outcome(None, saved)


CASE_NUMBER = re.compile(r"^\d{1,4}/\d{2}$")
SSU_TEXT_MAX_LENGTH = 5_000  # a justification, conditions or a decision's text: a few paragraphs


def _text(raw: object, field: str, label: str, problems: list[Problem]) -> str:
    """A bounded free text ('' for nothing); a problem in ``field`` when it is too long or not text."""
    text, error = check_text(raw, label, max_length=SSU_TEXT_MAX_LENGTH)
    if error:
        problems.append(Problem.in_field(field, label, error))
    return text or ""


@refusable
def record_decision(
    ctx: Context,
    *,
    round_name: str,
    project_id: object,
    case_number: str | None,
    meeting_date: object,
    decision: object,
    amount_text: object,
    conditions: str | None,
    text: str | None,
) -> Outcome[tuple[int, int]]:
    """SSU's decision, with a frozen copy of the matrix row; it sets next year's allocation."""
    authz.require(ctx.identity, authz.ADMIN)
    problems: list[Problem] = []
    amount = _amount(amount_text, problems)
    meeting, error = check_date(meeting_date, "Møtedato", required=True)
    if error:
        problems.append(Problem.in_field("meeting_date", "Møtedato", error))
    if not project_id:
        problems.append(Problem.in_field("project", "Prosjekt", "Velg prosjekt."))
    case = str(case_number or "").strip()
    if not CASE_NUMBER.match(case):
        problems.append(
            Problem.in_field("case", "Saksnummer", "Saksnummeret skrives som nummer/år, for eksempel «12/26».")
        )
    conditions_text = _text(conditions, "conditions", "Vilkår", problems)
    decision_text = _text(text, "text", "Vedtakstekst", problems)
    if decision in DECISION_LABELS and decision != END and blank(amount_text):
        problems.append(Problem.in_field("amount", "Beløp neste år", "Skriv beløpet for neste år (0 er lov)."))
    if problems:
        return Outcome.from_problems(problems)
    with ctx.db.write() as session:
        row, round_ = _row(session, ctx, round_name=round_name, project_id=project_id, decision=decision)
        record = data.save_decision(
            session,
            round_id=round_.id,
            round_year=round_.year,
            project_id=row.project_id,
            case_number=case,
            meeting_date=meeting,
            decision=str(decision),
            amount_next_year=amount,
            conditions=conditions_text or None,
            text=decision_text or None,
            snapshot=row.snapshot(),
            actor=ctx.actor,
        )
        year, amount_set = record.year, record.amount_next_year
    return Outcome(
        (year, amount_set),
        f"Vedtaket er registrert, og tildelingen for {year} er satt til {amount_set:,} kr.".replace(",", " "),
    )
