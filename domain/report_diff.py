"""What a submission would change compared with what is saved: the preview before saving and the
review before approving. Pure: plain data in, a list of changes out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.formatting import and_listing, count_of, format_date, format_kr, format_measure
from domain.periods import parse_period
from domain.report_content import ReportContent
from domain.rounds import STAGE_WORDS, stage
from domain.vocabulary import (
    DONE,
    FUTURE_USE,
    MILESTONE_KIND_LABELS,
    NARRATIVE_LABELS,
    PLANNED,
    SCORE_DIMENSION,
    SPENT,
    normalise_status,
)


@dataclass(frozen=True)
class Change:
    area: str
    key: str
    before: str
    after: str

    @property
    def kind(self) -> str:
        if self.before == "–":
            return "ny"
        if self.after == "–":
            return "fjernet"
        return "endret"


@dataclass(frozen=True)
class SavedState:
    """The live values a submission is compared with."""

    spent_total: int | None
    future_use: int | None
    milestones: dict[str, tuple[str, str | None, str | None]]  # code -> (description, period, status text)
    scores: dict[str, tuple[int, str | None]]
    kpi_values: dict[tuple[int, str], float]
    narratives: dict[str, str]
    kpi_targets: dict[int, tuple[float | None, str | None]] = None
    kpi_units: dict[int, str | None] = None  # each indicator's unit: «1 800 000 kr», «2,5 møter» in the changes


def state_of(content: ReportContent, kpi_units: dict[int, str | None] | None = None) -> SavedState:
    """A version's content as a state another version is compared with (a stale form with the newer version)."""
    return SavedState(
        content.spent_total,
        content.future_use,
        {m.code: (m.description, m.period_text, m.status_text) for m in content.milestones},
        {s.dimension: (s.value, s.justification) for s in content.scores},
        {(k.kpi_id, k.when): k.value for k in content.kpi_values},
        dict(content.narratives),
        {t.kpi_id: (t.target, t.target_date) for t in content.kpi_targets},
        kpi_units,
    )


def _day(iso: str | None) -> str:
    return format_date(date.fromisoformat(iso)) if iso else "uten dato"


def _short(text: str | None, limit: int = 80) -> str:
    if not text:
        return "–"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff(saved: SavedState, content: ReportContent) -> list[Change]:
    changes: list[Change] = []
    if content.spent_total != saved.spent_total:  # a blanked amount is a change too (trial 24c: «ingen endringer»)
        changes.append(Change("Økonomi", SPENT.label, format_kr(saved.spent_total), format_kr(content.spent_total)))
    if content.future_use != saved.future_use:
        changes.append(
            Change(
                "Økonomi",
                FUTURE_USE.form_label,
                format_kr(saved.future_use),
                format_kr(content.future_use),
            )
        )
    for m in content.milestones:
        before = saved.milestones.get(m.code)
        if before is None:
            changes.append(
                Change(
                    "Milepæler",
                    m.code,
                    "–",
                    # the type too: a blank «Type» is worked out from the status, and the leader sees how
                    f"{_short(m.description, 60)} "
                    f"({', '.join(filter(None, (m.period_text or 'uten periode', m.status_text)))}; "
                    f"regnes som {MILESTONE_KIND_LABELS[m.kind].lower()})",
                )
            )
            continue
        description, period, status = before
        if normalise_status(status) != normalise_status(m.status_text) or (status or "") != (m.status_text or ""):
            after = m.status_text or "–"
            now = stage(normalise_status(m.status_text), m.kind)
            if m.kind == "planned" and now != PLANNED:  # trial 24d: said nowhere; the status counts (stage)
                after += f" (type {MILESTONE_KIND_LABELS['planned']}; regnes som {STAGE_WORDS[now]})"
            changes.append(Change("Milepæler", f"{m.code} status", status or "–", after))
        if (period or "") != (m.period_text or ""):
            changes.append(Change("Milepæler", f"{m.code} når", period or "–", m.period_text or "–"))
        if description != m.description:
            changes.append(Change("Milepæler", f"{m.code} beskrivelse", _short(description), _short(m.description)))
    for s in content.scores:
        before = saved.scores.get(s.dimension)
        if before is None or before[0] != s.value:
            changes.append(
                Change(
                    "Poeng", SCORE_DIMENSION[s.dimension].label, "–" if before is None else str(before[0]), str(s.value)
                )
            )
        if (before[1] if before else None) != s.justification:  # what was written, so a stale form loses none
            label = f"{SCORE_DIMENSION[s.dimension].label} begrunnelse"
            changes.append(Change("Poeng", label, _short(before[1] if before else None), _short(s.justification)))
    units = saved.kpi_units or {}
    for k in content.kpi_values:
        before = saved.kpi_values.get((k.kpi_id, k.when))
        if before != k.value:
            unit = units.get(k.kpi_id)
            changes.append(
                Change(
                    "Indikatorer",
                    f"{k.name} ({_day(k.when)})",
                    format_measure(before, unit),
                    format_measure(k.value, unit),
                )
            )
    for t in content.kpi_targets:
        before = (saved.kpi_targets or {}).get(t.kpi_id, (None, None))
        if before != (t.target, t.target_date):
            unit = units.get(t.kpi_id)
            changes.append(
                Change(
                    "Indikatorer",
                    f"{t.name}: mål",
                    "–" if before[0] is None else f"{format_measure(before[0], unit)} ({_day(before[1])})",
                    f"{format_measure(t.target, unit)} ({_day(t.target_date)}) – {t.reason}",
                )
            )
    for kind, text in content.narratives.items():
        if (saved.narratives.get(kind) or "") != text:
            changes.append(
                Change("Tekster", NARRATIVE_LABELS.get(kind, kind), _short(saved.narratives.get(kind)), _short(text))
            )
    for kind, before in saved.narratives.items():  # trial 25c: an emptied text was in no reviewer's list
        if (before or "").strip() and kind not in content.narratives:
            changes.append(Change("Tekster", NARRATIVE_LABELS.get(kind, kind), _short(before), "–"))
    return changes


