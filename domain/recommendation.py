"""Suggested SSU recommendation per project: continue, adjust or end, with every reason listed.

Rules (in this order; docs/decisions.md):

* **avslutte** (end) when progress is 0 of 3 and "leverer mål og gevinster" is 2 of 10 or lower, or
  when under 5 % of the grant is spent after two or more years and 3 or more milestones are overdue;
* **justere** (adjust) when any of: under 20 % of the grant spent, 2 or more milestones overdue,
  progress 1 of 3 or lower, "leverer mål og gevinster" 4 of 10 or lower, or printed figures that break
  the report's formulas;
* **videreføre** (continue) otherwise;

and for a project that did not report in the round, nothing but **mangler rapport** (missing report), with the
round its latest approved report is from: a missing report never counts as healthy. A reason that rests on an
illustrative score says «(eksempeldata)».

The suggestion never decides: the secretariat sets its own recommendation with a justification, and
SSU decides. Both suggestion and reasons are shown, so anyone can check the rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.formatting import format_percent
from domain.rounds import not_reported
from domain.vocabulary import (
    ADJUST,
    CONTINUE,
    DELIVERS,
    END,
    ILLUSTRATIVE,
    MISSING_REPORT,
    PROGRESS,
    SCORE_DIMENSION,
    SUGGESTION_LABELS,
)


@dataclass(frozen=True)
class MatrixInputs:
    spending_rate: float | None
    years: int
    overdue: int
    progress: int | None
    delivers: int | None
    findings: tuple[str, ...] = ()
    reported: bool = True
    """The project reported in the round (else nothing is suggested but that its report is missing)."""
    round_name: str | None = None
    source_round: str | None = None
    illustrative: bool = False
    """The scores are illustrative (eksempeldata): every reason resting on one says so."""


@dataclass(frozen=True)
class Suggestion:
    decision: str
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return SUGGESTION_LABELS[self.decision]


def suggest(inputs: MatrixInputs) -> Suggestion:
    if not inputs.reported:
        return Suggestion(MISSING_REPORT, (not_reported(inputs.round_name, inputs.source_round),))
    rate, overdue = inputs.spending_rate, inputs.overdue
    marked = f" ({ILLUSTRATIVE})" if inputs.illustrative else ""

    def score(key: str, value: int) -> str:
        return SCORE_DIMENSION[key].stated(value) + marked

    end: list[str] = []
    if inputs.progress == 0 and inputs.delivers is not None and inputs.delivers <= 2:
        end.append(f"{score(PROGRESS, 0)} og {score(DELIVERS, inputs.delivers)}")
    if rate is not None and rate < 0.05 and inputs.years >= 2 and overdue >= 3:
        end.append(
            f"forbruk {format_percent(rate)} av innvilget etter {inputs.years} år og {overdue} milepæler forfalt"
        )
    if end:
        return Suggestion(END, tuple(end))
    adjust: list[str] = []
    if rate is not None and rate < 0.20:
        adjust.append(f"forbruk {format_percent(rate)} av innvilget")
    if overdue >= 2:
        adjust.append(f"{overdue} milepæler forfalt")
    if inputs.progress is not None and inputs.progress <= 1:
        adjust.append(score(PROGRESS, inputs.progress))
    if inputs.delivers is not None and inputs.delivers <= 4:
        adjust.append(score(DELIVERS, inputs.delivers))
    if inputs.findings:
        adjust.append("oppgitte tall bryter formlene: " + ", ".join(inputs.findings))
    if adjust:
        if overdue == 1:  # named here too, as under «Videreføre» (session-24 note: it was missing from «Justere»)
            adjust.append("1 milepæl forfalt (under grensen på 2)")
        return Suggestion(ADJUST, tuple(adjust))
    reasons = []
    if rate is not None:
        reasons.append(f"forbruk {format_percent(rate)} av innvilget")
    if inputs.progress is not None:
        reasons.append(score(PROGRESS, inputs.progress))
    if overdue:  # named, not hidden behind «ingen varsler» (trial 24b: the light beside it was yellow for it)
        reasons.append("1 milepæl forfalt (under grensen på 2)")
    reasons.append("ingen regel for å justere slår til")
    return Suggestion(CONTINUE, tuple(reasons))
