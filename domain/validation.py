"""One check per kind of value a user gives us: amount, score, number, date, milestone code, period,
status, milestone kind, e-mail address and free text.

The report import, the reporting template and the web form all call these, so a value is accepted
or refused the same way wherever it comes from. Each check returns ``(clean value, None)`` or
``(None, a plain Norwegian sentence)``; the caller says where (sheet and cell, or field).
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

from domain.amounts import Amount, AmountError, parse_amount
from domain.formatting import format_int, structured_value
from domain.periods import parse_period
from domain.vocabulary import (
    MILESTONE_CODE_EXAMPLE,
    PLANNED,
    SCORE_DIMENSION,
    STATUS_ALLOWED_TEXT,
    milestone_code,
    milestone_kind,
    normalise_status,
    score_dimension_list,
)

PLAIN_VALUES = (str, int, float, Decimal, type(None))
"""What a cell or a form field can hold; anything else (a list or an object in a hand-made request) is refused."""


MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
"""A filled reporting template as uploaded in the browser: one is 15–30 kB, with a pasted picture a few hundred; a
larger file is not a template's (trial 26a: 15 MB of text within the general 20 MB limit cost a worker 350 MB, and
19 MB, base64-encoded, passed the request limit and failed without a word)."""


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(raw: object) -> str:
    """A value as it is quoted back in a message: '3' for 3.0, '1e+308' for a number too large to write out,
    «uendelig» and «ikke et tall» for what a spreadsheet may hold as infinity or NaN; text without outer spaces."""
    if raw is None:
        return ""
    if (structured := structured_value(raw)) is not None:
        return structured
    if isinstance(raw, float):
        if math.isnan(raw):
            return "ikke et tall"
        if math.isinf(raw):
            return "uendelig" if raw > 0 else "minus uendelig"
        if abs(raw) >= 1e15:  # 1e308 as «1e+308», not as 309 digits cut at 40
            return f"{raw:.6g}"
        if raw.is_integer():
            return str(int(raw))
        return repr(raw).replace(".", ",")  # «2,5», as the user wrote it in a Norwegian spreadsheet
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) >= 10**15:
        return f"{float(raw):.6g}"  # a spreadsheet's 1e308 read as a whole number (trial 26a: 20 digits quoted)
    return str(raw).strip()


def check_short_text(
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


MAX_AMOUNT = 2_000_000_000
"""The largest amount in kroner anyone may give (far above any grant or envelope; the money columns are 64-bit)."""


def check_amount(
    raw: object, label: str, *, allow_text: bool = False, required: bool = False
) -> tuple[Amount | None, str | None]:
    """Whole kroner from 0 to ``MAX_AMOUNT`` ('2.295.000 kr', '2 295 000', 1250000); no exponent ('1e308'), no
    minus ('ca. -5 000'), no NaN or infinity. With ``allow_text`` a cell of words only is kept as a note (a
    printed figure such as 'Uvisst')."""
    if not isinstance(raw, PLAIN_VALUES):
        return None, f"{label}: det som ble sendt, er ikke et beløp."
    try:
        amount = parse_amount(raw, allow_text=allow_text)
    except AmountError as exc:
        return None, f"{label}: {exc}."
    if required and amount.value is None:
        return None, f"{label} mangler et beløp."
    if amount.value is not None and amount.value > MAX_AMOUNT:
        shown_value = format_int(amount.value) if amount.value < 10**15 else f"«{shown(raw)[:20]}»"
        return None, (
            f"{label}: {shown_value} kr er mer enn {format_int(MAX_AMOUNT)} kr. "
            "Sjekk at beløpet er skrevet i hele kroner."
        )
    return amount, None


MAX_REPORTED_AMOUNT = MAX_AMOUNT
_RANGE = re.compile(r"^\s*(?:[-\u2212\u2013\u2014]|til)\s*(?:kr\.?\s*)?\d", re.IGNORECASE)
_ABOUT = re.compile(r"^\s*(?:ca\.?|cirka|omtrent|ca|rundt|om lag|anslagsvis|~)(?=\W|\d|$)", re.IGNORECASE)


_MILLIONS = re.compile(
    r"^\s*(?P<about>(?:ca\.?|cirka|omtrent|rundt|om lag)\s*)?(?P<number>\d{1,4}(?:[.,]\d{1,6})?)\s*"
    r"(?:mill(?:\.|ioner|ion)?|mnok)(?:\s*kr\.?)?\s*$",
    re.IGNORECASE,
)


def check_reported_amount(raw: object, label: str) -> tuple[int | None, str | None]:
    """An amount a project leader reports: whole kroner and nothing else. Words, ranges, «ca.» and «2,5 mill»
    are refused with a suggestion, since a number read out of them would be a guess we made for them."""
    if isinstance(raw, str) and (millions := _MILLIONS.match(raw)):
        value = round(float(millions["number"].replace(",", ".")) * 1_000_000)
        about = " Et anslag er greit; si i tekstene at det er et anslag." if millions["about"] else ""
        return (
            None,
            f"{label}: skriv beløpet i hele kroner, for eksempel {format_int(value)}, ikke «{raw.strip()}».{about}",
        )
    amount, error = check_amount(raw, label)
    if error:
        return None, error
    if amount.value is None:
        return None, None
    text = str(raw).strip()
    if amount.note:
        if _RANGE.match(amount.note):
            return None, (
                f"{label}: skriv ett beløp, ikke et spenn («{text[:60]}»). Bruk ditt beste anslag, for eksempel "
                f"{format_int(amount.value)}, og forklar usikkerheten i tekstene."
            )
        if about := _ABOUT.match(text):
            return None, (
                f"{label}: skriv beløpet uten «{about.group(0).strip()}» («{text[:60]}»). Et anslag er "
                f"greit: skriv for eksempel {format_int(amount.value)}, og si i tekstene at det er et anslag."
            )
        return None, (
            f"{label}: skriv bare beløpet i hele kroner, for eksempel 1 250 000, fant «{text[:60]}». "
            "Forklaringer hører hjemme i tekstene."
        )
    return amount.value, None


def check_score(dimension: str, raw: object) -> tuple[int | None, str | None]:
    """A whole number on the dimension's scale (0–3 or 0–10)."""
    scale = SCORE_DIMENSION.get(dimension)
    if scale is None:
        return None, f"Ukjent vurdering «{dimension}»; bruk {score_dimension_list()}."
    if blank(raw):
        return None, f"Poeng for {scale.in_sentence} mangler; skriv et heltall fra 0 til {scale.maximum}."
    whole_number = isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer())
    whole_text = isinstance(raw, str) and re.fullmatch(r"\s*\d{1,3}\s*", raw) is not None
    value = int(raw) if not isinstance(raw, bool) and (whole_number or whole_text) else None
    if value is None or not 0 <= value <= scale.maximum:
        return None, f"Poeng for {scale.in_sentence} må være et heltall fra 0 til {scale.maximum}, fant «{shown(raw)}»."
    return value, None


