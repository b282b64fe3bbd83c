"""The report's money figures, computed in one place, each with three values of one meaning each.

Formulas (report section 6; names and formula texts in ``domain.vocabulary``):

* TGM, total remaining = granted per year × years granted − total spent
* VM, carried over     = TGM − planned future use of TGM
* Sum next year        = granted per year + VM
* spending rate        = spent / everything granted so far

For every figure a project prints in tables 3 and 4 there are three values:

* **printed** (oppgitt): the number exactly as printed, with the words printed beside it (``note``);
* **expected** (kontroll): the figure's formula applied to the *printed* figures it depends on, so one
  wrong printed figure gives one finding, never a cascade;
* **computed** (beregnet): the figure from data: the allocations actually granted so far and the
  reported spending and future use, never from another printed derived figure.

Printed figures are never changed; a printed figure that differs from its expected value is a
finding. A value that cannot be computed (an input missing or printed only as words) is None and is
shown as such, never guessed. Every page, export, document and the CLI format these values and
compute nothing themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.formatting import format_kr
from domain.vocabulary import CARRY_OVER, ENVELOPE, NEXT_YEAR, REMAINING, RULE_NAMES

RULE_REMAINING, RULE_CARRY_OVER, RULE_NEXT_YEAR, RULE_ENVELOPE = (
    REMAINING.rule,
    CARRY_OVER.rule,
    NEXT_YEAR.rule,
    ENVELOPE.rule,
)


@dataclass(frozen=True)
class Printed:
    """A figure as printed: the whole kroner (None when only words were printed) and those words."""

    value: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Finding:
    """A printed figure that breaks its formula."""

    project: str
    rule: str
    reported: int
    computed: int
    message: str

    @property
    def difference(self) -> int:
        return self.reported - self.computed

    @property
    def label(self) -> str:
        return RULE_NAMES[self.rule].label

    @property
    def formula(self) -> str:
        return RULE_NAMES[self.rule].formula or ""

    def as_dict(self) -> dict:
        return {
            "project": self.project,
            "rule": self.rule,
            "reported": self.reported,
            "computed": self.computed,
            "message": self.message,
        }


@dataclass(frozen=True)
class MoneyFigure:
    """One figure of one project in one round: printed (with its note), expected (the check on the
    printed figures) and computed (from data)."""

    key: str
    printed: int | None = None
    note: str | None = None
    expected: int | None = None
    computed: int | None = None
    finding: Finding | None = None
    expected_reason: str | None = None
    """Why there is no expected value: which printed figure it needs is missing or only words."""
    computed_reason: str | None = None
    """Why there is no computed value: which input from the data is missing."""

    @property
    def was_printed(self) -> bool:
        return self.printed is not None or bool(self.note)

    @property
    def agrees(self) -> bool:
        """The printed figure agrees with its formula on the other printed figures."""
        return self.printed is not None and self.expected is not None and self.printed == self.expected


@dataclass(frozen=True)
class MoneyInputs:
    """What one project's figures are computed from (plain data read by the data layer)."""

    project: str
    granted_per_year: int | None
    years: int
    allocations_total: int | None
    """The sum of the allocations actually granted from the scheme's first year to the round's year."""
    spent: Printed = Printed()
    remaining: Printed = Printed()
    future_use: Printed = Printed()
    carry_over: Printed = Printed()
    next_year_total: Printed = Printed()
    granted_note: str | None = None
    checked: bool = True
    """Ended projects' printed figures are not checked (the report prints them for the record)."""


@dataclass(frozen=True)
class ProjectMoney:
    """Every money figure of one project in one round."""

    granted_per_year: MoneyFigure
    years: int
    granted_total: int | None
    spent: MoneyFigure
    spending_rate: float | None
    remaining: MoneyFigure
    future_use: MoneyFigure
    carry_over: MoneyFigure
    next_year_total: MoneyFigure
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    unchecked: tuple[str, ...] = ()
    """The rules (``RULE_NAMES`` keys) of printed figures whose formula cannot be applied to the other printed
    figures (an input only words or missing): neither «stemmer» nor an avvik, never «ingen avvik» (trial 24a)."""

    def figure(self, key: str) -> MoneyFigure:
        return {
            f.key: f
            for f in (
                self.granted_per_year,
                self.spent,
                self.remaining,
                self.future_use,
                self.carry_over,
                self.next_year_total,
            )
        }[key]


Known = tuple[int | None, str | None]
"""A value, or None and the reason it cannot be had (in Norwegian)."""


def _short(note: str, limit: int = 50) -> str:
    return note if len(note) <= limit else note[: limit - 1].rstrip() + "…"


def _input(printed: Printed, what: str) -> Known:
    """A printed input to a formula: its number, or why there is none."""
    if printed.value is not None:
        return printed.value, None
    if printed.note:
        return None, f"{what} er ikke oppgitt som tall («{_short(printed.note)}»)"
    return None, f"{what} er ikke oppgitt"


QUALIFIER_SIGNS = ("+", "-", "–", "−")


def qualified(printed: Printed) -> bool:
    """A number printed with words that add or subtract something more ("9 279 795 kr – fremtidig bruk")."""
    return printed.value is not None and bool(printed.note) and printed.note.lstrip().startswith(QUALIFIER_SIGNS)


