"""Turn the tables found in a report workbook into validated plain records.

Every problem is collected with its sheet and cell; nothing is written here. Project names in
tables 2–4 may be shortened ("Hospiteringsordning"): they are matched to the projects of
table 1 (and those already in the database) and a name that matches none or several is an
error, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from domain.periods import parse_period
from domain.problems import Problem
from domain.validation import (
    check_amount,
    check_code,
    check_date,
    check_emails,
    check_number,
    check_score,
    check_status,
    shown,
)
from domain.vocabulary import (
    BUDGET_KINDS,
    CARRY_OVER,
    FUTURE_USE,
    GRANTED_PER_YEAR,
    NARRATIVE_KINDS,
    NEXT_YEAR,
    PLANNED,
    REMAINING,
    ROUND_TEXT_KINDS,
    SPENT,
    assessor,
    benefit_type,
    budget_kind,
    milestone_code,
    narrative_kind,
    normalise_status,
    round_text_kind,
    score_dimension,
    score_dimension_list,
)
from etl.workbook import Table, TableRow, clean_text, normalise_header


@dataclass
class ProjectRecord:
    name: str
    number: str | None = None
    owners: str | None = None
    leaders: str | None = None
    partners: str | None = None
    contacts: tuple[str, ...] = ()
    ended: bool = False
    in_table1: bool = False
    short_names: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class PrintedAmount:
    """A money figure as printed: the whole kroner, the cell's text exactly as given, and the words
    printed beside the number (parsed once, here)."""

    value: int | None
    text: str | None
    note: str | None


@dataclass
class FinanceRecord:
    project: str
    granted: PrintedAmount
    spent: PrintedAmount
    ended: bool
    refs: dict[str, str] = field(default_factory=dict)  # "Tabell 3!C4" per column key


@dataclass
class RemainingRecord:
    project: str
    figures: dict[str, PrintedAmount]
    refs: dict[str, str] = field(default_factory=dict)


@dataclass
class MilestoneRecord:
    project: str
    code: str
    sequence: int
    description: str
    period_text: str | None
    period_start: date | None
    period_end: date | None
    period_problem: str | None
    status_text: str | None
    status: str | None
    kind: str


@dataclass
class DetailRecord:
    project: str
    short_name: str | None
    planned_end: date | None
    planned_end_text: str | None
    target_groups: list[str]
    target_groups_illustrative: bool


@dataclass
class ApplicationLine:
    project: str
    year: int
    kind: str
    description: str | None
    amount: int


@dataclass
class ScoreRecord:
    project: str
    assessor: str
    dimension: str
    value: int
    justification: str | None
    illustrative: bool


@dataclass
class KpiRecord:
    project: str
    benefit: str
    benefit_type: str
    description: str | None
    owner: str | None
    organisation: str | None
    method: str | None
    frequency: str | None
    indicator: str
    unit: str
    baseline: float | None
    baseline_date: date | None
    target: float | None
    target_date: date | None
    illustrative: bool


@dataclass
class KpiValueRecord:
    project: str
    indicator: str
    period_date: date
    value: float
    illustrative: bool


@dataclass
class ParsedReport:
    projects: dict[str, ProjectRecord] = field(default_factory=dict)
    finances: list[FinanceRecord] = field(default_factory=list)
    remaining: list[RemainingRecord] = field(default_factory=list)
    milestones: list[MilestoneRecord] = field(default_factory=list)
    narratives: list[tuple[str, str, str]] = field(default_factory=list)
    round_texts: list[tuple[str, str]] = field(default_factory=list)
    details: list[DetailRecord] = field(default_factory=list)
    applications: list[ApplicationLine] = field(default_factory=list)
    scores: list[ScoreRecord] = field(default_factory=list)
    kpis: list[KpiRecord] = field(default_factory=list)
    kpi_values: list[KpiValueRecord] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "prosjekter": len(self.projects),
            "økonomi": len(self.finances),
            "gjenværende": len(self.remaining),
            "milepæler": len(self.milestones),
            "tekster": len(self.narratives) + len(self.round_texts),
            "detaljer": len(self.details),
            "søknadsposter": len(self.applications),
            "poeng": len(self.scores),
            "indikatorer": len(self.kpis),
            "måleverdier": len(self.kpi_values),
        }


def _key(name: str) -> str:
    text = re.sub(r"<[^>]+>", "", name)
    return normalise_header(text)


def display_name(raw: object) -> str | None:
    text = clean_text(raw)
    if text is None:
        return None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


class ProjectMatcher:
    """Match written project names (full or shortened) to known projects.

    A shortened name matches when it is the start of exactly one project's name (ignoring case,
    spaces and punctuation) and has at least MIN_PREFIX letters.
    """

    MIN_PREFIX = 5

    def __init__(self, names: list[str], short_names: dict[str, str] | None = None):
        self._names = list(dict.fromkeys(names))
        self._short = {(_key(s)): full for s, full in (short_names or {}).items()}

    def add(self, name: str) -> None:
        if name not in self._names:
            self._names.append(name)

    def match(self, written: str) -> tuple[str | None, list[str]]:
        """Return (name, []) on a unique match, else (None, candidates)."""
        key = _key(written)
        if not key:
            return None, []
        exact = [n for n in self._names if _key(n) == key]
        if len(exact) == 1:
            return exact[0], []
        if key in self._short:
            return self._short[key], []
        if len(key) < self.MIN_PREFIX:
            return None, []
        candidates = [n for n in self._names if _key(n).startswith(key)]
        if len(candidates) == 1:
            return candidates[0], []
        return None, candidates


def _problem(row: TableRow, key: str, message: str) -> Problem:
    ref = row.refs.get(key) or next(iter(row.refs.values()))
    sheet, cell = ref.split("!", 1)
    return Problem(sheet, cell, message)


def _amount(
    row: TableRow, key: str, label: str, problems: list, *, allow_text: bool, required: bool = False
) -> PrintedAmount:
    raw = row.values.get(key)
    amount, error = check_amount(raw, label, allow_text=allow_text, required=required)
    if error:
        problems.append(_problem(row, key, error))
        return PrintedAmount(None, None, None)
    text = clean_text(raw) if isinstance(raw, str) else None
    return PrintedAmount(amount.value, text, amount.note)


def parse_report(
    tables: list[Table], known_projects: dict[str, str | None], known_short_names: dict[str, str]
) -> tuple[ParsedReport, list[Problem]]:
    """Validate every table; ``known_projects`` maps names already in the database to numbers."""
    report = ParsedReport()
    problems: list[Problem] = []
    by_key: dict[str, list[Table]] = {}
    for table in tables:
        by_key.setdefault(table.spec.key, []).append(table)

    matcher = ProjectMatcher(list(known_projects), known_short_names)
    for table in by_key.get("projects", []):
        _parse_projects(table, report, problems, matcher)
    for table in by_key.get("finances", []):
        _parse_finances(table, report, problems, matcher)
    for table in by_key.get("details", []):
        _parse_details(table, report, problems, matcher)
    for table in by_key.get("remaining", []):
        _parse_remaining(table, report, problems, matcher)
    codes_seen: dict[tuple[str, str], str] = {}
    for key in ("milestones", "planned_milestones"):
        for table in by_key.get(key, []):
            _parse_milestones(table, report, problems, matcher, codes_seen, planned=key == "planned_milestones")
    for table in by_key.get("narratives", []):
        _parse_narratives(table, report, problems, matcher)
    for table in by_key.get("round_texts", []):
        _parse_round_texts(table, report, problems)
    for table in by_key.get("applications", []):
        _parse_applications(table, report, problems, matcher)
    for table in by_key.get("scores", []):
        _parse_scores(table, report, problems, matcher)
    for table in by_key.get("kpis", []):
        _parse_kpis(table, report, problems, matcher)
    known_indicators = {(k.project, _key(k.indicator)): k.indicator for k in report.kpis}
    for table in by_key.get("kpi_values", []):
        _parse_kpi_values(table, report, problems, matcher, known_indicators)
    return report, problems


def _resolve(row: TableRow, matcher: ProjectMatcher, problems: list, label: str) -> str | None:
    written = display_name(row.values.get("project"))
    if written is None:
        problems.append(_problem(row, "project", "Prosjektnavn mangler."))
        return None
    name, candidates = matcher.match(written)
    if name is None:
        if candidates:
            problems.append(
                _problem(
                    row,
                    "project",
                    (
                        f"Prosjektnavnet «{written}» i {label} passer med flere prosjekter: "
                        + ", ".join(f"«{c}»" for c in candidates)
                        + ". Skriv et navn som bare passer med ett."
                    ),
                )
            )
        else:
            problems.append(
                _problem(
                    row,
                    "project",
                    (f"Fant ikke prosjektet «{written}» i {label} blant prosjektene i tabell 1 eller i databasen."),
                )
            )
    return name


def _parse_projects(table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher) -> None:
    numbers: dict[str, str] = {}
    for row in table.rows:
        name = display_name(row.values.get("project"))
        if name is None:
            problems.append(_problem(row, "project", "Prosjektnavn mangler."))
            continue
        number = clean_text(row.values.get("number"))
        if number is not None:
            number = re.sub(r"\s+", "", number)
            if not re.fullmatch(r"[0-9A-Za-z-]{1,30}", number):
                problems.append(_problem(row, "number", f"Prosjektnummeret «{number}» er ikke gyldig."))
                continue
            if number in numbers:
                problems.append(
                    _problem(row, "number", (f"Prosjektnummeret {number} står to ganger (også på {numbers[number]})."))
                )
                continue
            numbers[number] = row.refs["number"]
        contacts = _contacts(row, problems)
        record = ProjectRecord(
            name=name,
            number=number,
            owners=clean_text(row.values.get("owners")),
            leaders=clean_text(row.values.get("leaders")),
            partners=clean_text(row.values.get("partners")),
            contacts=contacts,
            in_table1=True,
        )
        report.projects[name] = record
        matcher.add(name)


def _contacts(row: TableRow, problems: list) -> tuple[str, ...]:
    """Reminder addresses in table 1's optional column «E-post for påminnelse» (several per cell)."""
    raw = row.values.get("contacts")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ()
    addresses, errors = check_emails(raw if isinstance(raw, str) else shown(raw))
    problems.extend(_problem(row, "contacts", error) for error in errors)
    return tuple(addresses or ())


