"""Reporting round names: "Høst 2025", "Vår 2026"."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
