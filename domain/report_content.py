"""What a project leader reports in a round, and the rules every value must meet.

The same checks serve the Excel template and the web form: each returns the clean value or a
plain Norwegian sentence, and the caller says where (sheet and cell, or field).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from domain.amounts import AmountError, parse_amount
from domain.periods import parse_period
from domain.statuses import ALLOWED_TEXT, STATUS_LABELS, normalise_status

SCORE_DIMENSIONS = [(f"criterion_{n}", f"Kriterium {n}", 3) for n in range(1, 9)] + [
    ("progress", "Fremdrift", 3),
    ("delivers", "Leverer mål og gevinster", 10),
    ("continues", "Videreføres eller spres", 10),
]
SCORE_TOP = {dim: top for dim, _label, top in SCORE_DIMENSIONS}
SCORE_LABEL = {dim: label for dim, label, _top in SCORE_DIMENSIONS}

NARRATIVE_KINDS = [
    ("experiences", "Erfaringer"), ("challenges", "Utfordringer"), ("self_assessment", "Egenvurdering"),
    ("done_differently", "Hva kunne vært gjort annerledes"), ("next_steps", "Veien videre"),
    ("other_benefits", "Andre gevinster"), ("purpose", "Formål"),
]
KIND_LABELS = {"achieved": "Oppnådd", "planned": "Planlagt"}


@dataclass
class ReportedMilestone:
    code: str
    description: str
    period_text: str | None
    status_text: str | None
    kind: str


@dataclass
class ReportedScore:
    dimension: str
    value: int
    justification: str


@dataclass
class ReportedKpiValue:
    kpi_id: int
    name: str
    when: str  # ISO date
    value: float


@dataclass
class ReportedKpiTarget:
    kpi_id: int
    name: str
    target: float
    target_date: str | None  # ISO date
    reason: str


@dataclass
class ReportContent:
    spent_total: int | None = None
    future_use: int | None = None
    milestones: list[ReportedMilestone] = field(default_factory=list)
    scores: list[ReportedScore] = field(default_factory=list)
    kpi_values: list[ReportedKpiValue] = field(default_factory=list)
    narratives: dict[str, str] = field(default_factory=dict)
    kpi_targets: list[ReportedKpiTarget] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ReportContent:
        return cls(
            spent_total=data.get("spent_total"), future_use=data.get("future_use"),
            milestones=[ReportedMilestone(**m) for m in data.get("milestones", [])],
            scores=[ReportedScore(**s) for s in data.get("scores", [])],
            kpi_values=[ReportedKpiValue(**k) for k in data.get("kpi_values", [])],
            narratives=dict(data.get("narratives", {})),
            kpi_targets=[ReportedKpiTarget(**t) for t in data.get("kpi_targets", [])],
        )


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_amount(raw: object, label: str) -> tuple[int | None, str | None]:
    try:
        amount = parse_amount(raw)
    except AmountError as exc:
        return None, f"{label}: {exc}."
    return amount.value, None


def check_score(dimension: str, raw: object) -> tuple[int | None, str | None]:
    top = SCORE_TOP[dimension]
    what = f"kriterium {dimension.split('_')[1]}" if dimension.startswith("criterion_") else \
        f"«{SCORE_LABEL[dimension].lower()}»"
    text = "" if raw is None else (str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip())
    value = None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer()):
        value = int(raw)
    elif isinstance(raw, str) and re.fullmatch(r"\s*\d+\s*", raw):
        value = int(raw)
    if value is None or not 0 <= value <= top:
        return None, f"Poeng for {what} må være et heltall fra 0 til {top}, fant «{text}»."
    return value, None


def check_status(raw: object) -> tuple[str | None, str | None]:
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None, f"Status mangler; velg {ALLOWED_TEXT}."
    if normalise_status(text) is None:
        return None, f"Ukjent status «{text}»; velg {ALLOWED_TEXT}."
    return text, None


def check_code(raw: object) -> tuple[str | None, str | None]:
    text = "" if raw is None else str(raw).strip()
    match = re.fullmatch(r"[Mm]\s*(\d{1,3})", text)
    if not match:
        return None, f"Milepælkoden «{text}» er ikke gyldig; skriv M og et nummer, for eksempel «M7»."
    return f"M{int(match.group(1))}", None


def check_period(raw: object) -> tuple[str | None, str | None]:
    if blank(raw):
        return None, None
    if isinstance(raw, (datetime, date)):
        return raw.strftime("%d.%m.%Y"), None
    text = str(raw).strip()
    parsed = parse_period(text)
    if not parsed.ok:
        return None, (f"Når «{text}» kan ikke tolkes ({parsed.reason}); skriv for eksempel «Okt 2025», "
                      "«Vår 2026», «Jan-mars 2026» eller en dato som 15.03.2026.")
    return text, None


def check_date(raw: object, label: str) -> tuple[date | None, str | None]:
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    text = "" if raw is None else str(raw).strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        try:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1))), None
        except ValueError:
            return None, f"{label}: datoen «{text}» finnes ikke."
    try:
        return date.fromisoformat(text), None
    except ValueError:
        return None, f"{label}: «{text}» er ikke en dato; skriv for eksempel 30.09.2025."


def check_number(raw: object, label: str) -> tuple[float | None, str | None]:
    if isinstance(raw, bool):
        return None, f"{label} må være et tall, fant «{raw}»."
    if isinstance(raw, (int, float)):
        return float(raw), None
    text = re.sub(r"[\s\u00a0\u202f]", "", "" if raw is None else str(raw)).replace(",", ".")
    try:
        return float(text), None
    except ValueError:
        return None, f"{label} må være et tall, fant «{'' if raw is None else str(raw).strip()}»."


def check_kind(raw: object, status_text: str | None) -> tuple[str | None, str | None]:
    text = "" if raw is None else str(raw).strip().lower()
    if not text:
        return ("achieved" if status_text else "planned"), None
    if text in ("oppnådd", "oppnaadd", "rapportert"):
        return "achieved", None
    if text in ("planlagt", "fremtidig"):
        return "planned", None
    return None, f"Type må være Oppnådd eller Planlagt, fant «{raw}»."


STATUS_CHOICES = [label for code, label in STATUS_LABELS.items()]
