"""How far a KPI has come from its baseline (nullpunkt) toward its target, and whether it is behind.

The planned path is a straight line from (baseline date, baseline) to (target date, target). A KPI
is behind when its latest value is short of that path at the date it was measured, in the
direction of the target (a falling target, such as fewer bed-days, is reached by going down).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SHOWN_DIGITS = 3
"""Significant digits of a planned value of a thousand or more, as shown («om lag 1 570 000 kr»)."""


@dataclass(frozen=True)
class KpiProgress:
    latest: float | None
    latest_date: date | None
    share_of_way: float | None
    expected_now: float | None
    behind: bool | None
    decimals: int = 0
    """The most decimals among the figures the path is drawn from (baseline, target, latest; at most 2)."""

    @property
    def expected_shown(self) -> float | None:
        """The planned value as shown: no finer than the figures it comes from (375.1 bed-days between whole
        numbers is shown as 375), and from a thousand up to three significant digits (1 571 689 kr is «om lag
        1 570 000 kr», the session-22 trial), so the interpolation does not claim a precision nobody measured."""
        if self.expected_now is None:
            return None
        whole_digits = len(str(int(abs(self.expected_now))))
        if whole_digits > SHOWN_DIGITS:
            return float(round(self.expected_now, SHOWN_DIGITS - whole_digits))
        return round(self.expected_now, self.decimals)


def _decimals(value: float) -> int:
    text = f"{value:.2f}".rstrip("0")
    return len(text.split(".")[1])


def planned_value(baseline: float, baseline_date: date, target: float, target_date: date, when: date) -> float:
    """The value the straight planned path gives at a date (clamped to the path's ends)."""
    span = (target_date - baseline_date).days
    if span <= 0:
        return target
    fraction = min(1.0, max(0.0, (when - baseline_date).days / span))
    return baseline + (target - baseline) * fraction


def kpi_progress(
    *,
    baseline: float | None,
    baseline_date: date | None,
    target: float | None,
    target_date: date | None,
    values: list[tuple[date, float]],
) -> KpiProgress:
    latest_date, latest = max(values, key=lambda v: v[0]) if values else (None, None)
    if latest is None or baseline is None or target is None or target == baseline:
        return KpiProgress(latest, latest_date, None, None, None)
    share = (latest - baseline) / (target - baseline)
    if baseline_date is None or target_date is None:
        return KpiProgress(latest, latest_date, share, None, None)
    expected = planned_value(baseline, baseline_date, target, target_date, latest_date)
    rising = target > baseline
    behind = latest < expected if rising else latest > expected
    decimals = max(_decimals(v) for v in (baseline, target, latest))
    return KpiProgress(latest, latest_date, share, expected, behind, decimals)


def progress_of(kpi) -> KpiProgress:
    """The progress of an indicator read by the data layer (baseline, target, dates and values)."""
    return kpi_progress(
        baseline=kpi.baseline,
        baseline_date=kpi.baseline_date,
        target=kpi.target,
        target_date=kpi.target_date,
        values=[(v.when, v.value) for v in kpi.values],
    )


def judged_on_examples(kpi) -> bool:
    """Whether the indicator's progress rests on illustrative figures: its path (baseline and target) or its
    latest measurement (the session-22 trial: «I rute» on a reported measurement against an illustrative path
    read as a real judgement)."""
    latest = max(kpi.values, key=lambda v: v.when) if kpi.values else None
    return bool(kpi.illustrative or (latest is not None and latest.illustrative))