def _parse_finances(table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher) -> None:
    for row in table.rows:
        ended = row.section == "ended"
        written = display_name(row.values.get("project"))
        if written is None:
            problems.append(_problem(row, "project", "Prosjektnavn mangler."))
            continue
        name, candidates = matcher.match(written)
        if name is None and ended and not candidates:
            name = written
            matcher.add(name)
            report.projects.setdefault(name, ProjectRecord(name=name, ended=True))
        elif name is None:
            _resolve(row, matcher, problems, "tabell 3")
            continue
        if ended and name in report.projects:
            report.projects[name].ended = True
        granted = _amount(row, "granted", GRANTED_PER_YEAR.label, problems, allow_text=False, required=True)
        spent = _amount(row, "spent", SPENT.label, problems, allow_text=False)
        report.finances.append(FinanceRecord(name, granted, spent, ended, dict(row.refs)))
        if _key(written) != _key(name):
            report.projects.setdefault(name, ProjectRecord(name=name)).short_names.add(written)


def _parse_remaining(table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher) -> None:
    labels = {
        "remaining": REMAINING.label,
        "future_use": FUTURE_USE.label,
        "carry_over": CARRY_OVER.label,
        "next_year": NEXT_YEAR.label,
    }
    for row in table.rows:
        name = _resolve(row, matcher, problems, "tabell 4")
        figures = {
            key: _amount(row, key, label, problems, allow_text=key != "remaining") for key, label in labels.items()
        }
        if name is not None:
            report.remaining.append(RemainingRecord(name, figures, dict(row.refs)))


