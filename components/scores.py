"""Builders for the benefit-score page: the heatmap matrix, 0–10 bars and their tables."""

from __future__ import annotations

from collections import defaultdict


def score_matrix(rows: list, criteria: list[tuple[int, str, str]], *, assessor: str = "project"):
    """Projects × criteria values (None where missing) and hover text with the justification."""
    projects = sorted({r.project for r in rows if r.assessor == assessor})
    by_key = {(r.project, r.dimension): r for r in rows if r.assessor == assessor}
    values, hover = [], []
    for project in projects:
        vrow, hrow = [], []
        for number, _title, _text in criteria:
            s = by_key.get((project, f"criterion_{number}"))
            vrow.append(None if s is None else s.value)
            hrow.append((s.justification or "Ingen begrunnelse") if s else "Ikke vurdert")
        values.append(vrow)
        hover.append(hrow)
    return projects, values, hover


def dimension_values(rows: list, dimension: str, *, assessor: str = "project") -> dict[str, int]:
    return {r.project: r.value for r in rows if r.assessor == assessor and r.dimension == dimension}


def comparison_rows(current: list, previous: list, criteria) -> list[dict]:
    """Per project: each criterion, progress and the 0–10 scores, self vs secretariat, change since last round."""
    dims = [(f"criterion_{n}", f"K{n}") for n, _t, _d in criteria] + [
        ("progress", "Fremdrift"), ("delivers", "Leverer"), ("continues", "Videreføres")]
    mine = defaultdict(dict)
    for r in current:
        mine[(r.project, r.assessor)][r.dimension] = r.value
    before = defaultdict(dict)
    for r in previous:
        if r.assessor == "project":
            before[r.project][r.dimension] = r.value
    rows = []
    for project in sorted({r.project for r in current}):
        own, sec = mine[(project, "project")], mine[(project, "secretariat")]
        row = {"project": project}
        for dim, label in dims:
            value = own.get(dim)
            text = "–" if value is None else str(value)
            if dim in sec:
                text += f" / {sec[dim]}"
            if value is not None and dim in before[project]:
                delta = value - before[project][dim]
                if delta:
                    text += f" ({'+' if delta > 0 else '−'}{abs(delta)})"
            row[label] = text
        rows.append(row)
    return rows


def average(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None
