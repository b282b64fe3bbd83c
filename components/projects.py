"""Builders for the project list and the project page: plain data in, rows and components out."""

from __future__ import annotations

from dash import html

from components.cards import illustrative_badge
from domain.formatting import format_kr, format_percent
from domain.traffic import traffic_light

SCORE_DIMENSION_LABELS = {"progress": "Fremdrift (0–3)", "delivers": "Leverer mål og gevinster (0–10)",
                          "continues": "Videreføres eller spres (0–10)"}
NARRATIVE_TITLES = [
    ("experiences", "Erfaringer"), ("challenges", "Utfordringer"), ("self_assessment", "Egenvurdering"),
    ("done_differently", "Hva kunne vært gjort annerledes"), ("next_steps", "Veien videre"),
    ("other_benefits", "Andre gevinster"),
]


def light_for(row) -> object:
    ov = row.overview
    return traffic_light(active=ov.active, spending_rate=ov.computed.spending_rate,
                         overdue=ov.milestones.overdue, progress=row.progress, delivers=row.delivers)


def filter_projects(rows: list, *, search: str = "", status: str | None = None, owner: str | None = None,
                    target_group: str | None = None) -> list:
    """Keep the rows that match every given filter (search looks in name, number, owners and leaders)."""
    needle = (search or "").strip().lower()
    kept = []
    for row in rows:
        ov = row.overview
        haystack = " ".join(filter(None, [ov.name, ov.display_name, ov.number, row.owners, row.leaders])).lower()
        if needle and needle not in haystack:
            continue
        if status == "aktiv" and not ov.active or status == "avsluttet" and ov.active:
            continue
        if owner and owner.lower() not in (row.owners or "").lower():
            continue
        if target_group and target_group not in row.target_groups:
            continue
        kept.append(row)
    return kept


def owner_options(rows: list) -> list[str]:
    """Organisations named as owners ('UNN', 'Tromsø kommune', …), split on '&', ',' and ' og '."""
    import re

    names = set()
    for row in rows:
        for part in re.split(r"\s*(?:&|,| og )\s*", row.owners or ""):
            part = part.strip()
            if part:
                names.add(part)
    return sorted(names, key=str.lower)


def project_grid_rows(rows: list) -> list[dict]:
    out = []
    for row in rows:
        ov = row.overview
        light = light_for(row)
        out.append({
            "ref": row.ref, "name": ov.display_name, "full_name": ov.name, "number": ov.number or "–",
            "status": "Aktiv" if ov.active else "Avsluttet", "owners": row.owners or "–",
            "target_groups": ", ".join(row.target_groups) or "–",
            "light": light.label, "light_level": light.level, "light_reasons": "; ".join(light.reasons),
            "granted_per_year": ov.granted_per_year, "spent_total": ov.spent_total,
            "spending_rate": ov.computed.spending_rate,
            "milestones": f"{ov.milestones.done} av {ov.milestones.total}" if ov.milestones.total else "–",
            "overdue": ov.milestones.overdue, "progress": row.progress,
        })
    return out


def paragraphs(text: str | None) -> list:
    """Plain text with blank-line paragraphs and '- ' bullets as components (never as HTML)."""
    if not text:
        return [html.P("Ikke rapportert.", className="muted")]
    parts: list = []
    bullets: list = []
    for block in text.split("\n\n"):
        block = block.strip()
        if block.startswith("- "):
            bullets.append(html.Li(block[2:]))
            continue
        if bullets:
            parts.append(html.Ul(bullets))
            bullets = []
        parts.append(html.P(block))
    if bullets:
        parts.append(html.Ul(bullets))
    return parts


def facts_rows(detail) -> list[dict]:
    p = detail.project
    groups = ", ".join(name for name, _ in detail.target_groups) or "–"
    illustrative = any(flag for _, flag in detail.target_groups)
    return [
        {"label": "Prosjektnummer", "value": p.number or "–"},
        {"label": "Prosjektnavn", "value": p.name},
        {"label": "Prosjekteier", "value": p.owners or "–"},
        {"label": "Prosjektledere", "value": p.leaders or "–"},
        {"label": "Samarbeidspartnere", "value": p.partners or "–"},
        {"label": "Status", "value": "Aktiv" if p.status == "active" else "Avsluttet"},
        {"label": "Planlagt slutt", "value": p.planned_end_text or "Ikke oppgitt"},
        {"label": "Målgrupper", "value": [groups, " ", illustrative_badge()] if illustrative else groups},
    ]


def money_rows(detail) -> list[dict]:
    applied = {year: amount for year, amount, _ in detail.applications}
    rows = [{"year": str(year), "granted": format_kr(amount),
             "applied": format_kr(applied[year]) if year in applied else "–"}
            for year, amount, _ in detail.allocations]
    for year in sorted(set(applied) - {y for y, _, _ in detail.allocations}):
        rows.append({"year": str(year), "granted": "–", "applied": format_kr(applied[year])})
    return rows


def round_money_rows(detail) -> list[dict]:
    ov = detail.overview
    if ov is None or ov.spent_total is None and ov.printed.remaining is None:
        return []
    findings = {f.rule: f for f in ov.findings}

    def mark(rule, printed):
        return f"{format_kr(printed)} (avvik)" if rule in findings else format_kr(printed)

    return [
        {"label": "Innvilget hittil", "printed": "–", "computed": format_kr(ov.granted_total)},
        {"label": "Brukt totalt", "printed": format_kr(ov.spent_total), "computed": "–"},
        {"label": "Forbruk", "printed": "–", "computed": format_percent(ov.computed.spending_rate)},
        {"label": "Gjenstående (TGM)", "printed": mark("remaining", ov.printed.remaining),
         "computed": format_kr(ov.computed.remaining)},
        {"label": "Videreført (VM)", "printed": mark("carry_over", ov.printed.carry_over),
         "computed": format_kr(ov.computed.carry_over)},
        {"label": "Sum neste år", "printed": mark("next_year", ov.printed.next_year_total),
         "computed": format_kr(ov.computed.next_year_total)},
    ]


def score_rows(detail) -> list[dict]:
    """One row per dimension: the project's score and the secretariat's, with justifications and change."""
    labels = [(f"criterion_{n}", f"{n}. {title}") for n, title, _ in detail.criteria]
    labels += list(SCORE_DIMENSION_LABELS.items())
    mine = {(s.assessor, s.dimension): s for s in detail.scores}
    before = {(s.assessor, s.dimension): s for s in detail.previous_scores}
    rows = []
    for dim, label in labels:
        own = mine.get(("project", dim))
        sec = mine.get(("secretariat", dim))
        prev = before.get(("project", dim))
        change = "–"
        if own is not None and prev is not None:
            delta = own.value - prev.value
            change = "uendret" if delta == 0 else (f"+{delta}" if delta > 0 else f"\u2212{-delta}")
        rows.append({
            "dimension": label,
            "project": "–" if own is None else str(own.value),
            "project_why": own.justification if own and own.justification else "–",
            "secretariat": "–" if sec is None else str(sec.value),
            "secretariat_why": sec.justification if sec and sec.justification else "–",
            "change": change,
        })
    return rows