def _parse_milestones(
    table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher, codes_seen: dict, *, planned: bool
) -> None:
    previous_written: str | None = None
    previous_name: str | None = None
    for row in table.rows:
        written = display_name(row.values.get("project"))
        name = None
        if written is not None:
            name, _ = matcher.match(written)
            if name is None and previous_written and previous_name:
                joined, _ = matcher.match(f"{previous_written} {written}")
                if joined == previous_name:
                    name, written = joined, f"{previous_written} {written}"
        if name is None:
            name = _resolve(row, matcher, problems, "tabellen over milepæler")
        previous_written, previous_name = written, name
        code, error = check_code(row.values.get("code"))
        if error:
            problems.append(_problem(row, "code", error))
        sequence = milestone_code(code)[1] if code else 0
        status_text, error = check_status(row.values.get("status"), required=not planned)
        if error:
            problems.append(_problem(row, "status", error))
        status = normalise_status(status_text) if status_text else (PLANNED if planned and not error else None)
        period_raw = row.values.get("period")
        period_text = period_raw.strftime("%d.%m.%Y") if isinstance(period_raw, date) else clean_text(period_raw)
        parsed = parse_period(period_text)
        if name is None or code is None:
            continue
        key = (name, code)
        if key in codes_seen:
            problems.append(
                _problem(row, "code", (f"Milepæl {code} for «{name}» står to ganger (også på {codes_seen[key]})."))
            )
            continue
        codes_seen[key] = row.refs["code"]
        report.milestones.append(
            MilestoneRecord(
                project=name,
                code=code,
                sequence=sequence,
                description=clean_text(row.values.get("description")) or "",
                period_text=period_text,
                period_start=parsed.start,
                period_end=parsed.end,
                period_problem=None if parsed.ok or period_text is None else parsed.reason,
                status_text=status_text,
                status=status,
                kind="planned" if planned else "achieved",
            )
        )


