"""Read kroner amounts as the secretariat writes them, keeping every word they add.

The report prints "2.295.000 kr"; others write "2 295 000 kr" (plain, non-breaking or thin
spaces), "kr 2 295 000,-", or a number followed by words: "125.000 kr + (lønnsutgifter …)".
We keep the first number and the words around it, and refuse what is not a whole amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.formatting import structured_value

_SPACES = "\u0020\u00a0\u202f\u2009\u2007"
_NUMBER = re.compile(
    rf"(?P<sign>[-\u2212\u2013]\s*)?(?:kr\.?\s*)?"
    rf"(?P<num>\d{{1,3}}(?:[.{_SPACES}]\d{{3}})+|\d+)"
    rf"(?P<dec>,\d+|,-)?",
    re.IGNORECASE,
)
_KR_SUFFIX = re.compile(r"^\s*(?:kr\.?|nok)(?=\W|$)", re.IGNORECASE)
_EXPONENT = re.compile(r"^(?:[.,]\d*)?[eE][-+]?\d")
"""Right after a number: '1e308', '1.5e3' are a number written with an exponent, never a whole amount."""


@dataclass(frozen=True)
class Amount:
    """An amount as given: the number in whole kroner (or None) and any words around it."""

    value: int | None
    note: str | None = None

    @property
    def has_value(self) -> bool:
        return self.value is not None


class AmountError(ValueError):
    """The cell holds something that is not a usable amount; the message is Norwegian."""


def _clean_note(text: str) -> str | None:
    note = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    return note or None


def parse_amount(raw: object, *, allow_text: bool = False) -> Amount:
    """Parse one cell. Empty gives ``Amount(None)``.

    With ``allow_text`` a cell of words only is kept as a note; without it, it is an error.
    Negative and fractional amounts are errors: grants and spending are whole, non-negative
    kroner, and we never round a figure we were given.
    """
    if raw is None:
        return Amount(None)
    if (structured := structured_value(raw)) is not None:
        raise AmountError(f"«{structured}» er ikke et beløp")
    if isinstance(raw, (int, float, Decimal)):
        return _from_number(raw)
    text = str(raw)
    if not text.strip():
        return Amount(None)
    match = _NUMBER.search(text)
    if match is None:
        if allow_text:
            return Amount(None, _clean_note(text))
        raise AmountError(f"fant ikke et beløp i «{text.strip()}»")
    sign = match.group("sign")
    if sign and (not text[: match.start()].strip() or not sign[-1].isspace()):
        # '-5 000' or 'ca. -5 000': a minus written against the number is a negative amount, whatever words
        # come before it (a dash between words and a number, 'Uvisst – 5 000', stays a note)
        raise AmountError(f"beløpet kan ikke være negativt, fant «{text.strip()[:60]}»")
    if _EXPONENT.match(text[match.end() :]):
        raise AmountError(f"skriv beløpet som hele kroner uten eksponent, fant «{text.strip()[:60]}»")
    dec = match.group("dec")
    if dec and dec != ",-" and int(dec[1:]) != 0:
        raise AmountError(f"beløpet må være hele kroner, fant «{text.strip()[:60]}»")
    value = int(re.sub(rf"[.{_SPACES}]", "", match.group("num")))
    before = text[: match.start()]
    if match.group("sign"):
        before += match.group("sign")
    after = _KR_SUFFIX.sub("", text[match.end() :], count=1)
    before = re.sub(r"^\s*(?:kr\.?|nok)\s*$", "", before, flags=re.IGNORECASE)
    note = _clean_note(f"{before} {after}")
    return Amount(value, note)


def _from_number(raw: int | float | Decimal) -> Amount:
    try:
        number = Decimal(str(raw))
    except InvalidOperation as exc:
        raise AmountError(f"«{raw}» er ikke et beløp") from exc
    if not number.is_finite():
        raise AmountError(f"«{raw}» er ikke et beløp")
    if number < 0:
        raise AmountError(f"beløpet kan ikke være negativt, fant «{format_plain(number)}»")
    if number != number.to_integral_value():
        raise AmountError(f"beløpet må være hele kroner, fant «{format_plain(number)}»")
    return Amount(int(number))


def format_plain(number: Decimal) -> str:
    return str(number).replace(".", ",")