def _derived_input(printed: Printed, own_check: Known, what: str) -> Known:
    """A printed derived figure as input to the next formula. Used as printed (checks never cascade), except a
    qualified number whose own formula cannot be evaluated either: "9 279 795 kr – fremtidig bruk" where the
    future use is only words is not a number to build on (decision 33)."""
    if qualified(printed) and own_check[0] is None:
        return None, f"{what} er oppgitt som «{format_kr(printed.value)} {_short(printed.note)}», og {own_check[1]}"
    return _input(printed, what)


def _value(value: int | None, reason: str) -> Known:
    return (value, None) if value is not None else (None, reason)


def _minus(a: Known, b: Known) -> Known:
    if a[0] is None or b[0] is None:
        return None, a[1] or b[1]
    return a[0] - b[0], None


def _plus(a: Known, b: Known) -> Known:
    if a[0] is None or b[0] is None:
        return None, a[1] or b[1]
    return a[0] + b[0], None


def _finding(project: str, rule: str, reported: int, expected: int, caveat: str | None = None) -> Finding:
    name = RULE_NAMES[rule]
    message = (
        f"{name.label} er oppgitt til {format_kr(reported)}, men {name.formula} gir {format_kr(expected)} "
        f"(avvik {format_kr(reported - expected, signed=True)})."
    )
    return Finding(project, rule, reported, expected, f"{message} {caveat}" if caveat else message)


def _qualified_caveat(printed: Printed, what: str) -> str | None:
    """Said beside a finding whose check used a number printed with words that add to it (trial 24a: «125 000 kr
    + (lønnsutgifter …)» counted as 125 000 kr gave an avvik of −900 000 kr, and the words were not mentioned)."""
    if not qualified(printed):
        return None
    return f"{what} er oppgitt som «{format_kr(printed.value)} {_short(printed.note)}»; bare tallet er regnet med."


def _figure(
    key: str,
    printed: Printed,
    expected: Known,
    computed: Known,
    project: str,
    rule: str | None,
    check: bool,
    caveat: str | None = None,
) -> MoneyFigure:
    finding = None
    if check and rule and printed.value is not None and expected[0] is not None and printed.value != expected[0]:
        finding = _finding(project, rule, printed.value, expected[0], caveat)
    return MoneyFigure(key, printed.value, printed.note, expected[0], computed[0], finding, expected[1], computed[1])


def project_money(inputs: MoneyInputs) -> ProjectMoney:
    """Every figure of one project: printed, expected from the printed figures, and computed from data."""
    g = _value(inputs.granted_per_year, "innvilget sum årlig mangler")
    years = inputs.years
    spent = _input(inputs.spent, "brukte midler")
    if inputs.spent.value is None and not inputs.spent.note:
        spent = (None, "brukte midler er ikke rapportert")
    granted_times_years = _value(g[0] * years if g[0] is not None else None, g[1] or "")
    granted_total = (inputs.allocations_total, None) if inputs.allocations_total is not None else granted_times_years
    future = _input(inputs.future_use, "fremtidig bruk")

    remaining_computed = _minus(granted_total, spent)
    carry_computed = _minus(remaining_computed, future)
    check = inputs.checked
    remaining_check = _minus(granted_times_years, spent)
    remaining = _figure(
        REMAINING.key,
        inputs.remaining,
        remaining_check,
        remaining_computed,
        inputs.project,
        RULE_REMAINING,
        check,
    )
    carry_check = _minus(_derived_input(inputs.remaining, remaining_check, "TGM"), future)
    carry = _figure(
        CARRY_OVER.key,
        inputs.carry_over,
        carry_check,
        carry_computed,
        inputs.project,
        RULE_CARRY_OVER,
        check,
        _qualified_caveat(inputs.future_use, "Fremtidig bruk"),
    )
    next_year = _figure(
        NEXT_YEAR.key,
        inputs.next_year_total,
        _plus(g, _derived_input(inputs.carry_over, carry_check, "VM")),
        _plus(g, carry_computed),
        inputs.project,
        RULE_NEXT_YEAR,
        check,
    )
    rate = spent[0] / granted_total[0] if spent[0] is not None and granted_total[0] else None
    checked_figures = ((remaining, RULE_REMAINING), (carry, RULE_CARRY_OVER), (next_year, RULE_NEXT_YEAR))
    findings = tuple(f.finding for f, _rule in checked_figures if f.finding is not None)
    unchecked = tuple(rule for f, rule in checked_figures if check and f.was_printed and f.expected is None)
    return ProjectMoney(
        granted_per_year=MoneyFigure("granted_per_year", inputs.granted_per_year, inputs.granted_note),
        years=years,
        granted_total=granted_total[0],
        spent=MoneyFigure("spent_total", inputs.spent.value, inputs.spent.note),
        spending_rate=rate,
        remaining=remaining,
        future_use=MoneyFigure("future_use", inputs.future_use.value, inputs.future_use.note),
        carry_over=carry,
        next_year_total=next_year,
        findings=findings,
        unchecked=unchecked,
    )


def check_envelope(year: int, envelope: int, allocations_total: int) -> Finding | None:
    """Allocations of one year must not exceed the scheme's yearly envelope."""
    if allocations_total <= envelope:
        return None
    return Finding(
        f"Alle prosjekter {year}",
        RULE_ENVELOPE,
        allocations_total,
        envelope,
        f"Sum innvilget for {year} er {format_kr(allocations_total)}, som er mer enn rammen på {format_kr(envelope)}.",
    )