def _listing(terms) -> str:
    labels = [t.label for t in terms]
    return ", ".join(labels[:-1]) + " eller " + labels[-1]


def _parse_narratives(table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher) -> None:
    seen: set[tuple[str, str]] = set()
    for row in table.rows:
        name = _resolve(row, matcher, problems, "teksttabellen")
        kind_text = clean_text(row.values.get("kind")) or ""
        kind = narrative_kind(kind_text)
        if kind is None:
            problems.append(_problem(row, "kind", f"Ukjent del «{kind_text}»; bruk {_listing(NARRATIVE_KINDS)}."))
        text = clean_text(row.values.get("text"))
        if text is None:
            problems.append(_problem(row, "text", "Teksten mangler."))
        if name and kind and text:
            if (name, kind) in seen:
                problems.append(_problem(row, "kind", f"Delen «{kind_text}» for «{name}» står to ganger."))
                continue
            seen.add((name, kind))
            report.narratives.append((name, kind, text))


def _parse_round_texts(table: Table, report: ParsedReport, problems: list) -> None:
    for row in table.rows:
        kind_text = clean_text(row.values.get("kind")) or ""
        kind = round_text_kind(kind_text)
        text = clean_text(row.values.get("text"))
        if kind is None:
            problems.append(_problem(row, "kind", f"Ukjent kapittel «{kind_text}»; bruk {_listing(ROUND_TEXT_KINDS)}."))
        elif text is None:
            problems.append(_problem(row, "text", "Teksten mangler."))
        else:
            report.round_texts.append((kind, text))


def _yes(value: object) -> bool:
    return normalise_header(value) in ("ja", "j", "x", "true", "1")


def _parse_details(table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher) -> None:
    for row in table.rows:
        name = _resolve(row, matcher, problems, "tabellen over prosjektdetaljer")
        end_text = clean_text(row.values.get("planned_end"))
        planned_end = None
        if end_text:
            parsed = parse_period(end_text)
            if not parsed.ok:
                problems.append(
                    _problem(row, "planned_end", f"Planlagt slutt «{end_text}» kan ikke tolkes: {parsed.reason}.")
                )
            planned_end = parsed.end
        groups_text = clean_text(row.values.get("target_groups")) or ""
        groups = [g.strip() for g in re.split(r"[;,\n]", groups_text) if g.strip()]
        if name is not None:
            report.details.append(
                DetailRecord(
                    name,
                    clean_text(row.values.get("short_name")),
                    planned_end,
                    end_text,
                    groups,
                    _yes(row.values.get("target_groups_illustrative")),
                )
            )


def _number(row: TableRow, key: str, label: str, problems: list, *, required: bool) -> float | None:
    value, error = check_number(row.values.get(key), label, required=required)
    if error:
        problems.append(_problem(row, key, error))
    return value


def _date(row: TableRow, key: str, label: str, problems: list, *, required: bool) -> date | None:
    value, error = check_date(row.values.get(key), label, required=required, periods=True)
    if error:
        problems.append(_problem(row, key, error))
    return value


def _parse_applications(table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher) -> None:
    for row in table.rows:
        name = _resolve(row, matcher, problems, "søknadstabellen")
        year = _number(row, "year", "År", problems, required=True)
        if year is not None and (not float(year).is_integer() or not 2000 <= year <= 2100):
            problems.append(_problem(row, "year", f"År må være et årstall, fant «{shown(row.values.get('year'))}»."))
            year = None
        kind_text = clean_text(row.values.get("kind")) or ""
        kind = budget_kind(kind_text)
        if kind is None:
            problems.append(_problem(row, "kind", f"Ukjent budsjettpost «{kind_text}»; bruk {_listing(BUDGET_KINDS)}."))
        amount = _amount(row, "amount", "Beløp", problems, allow_text=False, required=True).value
        if name and year is not None and kind and amount is not None:
            report.applications.append(
                ApplicationLine(name, int(year), kind, clean_text(row.values.get("description")), amount)
            )


