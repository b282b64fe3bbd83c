"""The report's money formulas and the checks of printed figures against them.

Formulas (report section 6):

* TGM, total remaining = granted per year × years granted − total spent
* VM, carried over     = TGM − planned future use of TGM
* Sum next year        = granted per year + VM
* spending rate        = spent / (granted per year × years)

Each printed figure is checked against its own formula applied to the *printed* figures it
depends on, so one wrong figure gives one finding and not a cascade through the figures that
were computed from it. Printed figures are never changed; a check only reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.formatting import format_kr

RULE_REMAINING = "remaining"
RULE_CARRY_OVER = "carry_over"
RULE_NEXT_YEAR = "next_year"
RULE_ENVELOPE = "envelope"

RULE_LABELS = {
    RULE_REMAINING: "Totalt gjenværende midler (TGM)",
    RULE_CARRY_OVER: "Videreførte midler (VM)",
    RULE_NEXT_YEAR: "Sum neste år hvis videreført",
    RULE_ENVELOPE: "Tildelt mer enn rammen",
}

RULE_FORMULAS = {
    RULE_REMAINING: "innvilget per år × antall år − brukt totalt",
    RULE_CARRY_OVER: "TGM − fremtidig bruk av TGM",
    RULE_NEXT_YEAR: "innvilget per år + videreførte midler",
    RULE_ENVELOPE: "sum innvilget for året ≤ årlig ramme",
}


@dataclass(frozen=True)
class PrintedFinances:
    """One project's figures as printed in tables 3 and 4 of a round report (None = not printed)."""

    project: str
    granted_per_year: int | None
    years: int
    spent_total: int | None
    remaining: int | None = None
    future_use: int | None = None
    carry_over: int | None = None
    next_year_total: int | None = None
    granted_sum: int | None = None
    """Sum of the actual yearly allocations, when they differ from granted × years."""


@dataclass(frozen=True)
class Finding:
    """A printed figure that breaks its formula."""

    project: str
    rule: str
    reported: int
    computed: int
    message: str

    @property
    def difference(self) -> int:
        return self.reported - self.computed

    def as_dict(self) -> dict:
        return {
            "project": self.project,
            "rule": self.rule,
            "reported": self.reported,
            "computed": self.computed,
            "message": self.message,
        }


def granted_total(granted_per_year: int, years: int) -> int:
    return granted_per_year * years


def remaining_funds(granted_per_year: int, years: int, spent_total: int) -> int:
    """TGM: what is left of every year's grant so far."""
    return granted_total(granted_per_year, years) - spent_total


def carry_over(remaining: int, future_use: int) -> int:
    """VM: remaining funds not planned for use, carried into next year."""
    return remaining - future_use


def next_year_total(granted_per_year: int, carried_over: int) -> int:
    """What the project has next year if it is continued at the same yearly grant."""
    return granted_per_year + carried_over


def spending_rate(spent_total: int | None, granted_per_year: int | None, years: int) -> float | None:
    """Share of everything granted so far that has been spent (0.015 = 1.5 %)."""
    if spent_total is None or not granted_per_year or years <= 0:
        return None
    return spent_total / granted_total(granted_per_year, years)


@dataclass(frozen=True)
class ComputedFinances:
    """Figures computed from the printed inputs (granted, spent, future use)."""

    granted_total: int | None
    remaining: int | None
    carry_over: int | None
    next_year_total: int | None
    spending_rate: float | None


def compute(figures: PrintedFinances) -> ComputedFinances:
    """Every derived figure from the primary inputs only (no printed derived figure used)."""
    g, years, spent = figures.granted_per_year, figures.years, figures.spent_total
    total = figures.granted_sum if figures.granted_sum is not None else (
        granted_total(g, years) if g is not None else None)
    remaining = total - spent if total is not None and spent is not None else None
    vm = carry_over(remaining, figures.future_use) if remaining is not None and figures.future_use is not None else None
    nxt = next_year_total(g, vm) if g is not None and vm is not None else None
    rate = spent / total if spent is not None and total else None
    return ComputedFinances(total, remaining, vm, nxt, rate)


def _finding(project: str, rule: str, reported: int, computed: int) -> Finding:
    message = (
        f"{RULE_LABELS[rule]} er oppgitt til {format_kr(reported)}, men "
        f"{RULE_FORMULAS[rule]} gir {format_kr(computed)} "
        f"(avvik {format_kr(reported - computed, signed=True)})."
    )
    return Finding(project, rule, reported, computed, message)


def check_printed(figures: PrintedFinances) -> list[Finding]:
    """Check each printed derived figure against its formula on the printed inputs."""
    findings: list[Finding] = []
    g, spent = figures.granted_per_year, figures.spent_total
    if figures.remaining is not None and g is not None and spent is not None:
        expected = remaining_funds(g, figures.years, spent)
        if expected != figures.remaining:
            findings.append(_finding(figures.project, RULE_REMAINING, figures.remaining, expected))
    if figures.carry_over is not None and figures.remaining is not None and figures.future_use is not None:
        expected = carry_over(figures.remaining, figures.future_use)
        if expected != figures.carry_over:
            findings.append(_finding(figures.project, RULE_CARRY_OVER, figures.carry_over, expected))
    if figures.next_year_total is not None and g is not None and figures.carry_over is not None:
        expected = next_year_total(g, figures.carry_over)
        if expected != figures.next_year_total:
            findings.append(_finding(figures.project, RULE_NEXT_YEAR, figures.next_year_total, expected))
    return findings


def check_envelope(year: int, envelope: int, allocations_total: int) -> Finding | None:
    """Allocations of one year must not exceed the scheme's yearly envelope."""
    if allocations_total <= envelope:
        return None
    return Finding(
        f"Alle prosjekter {year}",
        RULE_ENVELOPE,
        allocations_total,
        envelope,
        f"Sum innvilget for {year} er {format_kr(allocations_total)}, "
        f"som er mer enn rammen på {format_kr(envelope)}.",
    )

