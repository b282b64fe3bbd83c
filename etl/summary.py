"""The portfolio state as a machine-readable dict and as a human-readable table (``python -m etl summary``),
from ``services.portfolio.summary``."""

from __future__ import annotations

from domain.formatting import format_kr, format_percent


def _figure(figure) -> dict:
    """One money figure's three values (oppgitt, kontroll, beregnet) and why a value is missing."""
    return {
        "printed": figure.printed,
        "note": figure.note,
        "expected": figure.expected,
        "expected_reason": figure.expected_reason,
        "computed": figure.computed,
        "computed_reason": figure.computed_reason,
        "finding": figure.finding.message if figure.finding else None,
    }


def summary_dict(data) -> dict:
    if data is None:
        return {"allocated_per_year_total": 0, "projects": [], "findings": [], "round": None}
    projects = []
    for p in data.projects:
        projects.append(
            {
                "number": p.number,
                "name": p.name,
                "short_name": p.display_name,
                "active": p.active,
                "reported": p.reported,
                "source_round": p.source_round,
                "granted_per_year": p.granted_per_year,
                "years": p.years,
                "granted_total": p.granted_total,
                "spent_total": p.spent_total,
                "spending_rate": round(p.spending_rate, 4) if p.spending_rate is not None else None,
                "remaining_reported": p.money.remaining.printed,
                "remaining_computed": p.money.remaining.computed,
                "future_use_reported": p.money.future_use.printed,
                "carry_over_reported": p.money.carry_over.printed,
                "carry_over_computed": p.money.carry_over.computed,
                "next_year_reported": p.money.next_year_total.printed,
                "next_year_computed": p.money.next_year_total.computed,
                "milestones": p.milestones.total,
                "milestones_done": p.milestones.done,
                "milestones_planned": p.milestones.planned,
                "milestones_overdue": p.milestones.overdue,
                "figures": {
                    key: _figure(f)
                    for key, f in (
                        ("granted_per_year", p.money.granted_per_year),
                        ("spent_total", p.money.spent),
                        ("remaining", p.money.remaining),
                        ("future_use", p.money.future_use),
                        ("carry_over", p.money.carry_over),
                        ("next_year_total", p.money.next_year_total),
                    )
                },
            }
        )
    return {
        "scheme": data.scheme_name,
        "round": data.round_name,
        "as_of": data.as_of.isoformat() if data.as_of else None,
        "reported": data.reported_count,
        "envelope": data.envelope,
        "allocated_per_year_total": data.allocated_per_year_total,
        "allocations_by_year": {str(k): v for k, v in data.allocations_by_year.items()},
        "spent_total": data.spent_total,
        "projects": projects,
        "findings": [f.as_dict() for f in data.findings],
    }


def summary_text(data) -> str:
    if data is None or not data.projects:
        return "Databasen har ingen prosjekter ennå. Importer en arbeidsbok med «python -m etl import FIL.xlsx»."
    lines = [
        f"{data.scheme_name} – {data.partnership}",
        f"Runde: {data.round_name or '–'} ({data.reported_count} av {data.active_count} har rapportert)   "
        f"Årlig ramme: {format_kr(data.envelope)}   "
        f"Innvilget per år: {format_kr(data.allocated_per_year_total)}",
        "",
        f"{'Nr':>7}  {'Prosjekt':<40} {'Innvilget/år':>15} {'Brukt':>13} {'Forbruk':>8} {'Milepæler':>10}",
    ]
    for p in data.projects:
        name = (p.display_name[:38] + "…") if len(p.display_name) > 39 else p.display_name
        status = "" if p.active else " (avsluttet)"
        if p.active and not p.reported:
            status = " (ikke rapp.)"
        lines.append(
            f"{p.number or '–':>7}  {(name + status)[:40]:<40} {format_kr(p.granted_per_year):>15} "
            f"{format_kr(p.spent_total):>13} {format_percent(p.spending_rate):>8} "
            f"{p.milestones.done:>4} / {p.milestones.total:<3}"
        )
    lines.append("")
    findings = data.findings
    lines.append(f"Avvik i trykte tall: {len(findings)}")
    for f in findings:
        lines.append(f"  – {f.project}: {f.message}")
    return "\n".join(lines)