def _parse_scores(table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher) -> None:
    seen: dict[tuple, str] = {}
    for row in table.rows:
        name = _resolve(row, matcher, problems, "poengtabellen")
        dim_text = clean_text(row.values.get("dimension")) or ""
        dimension = score_dimension(dim_text)
        if dimension is None:
            problems.append(
                _problem(row, "dimension", f"Ukjent vurdering «{dim_text}»; bruk {score_dimension_list()}.")
            )
            continue
        assessor_text = clean_text(row.values.get("assessor")) or ""
        who = assessor(assessor_text) if assessor_text else "project"
        if who is None:
            problems.append(
                _problem(
                    row, "assessor", f"«Vurdert av» må være Prosjektet eller Sekretariatet, fant «{assessor_text}»."
                )
            )
            continue
        value, error = check_score(dimension, row.values.get("value"))
        if error:
            problems.append(_problem(row, "value", error))
            continue
        if name is None:
            continue
        key = (name, who, dimension)
        if key in seen:
            problems.append(
                _problem(row, "dimension", f"«{dim_text}» for «{name}» står to ganger (også på {seen[key]}).")
            )
            continue
        seen[key] = row.refs["dimension"]
        report.scores.append(
            ScoreRecord(
                name,
                who,
                dimension,
                value,
                clean_text(row.values.get("justification")),
                _yes(row.values.get("illustrative")),
            )
        )


def _parse_kpis(table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher) -> None:
    for row in table.rows:
        name = _resolve(row, matcher, problems, "gevinsttabellen")
        benefit = clean_text(row.values.get("benefit"))
        if benefit is None:
            problems.append(_problem(row, "benefit", "Gevinsten mangler en beskrivelse."))
        type_text = clean_text(row.values.get("benefit_type")) or ""
        kind = benefit_type(type_text)
        if kind is None:
            problems.append(
                _problem(
                    row,
                    "benefit_type",
                    (f"Ukjent gevinsttype «{type_text}»; bruk Økonomisk, Kvalitativ eller Annen virksomhet."),
                )
            )
        indicator = clean_text(row.values.get("indicator"))
        if indicator is None:
            problems.append(_problem(row, "indicator", "Indikatoren mangler navn."))
        unit = clean_text(row.values.get("unit"))
        if unit is None:
            problems.append(_problem(row, "unit", "Enhet mangler (for eksempel «antall», «kr» eller «%»)."))
        baseline = _number(row, "baseline", "Nullpunkt", problems, required=False)
        target = _number(row, "target", "Mål", problems, required=False)
        baseline_date = _date(row, "baseline_date", "Nullpunkt dato", problems, required=False)
        target_date = _date(row, "target_date", "Måldato", problems, required=False)
        if None in (name, benefit, kind, indicator, unit):
            continue
        report.kpis.append(
            KpiRecord(
                name,
                benefit,
                kind,
                clean_text(row.values.get("description")),
                clean_text(row.values.get("owner")),
                clean_text(row.values.get("organisation")),
                clean_text(row.values.get("method")),
                clean_text(row.values.get("frequency")),
                indicator,
                unit,
                baseline,
                baseline_date,
                target,
                target_date,
                _yes(row.values.get("illustrative")),
            )
        )


def _parse_kpi_values(
    table: Table, report: ParsedReport, problems: list, matcher: ProjectMatcher, known: dict[tuple[str, str], str]
) -> None:
    for row in table.rows:
        name = _resolve(row, matcher, problems, "tabellen over målte verdier")
        indicator_text = clean_text(row.values.get("indicator")) or ""
        indicator = known.get((name, _key(indicator_text))) if name else None
        if name and indicator is None:
            problems.append(
                _problem(
                    row, "indicator", (f"Indikatoren «{indicator_text}» finnes ikke for «{name}» i gevinsttabellen.")
                )
            )
        when = _date(row, "date", "Dato", problems, required=True)
        value = _number(row, "value", "Verdi", problems, required=True)
        if name and indicator and when is not None and value is not None:
            report.kpi_values.append(KpiValueRecord(name, indicator, when, value, _yes(row.values.get("illustrative"))))
