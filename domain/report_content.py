"""What a project leader reports in a round, and how one report is read from rows of values.

The Excel template and the web form hand their rows to the same ``ContentReader``, so both apply
exactly the same rules (``domain.validation``) and build the same ``ReportContent``; only where a
problem is shown differs (sheet and cell, or field and row), which the caller says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace

from domain.validation import (
    blank,
    check_cell_text,
    check_code,
    check_date,
    check_kind,
    check_number,
    check_period,
    check_reported_amount,
    check_score,
    check_status,
)
from domain.vocabulary import SCORE_DIMENSION, next_milestone_code


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
            spent_total=data.get("spent_total"),
            future_use=data.get("future_use"),
            milestones=[ReportedMilestone(**m) for m in data.get("milestones", [])],
            scores=[ReportedScore(**s) for s in data.get("scores", [])],
            kpi_values=[ReportedKpiValue(**k) for k in data.get("kpi_values", [])],
            narratives=dict(data.get("narratives", {})),
            kpi_targets=[ReportedKpiTarget(**t) for t in data.get("kpi_targets", [])],
        )

    @property
    def kpi_ids(self) -> set[int]:
        return {k.kpi_id for k in self.kpi_values} | {t.kpi_id for t in self.kpi_targets}


def undescribed(milestones: Iterable[tuple[str, str | None]]) -> frozenset[str]:
    """The codes of the milestones, given as (code, description), that have no description."""
    return frozenset(code for code, description in milestones if not (description or "").strip())


DESCRIPTION_MAX = 4_000
"""The longest milestone description, score justification or reason for a new target (a few paragraphs)."""

Report = Callable[[object, str, str], None]
"""How a reader reports a problem: (row, column key, Norwegian message); the caller maps row and column
to a cell or a field."""


class ContentReader:
    """Reads one report, row by row, into ``content``; every problem goes to ``report``."""

    def __init__(self, report: Report, undescribed: frozenset[str] = frozenset(), *, draft: bool = False) -> None:
        """``undescribed``: codes of milestones stored without a description (a hand-made report may have left
        it blank); such a milestone may stay blank, so an unchanged template or form is never refused for a
        gap the leader did not make. A new milestone needs its description.
        ``draft``: a draft is half-finished work: a missing justification or description is allowed (kept empty) and
        asked for when the report is sent in (trial 25b: «Lagre utkast» refused a score without its reason)."""
        self.content = ReportContent()
        self._report = report
        self._codes: dict[str, str] = {}
        self._undescribed = undescribed
        self._draft = draft
        self._unnumbered: list[tuple[int, str]] = []  # (index in content.milestones, where) of new rows without code

    def amount(self, row: object, attr: str, raw: object, label: str) -> None:
        """Spent so far ('spent_total') or planned use of what remains ('future_use'), in whole kroner."""
        amount, error = check_reported_amount(raw, label)
        if error:
            self._report(row, "value", error)
        setattr(self.content, attr, amount)

    def milestone(self, row: object, cells: dict[str, object], where: str) -> None:
        """A milestone row: code, description, period, status and kind ('Oppnådd' or 'Planlagt').
        ``where`` names the row in a message about a code used twice."""
        if all(blank(cells.get(k)) for k in ("code", "description", "period", "status", "kind")):
            return
        code, code_error = None, None
        if not blank(cells.get("code")):  # a new row's blank code is numbered when every row is read (finish)
            code, code_error = check_code(cells.get("code"))
        if code_error:
            self._report(row, "code", code_error)
        elif code in self._codes:
            self._report(row, "code", f"Milepælkoden {code} står to ganger (også i {self._codes[code]}).")
        elif code is not None:
            self._codes[code] = where
        description, error = check_cell_text(cells.get("description"), "Beskrivelse", max_length=DESCRIPTION_MAX)
        may_be_blank = code in self._undescribed or self._draft
        if error or not (description or may_be_blank):
            self._report(row, "description", error or "Beskrivelse mangler.")
        period, error = check_period(cells.get("period"))
        if error:
            self._report(row, "period", error)
        status_raw = None if blank(cells.get("status")) else cells.get("status")
        kind, error = check_kind(cells.get("kind"), status_raw)
        if error:
            self._report(row, "kind", error)
        status = None
        if kind == "achieved" or status_raw:
            status, error = check_status(status_raw)
            if error:
                self._report(row, "status", error)
        if code is None and not code_error and (description or (may_be_blank and not error)):
            self._unnumbered.append((len(self.content.milestones), where))
            code = ""
        if code is not None and (description or (may_be_blank and not error)):
            self.content.milestones.append(
                ReportedMilestone(code, description or "", period, status, kind or "planned")
            )

    def finish(self) -> list[str]:
        """Numbers the new milestones written without a code, after the highest code in the report, in the order
        they were written (a leader should not have to work out «M13»); returns the codes given."""
        given = []
        for index, where in self._unnumbered:
            code = next_milestone_code(self._codes)
            self._codes[code] = where
            self.content.milestones[index] = replace(self.content.milestones[index], code=code)
            given.append(code)
        self._unnumbered = []
        return given

    def score(self, row: object, dimension: str, raw: object, justification: object) -> None:
        """A score on the dimension's scale, with a justification."""
        if blank(raw) and blank(justification):
            return
        value, error = check_score(dimension, raw)
        if error:
            self._report(row, "value", error)
        justification, error = check_cell_text(justification, "Begrunnelse", max_length=DESCRIPTION_MAX)
        if error:
            self._report(row, "justification", error)
        elif not justification and not self._draft:
            self._report(
                row,
                "justification",
                f"Begrunnelse mangler for {SCORE_DIMENSION[dimension].in_sentence}."
                if dimension in SCORE_DIMENSION
                else "Begrunnelse mangler.",
            )
        if any(s.dimension == dimension for s in self.content.scores):  # trial 26a: the last of two rows won
            label = SCORE_DIMENSION[dimension].label if dimension in SCORE_DIMENSION else dimension
            self._report(row, "value", f"{label} står to ganger; gi poeng én gang.")
            return
        if value is not None and (justification or (self._draft and justification is not None)):
            self.content.scores.append(ReportedScore(dimension, value, justification))

    def kpi_value(self, row: object, kpi_id: int, name: str, when_raw: object, value_raw: object) -> None:
        """A new measurement of an indicator: its date and value."""
        if blank(when_raw) and blank(value_raw):
            return
        when, error = check_date(when_raw, "Dato for ny måling", required=True)
        if error:
            self._report(row, "date", error)
        number, error = check_number(value_raw, "Ny verdi", required=True)
        if error:
            self._report(row, "value", error)
        if when and number is not None:
            self.content.kpi_values.append(ReportedKpiValue(kpi_id, name, when.isoformat(), number))

    def kpi_target(
        self, row: object, kpi_id: int, name: str, target_raw: object, date_raw: object, reason: object
    ) -> None:
        """A revised target with its reason (the earlier target is kept)."""
        if blank(target_raw) and blank(date_raw) and blank(reason):
            return
        target, error = check_number(target_raw, "Nytt mål", required=True)
        if error:
            self._report(row, "new_target", error)
        target_date, error = check_date(date_raw, "Ny måldato")
        if error:
            self._report(row, "new_target_date", error)
        reason, error = check_cell_text(reason, "Begrunnelse", max_length=DESCRIPTION_MAX)
        if error or not reason:
            self._report(row, "reason", error or "Skriv en begrunnelse for det nye målet; det gamle målet tas vare på.")
        if target is not None and reason:
            self.content.kpi_targets.append(
                ReportedKpiTarget(kpi_id, name, target, target_date.isoformat() if target_date else None, reason)
            )

    def narrative(self, kind: str, text: object, row: object) -> None:
        """A free text (a text that cannot be stored is reported at ``row``)."""
        checked, error = check_cell_text(text, "Teksten")
        if error:
            self._report(row, "text", error)
        if checked:
            self.content.narratives[kind] = checked