TEXT_MAX_LENGTH = 20_000
"""The longest text a chapter of the round report may hold (the longest chapter of the autumn 2025 report is
about 4 000 characters)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIRECTION = re.compile("[\u202d\u202e]")
"""The two characters that force the direction of the text after them, reversing what follows (trial 26a:
«‮gnirts desrever‬» showed reversed in the review). Arabic or Hebrew names need neither (their letters carry their
own direction), and the embedding and isolate marks that text copied from Outlook or Teams holds around a phone
number or a name stay allowed."""


def check_text(raw: object, label: str, *, max_length: int = TEXT_MAX_LENGTH) -> tuple[str | None, str | None]:
    """A free text: line breaks kept (as '\\n'), outer spaces removed, at most ``max_length`` characters and no
    control characters (a database refuses some, and no keyboard types them). Nothing is text too: ''."""
    if raw is None:
        return "", None
    if not isinstance(raw, str):
        return None, f"{label}: det som ble sendt, er ikke en tekst."
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > max_length:
        return None, f"{label} er for lang: {format_int(len(text))} tegn; høyst {format_int(max_length)} er tillatt."
    if _CONTROL.search(text) or not _encodable(text):
        return None, f"{label} inneholder tegn som ikke kan lagres (kontrolltegn); fjern dem og prøv igjen."
    if _DIRECTION.search(text):
        return None, (
            f"{label} inneholder usynlige tegn som snur skriveretningen (for eksempel U+202E); fjern dem og prøv igjen."
        )
    if not _visible(text):
        return "", None  # only invisible characters (a zero-width space): nothing was written
    return text, None


def _visible(text: str) -> bool:
    """True when ``text`` has a character that shows: not a space and not an invisible format character (zero-width
    space, word joiner, soft hyphen, byte order mark; the session-20 trial replaced a description with U+200B)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def check_cell_text(raw: object, label: str, *, max_length: int = TEXT_MAX_LENGTH) -> tuple[str | None, str | None]:
    """A text from a template cell or a form grid: text, or a number written in a text column (kept as
    shown, '3' for 3.0); a list, an object or a truth value from a hand-made request is refused, never turned
    into text. Then as ``check_text``."""
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        raw = shown(raw)
    if isinstance(raw, (datetime, date)):
        raw = raw.strftime("%d.%m.%Y")
    return check_text(raw, label, max_length=max_length)


