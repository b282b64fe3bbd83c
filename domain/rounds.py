"""Reporting round names: "Høst 2025", "Vår 2026"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.vocabulary import ACHIEVED, DONE, IN_PROGRESS, PLANNED

_ROUND = re.compile(r"^\s*(vår|høst)\s+((?:19|20)\d{2})\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class RoundName:
    season: str
    year: int

    @property
    def name(self) -> str:
        return f"{self.season.capitalize()} {self.year}"

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, 0 if self.season == "vår" else 1)


def parse_round_name(text: str | None) -> RoundName | None:
    """'høst 2025' -> RoundName('høst', 2025); anything else -> None."""
    match = _ROUND.match(text or "")
    if not match:
        return None
    return RoundName(match.group(1).lower(), int(match.group(2)))


def find_round_in_text(text: str) -> RoundName | None:
    """The round named in a title such as 'RAPPORT HØST 2025'."""
    match = re.search(r"\b(vår|høst)\s+((?:19|20)\d{2})\b", text, re.IGNORECASE)
    return RoundName(match.group(1).lower(), int(match.group(2))) if match else None


SEASON_ENDS = {"vår": (6, 30), "høst": (12, 31)}

EXAMPLE_DEADLINES = {"vår": (4, 15), "høst": (10, 15)}
"""A usual deadline in each season, for the new-round form's examples (not a rule)."""


def next_round_example(today: date, taken: Iterable[str] = ()) -> tuple[str, date]:
    """The first round whose usual deadline is after ``today`` and whose name is not ``taken``, with that
    deadline, as the new-round form's example: 24.11.2026 -> ("Vår 2027", 15.04.2027); 20.04.2027 ->
    ("Høst 2027", 15.10.2027); with «Vår 2027» taken on 24.11.2026 -> ("Høst 2027", 15.10.2027)."""
    taken_names = {name.strip().casefold() for name in taken}
    year = today.year
    while True:
        for season in ("vår", "høst"):
            deadline = date(year, *EXAMPLE_DEADLINES[season])
            name = RoundName(season, year).name
            if deadline > today and name.casefold() not in taken_names:
                return name, deadline
        year += 1


def reference_date(
    *, season: str, year: int, is_open: bool, report_date: date | None, deadline: date | None, today: date
) -> date:
    """The day a round's figures are judged on: what is overdue, and every other date-dependent rule.

    The open round is judged on today; a closed or past round on its report's date (an imported report),
    else its deadline, else the end of its season (never later than today). So a document for a past round
    says the same whenever it is made.
    """
    if is_open:
        return today
    if report_date is not None:
        return report_date
    if deadline is not None:
        return deadline
    month, day = SEASON_ENDS.get(season, (12, 31))
    return min(date(year, month, day), today)


NOT_REPORTED = "ikke rapportert"
"""A project without an approved report in the round shown (the matrix's marker, its change column)."""


def not_reported(round_name: str | None, source_round: str | None) -> str:
    """Why a project's figures are not from the round shown: 'ikke rapportert i Vår 2026; siste godkjente
    rapport er fra Høst 2025'."""
    where = f"{NOT_REPORTED} i {round_name}" if round_name else NOT_REPORTED
    if source_round:
        return f"{where}; siste godkjente rapport er fra {source_round}"
    return f"{where}; ingen godkjent rapport ennå"


def not_reported_short(source_round: str | None) -> str:
    """A project's marker in a table of a round it did not report in: 'ikke rapportert; tall fra Høst 2025'."""
    return f"{NOT_REPORTED}; {figures_taken_from(source_round)}"


def figures_taken_from(source_round: str | None) -> str:
    """Where an unreported project's figures come from, for a row whose suggestion already says «Mangler rapport:
    ikke rapportert i Vår 2026»: 'tall fra Høst 2025'."""
    return f"tall fra {source_round}" if source_round else "ingen godkjent rapport"


def stage(status: str | None, kind: str) -> str:
    """Where a milestone stands, by the one rule every count, table and figure uses: DONE when reported done,
    PLANNED when reported «Planlagt» or, with no status, of type «Planlagt», else IN_PROGRESS. The status the
    leader reports wins over the type (trial 25b: M11 of type «Planlagt» reported «Pågående» was «Pågående» on the
    pages and «planlagt» in the matrix and the report, and a «Ferdig» one stood among «Planlagte milepæler»)."""
    if status == DONE:
        return DONE
    if status == PLANNED or (status is None and kind != ACHIEVED):
        return PLANNED
    return IN_PROGRESS


STAGE_WORDS = {DONE: "ferdig", IN_PROGRESS: "pågående", PLANNED: "planlagt"}
"""How a stage is named in a sentence («regnes som pågående»)."""


def overdue(*, status: str | None, period_end: date | None, as_of: date) -> bool:
    """A milestone is overdue ("forfalt") when its period ended before the day the round is judged on and it is
    not reported done. Whether it is *delayed* ("forsinket") is a status the project reports, not this."""
    return status != DONE and period_end is not None and period_end < as_of