FAR_ABOVE_GRANT = 1.5  # an amount above this share of what is granted so far asks for confirmation


def overdue_codes(content: ReportContent, today: date) -> list[str]:
    """The report's milestones not done whose period has ended before ``today`` (as the matrix counts them)."""
    out = []
    for m in content.milestones:
        period = parse_period(m.period_text) if m.period_text else None
        if (
            period is not None
            and period.ok
            and period.end < today
            and stage(normalise_status(m.status_text), m.kind) != DONE
        ):
            out.append(m.code)
    return out


def warnings(
    saved: SavedState,
    content: ReportContent,
    *,
    granted_total: int | None,
    changes: list[Change],
    submit: bool,
    today: date | None = None,
) -> list[str]:
    """What a leader is asked to confirm before a report is stored: honest mistakes that are still possible
    figures (cumulative spending that falls, amounts far above the grant, a submission with no changes)."""
    out = []
    if content.spent_total is not None and saved.spent_total is not None and content.spent_total < saved.spent_total:
        out.append(
            f"{SPENT.label} er lavere enn i sist godkjente rapport ({format_kr(saved.spent_total)} → "
            f"{format_kr(content.spent_total)}). Beløpet skal være summen brukt hittil, ikke bare i denne perioden."
        )
    if granted_total:
        for label, amount in ((SPENT.label, content.spent_total), (FUTURE_USE.form_label, content.future_use)):
            if amount is not None and amount > granted_total * FAR_ABOVE_GRANT:
                out.append(
                    f"{label} ({format_kr(amount)}) er langt over det som er innvilget hittil "
                    f"({format_kr(granted_total)}). Sjekk at beløpet er skrevet i hele kroner."
                )
    for label, before, now in (
        (SPENT.label, saved.spent_total, content.spent_total),
        (FUTURE_USE.form_label, saved.future_use, content.future_use),
    ):
        if now is None and before is not None:
            out.append(
                f"{label} er tom, men sist godkjente rapport har {format_kr(before)}. Uten beløpet kan "
                "rundens tall som bygger på det, ikke beregnes."
            )
    if submit and not changes:
        out.append("Rapporten har ingen endringer fra sist godkjente tall.")
    emptied = [c.key for c in changes if c.area == "Tekster" and c.kind == "fjernet"]  # as the review lists them
    if submit and emptied:  # trial 25b: a hurried leader's blank texts became «Ikke rapportert» in the report
        out.append(
            f"{and_listing(emptied)} er tom{'me' if len(emptied) > 1 else ''}, men hadde tekst i sist godkjente "
            "rapport. I rundens rapport står det da at prosjektet ikke har skrevet om dette."
        )
    overdue = overdue_codes(content, today) if submit and today else []
    if overdue:  # trial 26d: the matrix then said «Justere: 3 milepæler forfalt», and nobody had been asked
        out.append(
            f"{count_of(len(overdue), 'milepæl', 'milepæler')} har passert perioden uten å være meldt ferdig "
            f"({and_listing(overdue)}). Oppdater status eller periode; ellers regnes de som forfalt i matrisen."
        )
    if submit and not content.scores:  # trial 26c: approved without a word, and the matrix showed only dashes
        out.append(
            "Rapporten har ingen poeng. Beslutningsmatrisen viser da ingen poeng for prosjektet i runden, og "
            "forslaget bygger bare på økonomi og milepæler."
        )
    return out
