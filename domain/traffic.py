"""Traffic-light status of a project, computed from data, with the reasons spelled out.

Rules (docs/decisions.md):

* red    – spending rate under 10 % of everything granted so far, or 3 or more overdue
           milestones, or progress score 0;
* yellow – spending rate under 25 %, or at least one overdue milestone, or progress score 1, or
           "leverer mål og gevinster" 4 or lower, or a printed figure that breaks its formula (the SSU
           suggestion's rule too: trial 24a saw «Grønn, ingen varsler» beside «Justere: … bryter formlene»);
* green  – none of the above.

Ended projects get no light; a project that did not report in the round gets «Ikke rapportert» (never green
for lack of data). The label always carries text and a symbol, never colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.formatting import format_percent
from domain.rounds import not_reported
from domain.vocabulary import DELIVERS, ILLUSTRATIVE, PROGRESS, SCORE_DIMENSION

RED, YELLOW, GREEN, NONE, NOT_REPORTED = "rod", "gul", "gronn", "ingen", "ikke-rapportert"
LABELS = {RED: "Rød", YELLOW: "Gul", GREEN: "Grønn", NONE: "–", NOT_REPORTED: "Ikke rapportert"}
SYMBOLS = {RED: "■", YELLOW: "▲", GREEN: "●", NONE: "", NOT_REPORTED: "◌"}


@dataclass(frozen=True)
class Light:
    level: str
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{SYMBOLS[self.level]} {LABELS[self.level]}".strip()


def traffic_light(
    *,
    active: bool,
    spending_rate: float | None,
    overdue: int,
    progress: int | None,
    delivers: int | None,
    reported: bool = True,
    round_name: str | None = None,
    source_round: str | None = None,
    illustrative: bool = False,
    findings: tuple[str, ...] = (),
) -> Light:
    if not active:
        return Light(NONE, ("Avsluttet prosjekt",))
    if not reported:
        return Light(NOT_REPORTED, (not_reported(round_name, source_round),))
    marked = f" ({ILLUSTRATIVE})" if illustrative else ""
    red: list[str] = []
    yellow: list[str] = []
    if spending_rate is not None:
        text = f"forbruk {format_percent(spending_rate)} av innvilget"
        if spending_rate < 0.10:
            red.append(text)
        elif spending_rate < 0.25:
            yellow.append(text)
    if overdue >= 3:
        red.append(f"{overdue} milepæler forfalt")
    elif overdue >= 1:
        yellow.append(f"{overdue} {'milepæl' if overdue == 1 else 'milepæler'} forfalt")
    if progress == 0:
        red.append(SCORE_DIMENSION[PROGRESS].stated(0) + marked)
    elif progress == 1:
        yellow.append(SCORE_DIMENSION[PROGRESS].stated(1) + marked)
    if delivers is not None and delivers <= 4:
        yellow.append(SCORE_DIMENSION[DELIVERS].stated(delivers) + marked)
    if findings:
        yellow.append("oppgitte tall bryter formlene: " + ", ".join(findings))
    if red:
        return Light(RED, tuple(red + yellow))
    if yellow:
        return Light(YELLOW, tuple(yellow))
    return Light(GREEN, ("ingen varsler",))
