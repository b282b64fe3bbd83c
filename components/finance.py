"""Rows for the finance page: the report's tables 3 and 4 with printed and computed figures side by side."""

from __future__ import annotations

from domain.amounts import AmountError, parse_amount
from domain.formatting import format_kr, format_percent


def printed_text(number: int | None, text: str | None) -> str:
    """A printed figure as it stood, number in Norwegian format plus any words printed with it."""
    note = None
    if text:
        try:
            note = parse_amount(text, allow_text=True).note
        except AmountError:
            note = text
    if number is None:
        return note or "–"
    return format_kr(number) + (f" {note}" if note else "")


def table3_rows(projects) -> list[dict]:
    rows = []
    for p in projects:
        rows.append({
            "project": p.display_name + ("" if p.active else " (avsluttet)"),
            "granted": format_kr(p.granted_per_year),
            "spent": printed_text(p.spent_total, None),
            "years": str(p.years),
            "granted_total": format_kr(p.granted_total),
            "rate": format_percent(p.computed.spending_rate),
        })
    return rows


def _pair(printed: int | None, printed_words: str | None, computed: int | None, finding) -> tuple[str, str, str]:
    shown = printed_text(printed, printed_words)
    if finding is not None:
        return shown, format_kr(computed), f"Avvik {format_kr(finding.difference, signed=True)}"
    if computed is None:
        return shown, "kan ikke beregnes", ""
    if printed is None:
        return shown, format_kr(computed), "ikke oppgitt som tall"
    return shown, format_kr(computed), "stemmer"


def table4_rows(projects) -> list[dict]:
    """Table 4 in long form: per project one row per figure (TGM, future use, VM, next year)."""
    rows = []
    for p in projects:
        if not p.active:
            continue
        findings = {f.rule: f for f in p.findings}
        texts = p.printed_texts
        expected_vm = (p.printed.remaining - p.printed.future_use
                       if p.printed.remaining is not None and p.printed.future_use is not None else None)
        expected_next = (p.granted_per_year + p.printed.carry_over
                         if p.granted_per_year is not None and p.printed.carry_over is not None else None)
        figures = [
            ("Totalt gjenværende midler (TGM)",
             _pair(p.printed.remaining, texts.get("remaining"), p.computed.remaining, findings.get("remaining"))),
            ("Fremtidig bruk av TGM", (printed_text(p.printed.future_use, texts.get("future_use")), "", "")),
            ("Videreførte midler (VM)",
             _pair(p.printed.carry_over, texts.get("carry_over"), expected_vm, findings.get("carry_over"))),
            ("Sum neste år hvis videreført",
             _pair(p.printed.next_year_total, texts.get("next_year_total"), expected_next, findings.get("next_year"))),
        ]
        for index, (label, (printed, computed, check)) in enumerate(figures):
            rows.append({
                "project": p.display_name if index == 0 else "",
                "figure": label, "printed": printed, "computed": computed, "check": check,
                "row_class": "row-finding" if check.startswith("Avvik") else ("group-start" if index == 0 else None),
            })
    return rows


def granted_spent_rows(projects) -> list[dict]:
    return [{"name": p.display_name, "granted_total": p.granted_total, "spent": p.spent_total,
             "rate": p.computed.spending_rate}
            for p in projects if p.active and p.granted_total is not None]


def spending_summary(projects, threshold: float = 0.20) -> str:
    """'3 av 7 prosjekter har brukt under 20 % av innvilget beløp …'"""
    rated = [p for p in projects if p.active and p.computed.spending_rate is not None]
    if not rated:
        return "Ingen prosjekter har rapportert forbruk i denne runden."
    low = [p for p in rated if p.computed.spending_rate < threshold]
    lowest = min(rated, key=lambda p: p.computed.spending_rate)
    highest = max(rated, key=lambda p: p.computed.spending_rate)
    return (f"{len(low)} av {len(rated)} prosjekter har brukt under {format_percent(threshold, 0)} av innvilget beløp. "
            f"Lavest forbruk: {lowest.display_name} ({format_percent(lowest.computed.spending_rate)}); "
            f"høyest: {highest.display_name} ({format_percent(highest.computed.spending_rate)}).")
