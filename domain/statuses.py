"""Milestone status values as project leaders write them, and their normalised form.

The text is stored as written; the code is what pages colour and count. Compound values
("Oppstart/pågående") take the most advanced part, in the order
planlegging < oppstart < pågående < ferdig. "Forsinket" (delayed) stands apart.
"""

from __future__ import annotations

import re

PLANNING = "planlegging"
STARTING = "oppstart"
IN_PROGRESS = "pagaende"
DONE = "ferdig"
DELAYED = "forsinket"
PLANNED = "planlagt"

STATUS_LABELS = {
    PLANNED: "Planlagt",
    PLANNING: "Planlegging",
    STARTING: "Oppstart",
    IN_PROGRESS: "Pågående",
    DONE: "Ferdig",
    DELAYED: "Forsinket",
}
STATUS_CODES = tuple(STATUS_LABELS)
_ORDER = [PLANNED, PLANNING, STARTING, IN_PROGRESS, DONE]

_WORDS = {
    "planlagt": PLANNED,
    "planlegging": PLANNING,
    "planlegges": PLANNING,
    "oppstart": STARTING,
    "startet": STARTING,
    "pågående": IN_PROGRESS,
    "pågår": IN_PROGRESS,
    "paagaaende": IN_PROGRESS,
    "pagaende": IN_PROGRESS,
    "ferdig": DONE,
    "fullført": DONE,
    "gjennomført": DONE,
    "forsinket": DELAYED,
}

ALLOWED_TEXT = "Ferdig, Pågående, Planlegging, Oppstart, Forsinket eller Planlagt"


def normalise_status(text: str | None) -> str | None:
    """Return the status code for a written status, or None when it is not recognised.

    >>> normalise_status(" Oppstart/pågående ")
    'pagaende'
    """
    if text is None:
        return None
    parts = [p.strip().lower() for p in re.split(r"[/,+&]| og ", str(text)) if p.strip()]
    if not parts:
        return None
    codes = [_WORDS.get(p) for p in parts]
    if any(code is None for code in codes):
        return None
    if DELAYED in codes:
        return DELAYED
    return max(codes, key=_ORDER.index)
