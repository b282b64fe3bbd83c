"""Builders for the SSU decision matrix (plain rows, readable on a projector)."""

from __future__ import annotations

from domain.formatting import format_kr, format_percent
from domain.recommendation import LABELS

MATRIX_COLUMNS = [
    ("project", "Prosjekt"), ("granted", "Innvilget per år"), ("spent", "Brukt (forbruk)"),
    ("remaining", "Gjenstående (TGM)"), ("carry_over", "Videreført (VM)"),
    ("milestones", "Milepæler ferdig / pågår / forsinket"), ("progress", "Fremdrift 0–3"),
    ("criteria", "Kriterier K1–K8 (0–3)"), ("delivers", "Leverer 0–10"), ("continues", "Videreføres 0–10"),
    ("change", "Endring siden forrige runde"), ("findings", "Avvik i oppgitte tall"),
    ("suggested", "Foreslått (regler)"), ("recommendation", "Sekretariatets anbefaling"), ("decision", "SSU-vedtak"),
]


MONEY_COLUMNS = {"granted", "spent", "remaining", "carry_over"}


def _money_pair(computed: int | None, printed: int | None) -> str:
    text = format_kr(computed)
    if printed is not None and computed is not None and printed != computed:
        text += f" (oppgitt {format_kr(printed)})"
    return text


def _score(value: int | None) -> str:
    return "–" if value is None else str(value)


def matrix_dicts(rows: list) -> list[dict]:
    out = []
    for r in rows:
        out.append({
            "project": r.project,
            "granted": format_kr(r.granted_per_year),
            "spent": f"{format_kr(r.spent)} ({format_percent(r.spending_rate)})",
            "remaining": _money_pair(r.remaining, r.remaining_printed),
            "carry_over": _money_pair(r.carry_over, r.carry_over_printed),
            "milestones": f"{r.done} / {r.in_progress} / {r.overdue}",
            "progress": _score(r.progress),
            "criteria": " ".join(_score(v) for v in r.criteria),
            "delivers": _score(r.delivers), "continues": _score(r.continues),
            "change": r.change or "uendret",
            "findings": ", ".join(r.findings) or "ingen",
            "suggested": f"{LABELS[r.suggested]}: " + "; ".join(r.reasons),
            "recommendation": (f"{LABELS[r.recommendation]}, {format_kr(r.recommendation_amount)}: "
                               f"{r.recommendation_justification}") if r.recommendation else "ikke satt",
            "decision": LABELS[r.decision] if r.decision else "–",
            "row_class": f"rec-{r.suggested}",
        })
    return out


def matrix_summary(rows: list) -> str:
    counts = {key: sum(1 for r in rows if r.suggested == key) for key in LABELS}
    return (f"Reglene foreslår: {counts['videreføre']} videreføre, {counts['justere']} justere og "
            f"{counts['avslutte']} avslutte av {len(rows)} aktive prosjekter.")