def _encodable(text: str) -> bool:
    """False for a string with a lone surrogate (a hand-made request can send one; UTF-8 cannot hold it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


MAX_NUMBER = 1e12
"""The largest indicator value or target (by size) we accept: far above any count or rate a project measures."""


def check_number(raw: object, label: str, *, required: bool = False) -> tuple[float | None, str | None]:
    """A finite number no larger than ``MAX_NUMBER`` by size; '1 234,5' and '−3' are read the Norwegian way.
    Text with an exponent ('1e308'), NaN or infinity is refused: no keyboard writes a measurement so."""
    if blank(raw):
        return None, (f"{label} mangler." if required else None)
    wrong = f"{label} må være et tall, fant «{shown(raw)[:40]}»."
    if not isinstance(raw, PLAIN_VALUES):
        return None, f"{label} må være et tall."
    if isinstance(raw, bool):
        return None, wrong
    if isinstance(raw, (int, float, Decimal)):
        try:
            number = float(raw)
        except OverflowError:
            return None, wrong
    else:
        text = re.sub(r"[\s\u00a0\u202f]", "", str(raw)).replace(",", ".").replace("\u2212", "-")
        text = re.sub(r"(?i)kr\.?$", "", text)  # «1 800 000 kr» for an indicator in kroner, as money cells take
        if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", text):
            return None, wrong
        number = float(text)
    if not math.isfinite(number):
        return None, wrong
    if abs(number) > MAX_NUMBER:
        return None, f"{label}: «{shown(raw)[:40]}» er urimelig stort; høyst {format_int(int(MAX_NUMBER))} er tillatt."
    return number, None


FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)
"""Every date a user gives (deadlines, meetings, measurements, targets) lies in this century: 01.01.1899 or
31.12.9999 is a slip of the keyboard, not a plan."""


def check_date(
    raw: object, label: str, *, required: bool = False, periods: bool = False
) -> tuple[date | None, str | None]:
    """A day from ``FIRST_DAY`` to ``LAST_DAY`` (a date cell, 'dd.mm.åååå' or 'åååå-mm-dd'). With ``periods``
    a written period such as 'Des 2024' is accepted too and means its last day (for baseline and target
    dates)."""
    if not isinstance(raw, (*PLAIN_VALUES, date)) or isinstance(raw, bool):
        return None, f"{label}: det som ble sendt, er ikke en dato."
    day, error = _date(raw, label, required=required, periods=periods)
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        return None, (
            f"{label}: {day.strftime('%d.%m.')}{day.year:04d} er utenfor det som er mulig; skriv en dato mellom "
            f"{FIRST_DAY.strftime('%d.%m.%Y')} og {LAST_DAY.strftime('%d.%m.%Y')}."
        )
    return day, error


def _date(raw: object, label: str, *, required: bool, periods: bool) -> tuple[date | None, str | None]:
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
        return None, f"{label} «{text[:60]}» er ikke en dato eller periode ({parsed.reason})."
    return None, f"{label}: «{text[:60]}» er ikke en dato; skriv for eksempel 30.09.2025."


def _not_text(raw: object) -> bool:
    """A list, an object or a truth value where a cell or a form field holds text or a number (a hand-made
    request); it is refused, never turned into text such as "['Ferdig']"."""
    return isinstance(raw, bool) or not isinstance(raw, (*PLAIN_VALUES, date))


def check_code(raw: object) -> tuple[str | None, str | None]:
    """A milestone code by the one rule in the vocabulary ('M7')."""
    if _not_text(raw):
        return None, "Milepælkoden må være tekst, for eksempel «M7»."
    if blank(raw):  # trial 25b: «Milepælkoden «» er ikke gyldig»
        return None, f"Milepælkoden mangler; skriv M og et nummer, for eksempel «{MILESTONE_CODE_EXAMPLE}»."
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
    if _not_text(raw):
        return None, "Når må være tekst, for eksempel «Vår 2026»."
    if isinstance(raw, (datetime, date)):
        return raw.strftime("%d.%m.%Y"), None
    text = str(raw).strip()
    parsed = parse_period(text)
    if not parsed.ok:
        return None, (
            f"Når «{text[:60]}» kan ikke tolkes ({parsed.reason}); skriv for eksempel «Okt 2025», "
            "«Vår 2026», «Jan-mars 2026» eller en dato som 15.03.2026."
        )
    if not (parsed.start >= FIRST_DAY and parsed.end <= LAST_DAY):
        return None, f"Når «{text[:60]}» er utenfor det som er mulig; skriv en periode mellom år 2000 og 2100."
    return text, None


def check_status(raw: object, *, required: bool = True) -> tuple[str | None, str | None]:
    """A milestone status, kept as written once it is recognised."""
    if _not_text(raw):
        return None, f"Status må være tekst; velg {STATUS_ALLOWED_TEXT}."
    text = shown(raw)
    if not text:
        return None, (f"Status mangler; velg {STATUS_ALLOWED_TEXT}." if required else None)
    if normalise_status(text) is None:
        return None, f"Ukjent status «{text}»; velg {STATUS_ALLOWED_TEXT}."
    return text, None


def check_kind(raw: object, status_text: str | None) -> tuple[str | None, str | None]:
    """Achieved or planned; blank means achieved when a status other than «Planlagt» is given, else planned
    (the session-20 trial: a new row with status «Planlagt» and no type became «Oppnådd»)."""
    if _not_text(raw):
        return None, "Type må være Oppnådd eller Planlagt."
    if blank(raw):
        return ("achieved" if status_text and normalise_status(status_text) != PLANNED else "planned"), None
    kind = milestone_kind(raw)
    if kind is None:
        return None, f"Type må være Oppnådd eller Planlagt, fant «{shown(raw)}»."
    return kind, None


_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
MAX_EMAIL = 200
MAX_ADDRESSES = 20


def check_email(raw: object) -> tuple[str | None, str | None]:
    """One address, as a mail server takes it: ``navn@domene.no`` in plain ASCII, at most 200 characters.
    Stored in lower case, so the same address is never kept twice."""
    if not isinstance(raw, str):
        return None, "En e-postadresse må være tekst."
    text = raw.strip()
    if not text:
        return None, "E-postadressen mangler."
    if len(text) > MAX_EMAIL or not _EMAIL.fullmatch(text) or ".." in text or text.startswith("."):
        return None, f"«{text[:60]}» er ikke en gyldig e-postadresse; skriv for eksempel «navn@kommune.no»."
    return text.lower(), None


def check_emails(raw: object) -> tuple[list[str] | None, list[str]]:
    """Addresses written one per line or separated by commas, semicolons or spaces; an empty text is no
    address. Returns the addresses (in order, each once) or every problem found."""
    if raw is None:
        return [], []
    if not isinstance(raw, str):
        return None, ["Adressene må sendes som tekst, én adresse per linje."]
    addresses, problems = [], []
    for part in re.split(r"[\s,;]+", raw.strip()):
        if not part:
            continue
        address, error = check_email(part)
        if error:
            problems.append(error)
        elif address not in addresses:
            addresses.append(address)
    if len(addresses) > MAX_ADDRESSES:
        problems.append(f"Høyst {MAX_ADDRESSES} adresser per prosjekt.")
    return (None, problems) if problems else (addresses, [])
