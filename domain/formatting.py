"""Norwegian (bokmål) formats for numbers, amounts, percentages and dates.

Thousands are grouped with a plain space ("2 295 000 kr") so text stays searchable; the UI
keeps amounts on one line with CSS instead of non-breaking spaces.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

MONTH_ABBR = ["jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."]
MONTH_NAMES = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]
MINUS = "\u2212"
LOCAL_ZONE = ZoneInfo("Europe/Oslo")


def local_today() -> date:
    """Today in Norway, the day every «per 24. nov.» and overdue check is judged on: a server on UTC is still on
    yesterday for an hour or two after midnight (trial 25b: «vurdert per 24. nov.» beside «25. nov. kl. 00.18»)."""
    return datetime.now(LOCAL_ZONE).date()


def cut_at_word(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut after a whole word («Planlagte milepæler», not «Planlagte
    milepæler (veien v»): an Excel sheet's name holds 31 characters."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    if cut.count("(") > cut.count(")"):  # no half a parenthesis
        cut = cut[: cut.rfind("(")]
    return cut.rstrip(" (–-,:;") or text[:limit]


def structured_value(raw: object) -> str | None:
    """How a hand-made request's JSON true/false, list or object is quoted back in a message («sann», «en liste»,
    «et objekt»; trial 24c: Python's «True» and «{'x': 1}» reached the page); None for anything else."""
    if isinstance(raw, bool):
        return "sann" if raw else "usann"
    if isinstance(raw, list | tuple):
        return "en liste"
    if isinstance(raw, dict):
        return "et objekt"
    return None


def year_span(first: int, last: int | None) -> str:
    """'2024–2025'; one year alone when the span is one year."""
    return f"{first}–{last}" if last and last != first else str(first)


def and_listing(items: list[str]) -> str:
    """'A', 'A og B', 'A, B og C'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def lower_first(text: str) -> str:
    """«Samhandlingsmidler Helsefellesskapet Finnmark» inside a sentence: the first letter small, names kept."""
    return text[:1].lower() + text[1:]


def format_int(value: int | float | None, *, signed: bool = False) -> str:
    """12345678 -> '12 345 678'; negative numbers get a real minus sign."""
    if value is None:
        return "–"
    number = round(value)
    sign = MINUS if number < 0 else ("+" if signed and number > 0 else "")
    return sign + f"{abs(number):,}".replace(",", " ")


def count_of(n: int, singular: str, plural: str) -> str:
    """'1 endring', '3 endringer', '0 endringer': the count with the noun in the right number."""
    return f"{format_int(n)} {singular if n == 1 else plural}"


def format_kr(value: int | float | None, *, signed: bool = False) -> str:
    """2295000 -> '2 295 000 kr'."""
    if value is None:
        return "–"
    return f"{format_int(value, signed=signed)} kr"


def format_percent(share: float | None, decimals: int = 1) -> str:
    """0.0149 -> '1,5 %'. A half is rounded up (0.3125 -> '31,3 %', 960 500 / 3 400 000 -> '28,3 %'), as the
    grids' formatter (``formatPercent``) and Excel do: the percentage is first read to 12 significant digits, so
    28.249999999999996 (0.2825 × 100 in binary) is the 28,25 it stands for (trials 24b and 24d: «31,2 %» on one
    page, «31,3 %» on another; «28,2 %» for 28,25 %)."""
    if share is None:
        return "–"
    percent = Decimal(f"{share * 100:.12g}")
    rounded = percent.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:.{decimals}f}".replace(".", ",").replace("-", MINUS) + " %"


def format_decimal(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return format_int(value)
    whole = f"{value:,.{decimals}f}"
    return whole.replace(",", " ").replace(".", ",").replace("-", MINUS)


KRONER_UNITS = ("kr", "kroner", "nok")


def is_kroner(unit: str | None) -> bool:
    return (unit or "").strip().lower().rstrip(".") in KRONER_UNITS


COUNT_UNITS = ("antall",)
"""Units that only say the value is a count: «11», not «11 antall» (the session-22 trial)."""


def format_measure(value: float | None, unit: str | None) -> str:
    """A measured value with its unit; kroner as whole kroner: (1775616.4, 'kr') -> '1 775 616 kr',
    (12.5, 'liggedøgn') -> '12,5 liggedøgn', (11, 'antall') -> '11'."""
    if value is None:
        return "–"
    if is_kroner(unit):
        return format_kr(value)
    if (unit or "").strip().lower() in COUNT_UNITS:
        return format_decimal(value)
    return f"{format_decimal(value)} {unit}".rstrip() if unit else format_decimal(value)


def format_millions(value: int | float | None) -> str:
    """Large kroner on a chart's axis: 1_500_000 -> '1,5 mill.', 2_000_000 -> '2 mill.', 500_000 -> '500 000'."""
    if value is None:
        return "–"
    if abs(value) < 1_000_000:
        return format_int(value)
    number = format_decimal(round(value / 1_000_000, 2), 2)
    if "," in number:
        number = number.rstrip("0").rstrip(",")
    return f"{number} mill."


def format_month(value: date | datetime | None) -> str:
    """date(2025, 10, 3) -> 'okt. 2025'."""
    if value is None:
        return "–"
    return f"{MONTH_ABBR[value.month - 1]} {value.year}"


def format_date(value: date | datetime | None) -> str:
    """date(2025, 10, 3) -> '3. okt. 2025'."""
    if value is None:
        return "–"
    return f"{value.day}. {MONTH_ABBR[value.month - 1]} {value.year}"


def format_date_numeric(value: date | datetime | None) -> str:
    """date(2025, 10, 3) -> '03.10.2025'."""
    if value is None:
        return "–"
    return value.strftime("%d.%m.%Y")


def format_local_time(value: datetime | None) -> str:
    """A stored moment (UTC without zone) in Norwegian time, in the one date style of tables and hovers:
    datetime(2026, 11, 23, 9, 15) -> '23. nov. 2026 kl. 10.15'."""
    if value is None:
        return "–"
    local = value.replace(tzinfo=UTC).astimezone(LOCAL_ZONE)
    return f"{format_date(local)} kl. {local:%H.%M}"


def format_megabytes(size: int) -> str:
    """A file's size in MB as the upload messages write it: '5', '19,0'."""
    value = size / (1024 * 1024)
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")
