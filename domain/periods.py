"""Parse Norwegian milestone periods ("Vår 2025", "Jan/feb 2025", "2026–2027") into dates.

Project leaders write periods free-hand. We keep the text exactly as written and derive a
start and end date where the text allows it without guessing. When it does not, the parser
returns the reason instead of a date, so the UI can list the milestone as unplaced.

Boundaries chosen (documented in docs/periods.md):

* ``vår YYYY``   = 1 January – 30 June (first half of the year, the spring semester)
* ``høst YYYY``  = 1 July – 31 December (second half of the year)
* ``sommer YYYY`` = 1 June – 31 August
* ``jul YYYY`` (Christmas, only when paired with "nyttår") = December YYYY
* ``nyttår YYYY`` = January YYYY+1 (the new year that ends YYYY)
* ``før jul YYYY`` / ``innen jul YYYY`` = 1 January – 23 December YYYY
* ``før <period>`` / ``innen <period>`` = 1 January of that year – the end of <period>
* ``N. kvartal YYYY`` / ``QN YYYY`` = the quarter
* a month ("jan", "januar", "jan.") = the whole month; "jul"/"juli" alone is July
* a year = the whole year; ``YYYY–YYYY`` = 1 January of the first – 31 December of the last
* a date ``dd.mm.yyyy`` = that day
* a range ``A-B``, ``A/B``, ``A til B``: start of A – end of B; when only B has a year,
  A takes B's year. A range whose start falls after its end is refused, never wrapped.
* "vinter" is refused: it straddles a year boundary and nobody agrees which.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1,
    "januar": 1,
    "feb": 2,
    "febr": 2,
    "februar": 2,
    "mar": 3,
    "mars": 3,
    "apr": 4,
    "april": 4,
    "mai": 5,
    "jun": 6,
    "juni": 6,
    "jul": 7,
    "juli": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "nov": 11,
    "november": 11,
    "des": 12,
    "desember": 12,
}

SEASONS = {
    "vår": ((1, 1), (6, 30)),
    "høst": ((7, 1), (12, 31)),
    "sommer": ((6, 1), (8, 31)),
}

_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")
_YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class Period:
    """A parsed period: both dates are inclusive."""

    start: date
    end: date


@dataclass(frozen=True)
class PeriodResult:
    """The outcome of parsing: a period, or the reason why there is none."""

    text: str | None
    period: Period | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.period is not None

    @property
    def start(self) -> date | None:
        return self.period.start if self.period else None

    @property
    def end(self) -> date | None:
        return self.period.end if self.period else None


class _Unparseable(ValueError):
    pass


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _normalise(text: str) -> str:
    cleaned = _DASHES.sub("-", text.replace("\u00a0", " ")).strip().lower()
    cleaned = re.sub(r"\s+", " ", cleaned)
    cleaned = re.sub(r"\s*-\s*", "-", cleaned)
    cleaned = re.sub(r"\s*/\s*", "/", cleaned)
    return cleaned.strip(" .,;:")


def _split_year(term: str) -> tuple[str, int | None]:
    match = re.fullmatch(rf"(.*?)\s*({_YEAR})", term)
    if match:
        return match.group(1).strip(" ."), int(match.group(2))
    if other := re.fullmatch(r".*?\b(\d{4})", term):  # a year, but not one a project runs in (trial 26a: 1899)
        raise _Unparseable(f"årstallet {other.group(1)} er utenfor 2000–2100")
    return term.strip(" ."), None


def _term(word: str, year: int, paired_with_new_year: bool = False) -> Period:
    """One named span of time in a known year."""
    word = word.strip(" .")
    if word == "":
        return Period(date(year, 1, 1), date(year, 12, 31))
    if word == "jul" and paired_with_new_year:
        return Period(date(year, 12, 1), date(year, 12, 31))
    if word == "nyttår":
        return Period(date(year + 1, 1, 1), date(year + 1, 1, 31))
    if word in MONTHS:
        month = MONTHS[word]
        return Period(date(year, month, 1), _month_end(year, month))
    if word in SEASONS:
        (m1, d1), (m2, d2) = SEASONS[word]
        return Period(date(year, m1, d1), date(year, m2, d2))
    quarter = re.fullmatch(r"(?:([1-4])\.? ?kvartal|q([1-4]))", word)
    if quarter:
        q = int(quarter.group(1) or quarter.group(2))
        return Period(date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
    if word == "vinter":
        raise _Unparseable("«vinter» kan bety både starten og slutten av året")
    raise _Unparseable(f"ukjent tidsangivelse «{word}»")


def _single(text: str, default_year: int | None = None, paired: bool = False) -> Period:
    day = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if day:
        try:
            d = date(int(day.group(3)), int(day.group(2)), int(day.group(1)))
        except ValueError as exc:
            raise _Unparseable(f"datoen «{text}» finnes ikke") from exc
        return Period(d, d)
    word, year = _split_year(text)
    if year is None:
        year = default_year
    if year is None:
        raise _Unparseable("mangler årstall")
    return _term(word, year, paired)


def _parse(text: str) -> Period:
    before = re.fullmatch(r"(?:før|innen) (.+)", text)
    if before:
        rest = before.group(1)
        word, year = _split_year(rest)
        if year is None:
            raise _Unparseable("mangler årstall")
        if word == "jul":
            return Period(date(year, 1, 1), date(year, 12, 23))
        inner = _parse(rest)
        return Period(date(inner.end.year, 1, 1), inner.end)

    parts = re.split(r"-|/| til ", text)
    if len(parts) == 1:
        return _single(text)
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise _Unparseable("uklart tidsrom")
    left, right = (p.strip() for p in parts)
    paired = right.startswith("nyttår")
    right_period = _single(right, paired=paired)
    right_word, right_year = _split_year(right)
    left_word, left_year = _split_year(left)
    if left_year is None and re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}", right):
        raise _Unparseable("uklart tidsrom")
    default_year = right_year if right_year is not None else right_period.end.year
    if left_year is None and right_word == "":
        raise _Unparseable("uklart tidsrom")
    if paired and left_year is None:
        default_year = right_year
    left_period = _single(left, default_year=default_year, paired=paired)
    if left_period.start > right_period.end:
        raise _Unparseable("starten av tidsrommet ligger etter slutten")
    return Period(left_period.start, right_period.end)


def parse_period(text: str | None) -> PeriodResult:
    """Parse a period string as written by a project leader; never guess.

    >>> parse_period("Jan/feb 2025").period
    Period(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 2, 28))
    """
    if text is None or not str(text).strip():
        return PeriodResult(text, None, "ingen periode oppgitt")
    raw = str(text)
    try:
        period = _parse(_normalise(raw))
    except _Unparseable as exc:
        return PeriodResult(raw, None, str(exc))
    return PeriodResult(raw, period)
