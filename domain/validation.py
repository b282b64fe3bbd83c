"""One check per kind of value a user gives us: amount, score, number, date, milestone code, period,
status, milestone kind and short text.

The report import, the reporting template and the web form all call these, so a value is accepted
or refused the same way wherever it comes from. Each check returns ``(clean value, None)`` or
``(None, a plain Norwegian sentence)``; the caller says where (sheet and cell, or field).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal

from domain.amounts import Amount, AmountError, parse_amount
from domain.periods import parse_period
from domain.vocabulary import (
    MILESTONE_CODE_EXAMPLE,
    SCORE_DIMENSION,
    STATUS_ALLOWED_TEXT,
    milestone_code,
    milestone_kind,
    normalise_status,
    score_dimension_list,
)

PLAIN_VALUES = (str, int, float, Decimal, type(None))
"""What a cell or a form field can hold; anything else (a list or an object in a hand-made request) is refused."""


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(raw: object) -> str:
    """A value as it is quoted back in a message: '3' for 3.0, the text without outer spaces."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def check_text(
    raw: object, label: str, *, required: bool = False, max_length: int = 200
) -> tuple[str | None, str | None]:
    """A short text from a form field: text only (a list or an object in a hand-made request is refused),
    without outer spaces, at most ``max_length`` characters; ``None`` when empty and not required."""
    if raw is not None and not isinstance(raw, str):
        return None, f"{label} må være tekst."
    text = (raw or "").strip()
    if not text:
        return None, (f"Fyll inn {label[0].lower() + label[1:]}." if required else None)
    if len(text) > max_length:
        return None, f"{label} kan ha høyst {max_length} tegn."
    return text, None


def check_amount(
    raw: object, label: str, *, allow_text: bool = False, required: bool = False
) -> tuple[Amount | None, str | None]:
    """Whole, non-negative kroner ('2.295.000 kr', '2 295 000', 1250000). With ``allow_text`` a cell of
    words only is kept as a note (a printed figure such as 'Uvisst')."""
    if not isinstance(raw, PLAIN_VALUES):
        return None, f"{label}: det som ble sendt, er ikke et beløp."
    try:
        amount = parse_amount(raw, allow_text=allow_text)
    except AmountError as exc:
        return None, f"{label}: {exc}."
    if required and amount.value is None:
        return None, f"{label} mangler et beløp."
    return amount, None


def check_score(dimension: str, raw: object) -> tuple[int | None, str | None]:
    """A whole number on the dimension's scale (0–3 or 0–10)."""
    scale = SCORE_DIMENSION.get(dimension)
    if scale is None:
        return None, f"Ukjent vurdering «{dimension}»; bruk {score_dimension_list()}."
    whole_number = isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer())
    whole_text = isinstance(raw, str) and re.fullmatch(r"\s*\d{1,3}\s*", raw) is not None
    value = int(raw) if not isinstance(raw, bool) and (whole_number or whole_text) else None
    if value is None or not 0 <= value <= scale.maximum:
        return None, f"Poeng for {scale.in_sentence} må være et heltall fra 0 til {scale.maximum}, fant «{shown(raw)}»."
    return value, None


def check_number(raw: object, label: str, *, required: bool = False) -> tuple[float | None, str | None]:
    """A finite number; '1 234,5' and '−3' are read the Norwegian way."""
    if blank(raw):
        return None, (f"{label} mangler." if required else None)
    wrong = f"{label} må være et tall, fant «{shown(raw)[:40]}»."
    if not isinstance(raw, PLAIN_VALUES):
        return None, f"{label} må være et tall."
    if isinstance(raw, bool):
        return None, wrong
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", str(raw)).replace(",", ".").replace("\u2212", "-")
        if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
            return None, wrong
        number = float(text)
    if not math.isfinite(number):
        return None, wrong
    return number, None


def check_date(
    raw: object, label: str, *, required: bool = False, periods: bool = False
) -> tuple[date | None, str | None]:
    """A day (a date cell, 'dd.mm.åååå' or 'åååå-mm-dd'). With ``periods`` a written period such as
    'Des 2024' is accepted too and means its last day (for baseline and target dates)."""
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    if blank(raw):
        return None, (f"{label} mangler." if required else None)
    text = str(raw).strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        try:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1))), None
        except ValueError:
            return None, f"{label}: datoen «{text}» finnes ikke."
    try:
        return date.fromisoformat(text), None
    except ValueError:
        pass
    if periods:
        parsed = parse_period(text)
        if parsed.ok:
            return parsed.end, None
        return None, f"{label} «{text}» er ikke en dato eller periode ({parsed.reason})."
    return None, f"{label}: «{text}» er ikke en dato; skriv for eksempel 30.09.2025."


def check_code(raw: object) -> tuple[str | None, str | None]:
    """A milestone code by the one rule in the vocabulary ('M7')."""
    found = milestone_code(raw)
    if found is None:
        return None, (
            f"Milepælkoden «{shown(raw)}» er ikke gyldig; skriv M og et nummer, "
            f"for eksempel «{MILESTONE_CODE_EXAMPLE}»."
        )
    return found[0], None


def check_period(raw: object) -> tuple[str | None, str | None]:
    """A period as written ('Vår 2026'), kept as text when it can be placed; blank is allowed."""
    if blank(raw):
        return None, None
    if isinstance(raw, (datetime, date)):
        return raw.strftime("%d.%m.%Y"), None
    text = str(raw).strip()
    parsed = parse_period(text)
    if not parsed.ok:
        return None, (
            f"Når «{text}» kan ikke tolkes ({parsed.reason}); skriv for eksempel «Okt 2025», "
            "«Vår 2026», «Jan-mars 2026» eller en dato som 15.03.2026."
        )
    return text, None


def check_status(raw: object, *, required: bool = True) -> tuple[str | None, str | None]:
    """A milestone status, kept as written once it is recognised."""
    text = shown(raw)
    if not text:
        return None, (f"Status mangler; velg {STATUS_ALLOWED_TEXT}." if required else None)
    if normalise_status(text) is None:
        return None, f"Ukjent status «{text}»; velg {STATUS_ALLOWED_TEXT}."
    return text, None


def check_kind(raw: object, status_text: str | None) -> tuple[str | None, str | None]:
    """Achieved or planned; blank means achieved when a status is given, else planned."""
    if blank(raw):
        return ("achieved" if status_text else "planned"), None
    kind = milestone_kind(raw)
    if kind is None:
        return None, f"Type må være Oppnådd eller Planlagt, fant «{shown(raw)}»."
    return kind, None
