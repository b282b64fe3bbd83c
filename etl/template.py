"""The Excel reporting template per project and round: generated pre-filled, read back validated.

Layout (TEMPLATE_VERSION 2): sheets Veiledning, Prosjekt, Milepæler, Poeng, Indikatorer, Tekster,
and a very hidden sheet "_mal" that names project, round, the version the file was based on and the
template's layout (rows of milestones, indicators, scores, texts), with a fingerprint of every cell
outside the input cells. Input cells are yellow and unlocked; everything else is locked (sheet
protection without a password: it guards against slips, not against intent).

Trust: which cells are input follows from the layout by this module's own definition
(``template_inputs``), never from the file, and "_mal" is signed with an HMAC keyed by the app's
secret. A file therefore proves it was made by this server for this project, round and layout;
a changed hidden sheet (another project's indicator ids, more input cells, another round) or a
changed locked cell is refused.

Reading: files without formulas are read with python-calamine (values only, about 50 times faster
than openpyxl); a file that holds formulas is read with openpyxl, which can tell a formula without a
cached value from an empty cell.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from domain.formatting import format_date, format_kr, year_span
from domain.office import with_own_parts
from domain.problems import Problem
from domain.report_content import ContentReader, ReportContent, ReportedMilestone, undescribed
from domain.vocabulary import (
    CRITERIA_DIMENSIONS,
    FUTURE_USE,
    FUTURE_USE_HELP,
    KIND_FROM_STATUS,
    MILESTONE_KIND_LABELS,
    NARRATIVE_KINDS,
    NARRATIVE_LABELS,
    OVERALL_DIMENSIONS,
    PRODUCT,
    SCORE_DIMENSION,
    SCORE_DIMENSIONS,
    SPENT,
    STATUS_CHOICES,
    illustrative_kpi_note,
    next_milestone_code,
)
from etl.xlsx_guard import Inspection, inspect

TEMPLATE_VERSION = "2"
META_SHEET = "_mal"
INPUT_FILL = PatternFill("solid", fgColor="FFF2B3")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
EXTRA_MILESTONE_ROWS = 15
FIRST_ROW = 4  # data starts below the header in row 3 of every list sheet
MAX_MILESTONE_ROWS = 500
MAX_KPIS = 200
MAX_META_FIELDS = 40  # rows of the hidden sheet read at most
MAX_META_TEXT = 4_000  # characters in one of its values (the kpi ids of 200 indicators fit)
# Templates made before the sheet "_mal" recorded its score rows and text rows listed these, in this order.
LEGACY_SCORE_ROWS = tuple(f"criterion_{n}" for n in range(1, 9)) + ("progress", "delivers", "continues")
LEGACY_TEXT_ROWS = (
    "experiences",
    "challenges",
    "self_assessment",
    "done_differently",
    "next_steps",
    "other_benefits",
    "purpose",
)
SPENT_LABEL = f"{SPENT.form_label} (kr)"
FUTURE_LABEL = f"{FUTURE_USE.form_label} (kr)"


@dataclass
class TemplateKpi:
    id: int
    name: str
    unit: str
    baseline: float | None
    target: float | None
    last: str
    # what the version being worked on holds for the indicator (empty in a fresh report)
    date: date | None = None
    value: float | None = None
    new_target: float | None = None
    new_target_date: date | None = None
    reason: str = ""
    illustrative: bool = False
    """The baseline and target are illustrative (the default data's)."""


@dataclass
class TemplateData:
    """Everything the template is pre-filled with (plain data from the data layer)."""

    project_id: int
    project_number: str
    project_name: str
    partnership: str
    owners: str
    leaders: str
    round_name: str
    deadline: date | None
    granted_total: int | None
    spent_last: int | None
    granted_years: tuple[int, int] | None = None
    """The years «Innvilget hittil» sums, first and last (session-24 note: the template did not name them)."""
    milestones: list[ReportedMilestone] = field(default_factory=list)
    scores: dict[str, tuple[int, str]] = field(default_factory=dict)
    kpis: list[TemplateKpi] = field(default_factory=list)
    narratives: dict[str, str] = field(default_factory=dict)  # the last approved texts, shown as help
    texts: dict[str, str] = field(default_factory=dict)  # the texts of the version being worked on
    based_on_version: int = 0  # the project's latest version for the round when the file was made (0: none)
    spent_total: int | None = None  # the input cells' amounts (the version being worked on)
    future_use: int | None = None


FACT_ROWS = 7  # project facts above the two amounts on the sheet "Prosjekt"
SPENT_ROW = FIRST_ROW + FACT_ROWS
SIGNED_FIELDS = (
    "template_version",
    "project_id",
    "project_number",
    "round",
    "based_on_version",
    "milestone_rows",
    "existing_milestones",
    "kpi_ids",
    "score_dimensions",
    "narrative_kinds",
    "generated_at",
    "fixed_fingerprint",
)


@dataclass(frozen=True)
class Layout:
    """How many rows of each kind a template has; with the template version it fixes every input cell."""

    milestone_rows: int
    existing_milestones: int
    kpis: int
    dimensions: int
    kinds: int


def template_inputs(layout: Layout) -> dict[str, list[str]]:
    """The cells a project leader may change, by this module's definition of the template."""
    rows = range(FIRST_ROW, FIRST_ROW + layout.milestone_rows)
    return {
        "Veiledning": [],
        "Prosjekt": [f"B{SPENT_ROW}", f"B{SPENT_ROW + 1}"],
        "Milepæler": [
            f"{col}{r}"
            for r in rows
            for col in "ABCDE"
            if not (col == "A" and r - FIRST_ROW < layout.existing_milestones)
        ],
        "Poeng": [f"{col}{r}" for r in range(FIRST_ROW, FIRST_ROW + layout.dimensions) for col in "CD"],
        "Indikatorer": [f"{col}{r}" for r in range(FIRST_ROW, FIRST_ROW + layout.kpis) for col in "GHIJK"],
        "Tekster": [f"B{r}" for r in range(FIRST_ROW, FIRST_ROW + layout.kinds)],
    }


UNDESCRIBED = "undescribed_milestones"
"""The codes of the prefilled milestones stored without a description."""
FIXED_ROWS = "fixed_rows"
"""Per sheet and row, a short fingerprint of the locked cells (fixed_rows), so a changed locked cell is named."""
LATER_SIGNED = (UNDESCRIBED, FIXED_ROWS)
"""Fields added to the hidden sheet after SIGNED_FIELDS: signed when present. A template made before has no
such rows and its signature is over SIGNED_FIELDS alone, so it stays valid; removing one breaks the signature."""


def signature(meta: dict, key: str) -> str:
    """The HMAC of the hidden sheet's signed fields, keyed by the app's secret."""
    fields = [*SIGNED_FIELDS, *(name for name in LATER_SIGNED if name in meta)]
    message = json.dumps([str(meta.get(name, "")) for name in fields], ensure_ascii=False)
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def _put(cell, value: object) -> None:
    """A value as data: text is a string cell whatever it starts with («=», «+», «-», «@»), so no spreadsheet
    evaluates it, and no apostrophe is added."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _lock(cell, locked: bool = True) -> None:
    cell.protection = Protection(locked=locked)
    if not locked:
        cell.fill = INPUT_FILL


def _header(sheet, title: str, headers: list[str], widths: list[int]) -> None:
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(3, index, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A4"


def _protect(sheet) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False


def _grids(book) -> dict[str, list[list]]:
    """Every visible sheet's values (openpyxl), as the fingerprint is taken."""
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
        if sheet.title != META_SHEET
    }


def fingerprint(cells: list[tuple[str, str, object]]) -> str:
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False, default=str).encode()).hexdigest()


def _normalise(value: object) -> object:
    """One spelling of a cell value whichever library read it (openpyxl or calamine)."""
    if isinstance(value, datetime) and value.time() == time(0):
        value = value.date()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def input_cells(book) -> dict[str, list[str]]:
    """The unlocked (yellow) cells of every visible sheet: what the project leader may change."""
    return {
        sheet.title: [cell.coordinate for row in sheet.iter_rows() for cell in row if not cell.protection.locked]
        for sheet in book.worksheets
        if sheet.title != META_SHEET
    }


def _fixed_cells(grids: dict[str, list[list]], inputs: dict[str, list[str]]) -> list[tuple[str, str, object, int]]:
    """Every non-empty cell outside the input cells: (sheet, coordinate, value, row)."""
    cells = []
    for sheet, rows in grids.items():
        skip = set(inputs.get(sheet, ()))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                coordinate = f"{get_column_letter(c)}{r}"
                if coordinate not in skip:
                    cells.append((sheet, coordinate, _normalise(value), r))
    return cells


def fixed_fingerprint(grids: dict[str, list[list]], inputs: dict[str, list[str]]) -> str:
    """A fingerprint of every non-empty cell outside the input cells, from plain value grids."""
    return fingerprint([(sheet, coordinate, value) for sheet, coordinate, value, _r in _fixed_cells(grids, inputs)])


def fixed_rows(grids: dict[str, list[list]], inputs: dict[str, list[str]]) -> dict[tuple[str, int], str]:
    """Per sheet and row, a short fingerprint of the row's fixed cells: where a changed locked cell is."""
    rows: dict[tuple[str, int], list] = {}
    for sheet, coordinate, value, r in _fixed_cells(grids, inputs):
        rows.setdefault((sheet, r), []).append((coordinate, value))
    return {place: fingerprint(cells)[:10] for place, cells in rows.items()}


def _rows_text(rows: dict[tuple[str, int], str]) -> str:
    return ";".join(f"{sheet}:{r}:{mark}" for (sheet, r), mark in rows.items())


def _rows_of(text: str) -> dict[tuple[str, int], str]:
    rows = {}
    for item in text.split(";"):
        sheet, r, mark = (item.rsplit(":", 2) + ["", "", ""])[:3]
        if r.isdigit():
            rows[(sheet, int(r))] = mark
    return rows


def _changed_places(grids, inputs, meta: dict) -> str:
    """Where locked cells differ from the template as made (at most three rows named), or "" when the
    template predates the per-row fingerprints."""
    if FIXED_ROWS not in meta:
        return ""
    now, made = fixed_rows(grids, inputs), _rows_of(str(meta.get(FIXED_ROWS) or ""))
    places = sorted(place for place in now.keys() | made.keys() if now.get(place) != made.get(place))
    named = [f"«{sheet}», rad {r}" for sheet, r in places[:3]]
    left = len(places) - 3
    more = f" og {left} {'rad' if left == 1 else 'rader'} til" if left > 0 else ""
    return ", ".join(named) + more


def _shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in «…» where cut (trial 26c: the help was cut without a sign)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_template(data: TemplateData, *, key: str) -> bytes:
    """The pre-filled template, its hidden sheet signed with ``key`` (the app's secret)."""
    book = Workbook()
    book.properties.creator = book.properties.lastModifiedBy = PRODUCT
    guide = book.active
    guide.title = "Veiledning"
    next_code = next_milestone_code(m.code for m in data.milestones)
    lines = [
        f"Rapportering for {data.project_name} ({data.project_number}) – {data.round_name}",
        "",
        "Slik fyller du ut malen:",
        "1. Fyll ut de gule cellene på arkene Prosjekt, Milepæler, Poeng, Indikatorer og Tekster.",
        "2. Grå og hvite celler er låst. Ikke flytt eller gi nytt navn til ark.",
        "3. Milepæler: endre status på eksisterende milepæler, og legg nye milepæler i de tomme radene. "
        f"La koden stå tom, så får en ny milepæl neste nummer ({next_code} og så videre), "
        "eller skriv den selv.",
        "4. Status velges fra listen: " + ", ".join(STATUS_CHOICES) + ". " + KIND_FROM_STATUS,
        "5. Poeng: "
        + ", ".join(
            [f"kriteriene {CRITERIA_DIMENSIONS[0].scale}"]
            + [f"{d.label.lower()} {d.scale}" for d in OVERALL_DIMENSIONS]
        )
        + ". Skriv en kort begrunnelse for hvert poeng.",
        "6. Beløp skrives i hele kroner, for eksempel 1 250 000. " + FUTURE_USE_HELP,
        "7. Lagre filen som .xlsx og last den opp på prosjektets side i Gevinstportalen.",
        "",
        f"Frist: {format_date(data.deadline) if data.deadline else 'se e-post fra sekretariatet'}.",
        f"Spørsmål: kontakt sekretariatet i {data.partnership}.",
    ]
    for index, line in enumerate(lines, start=1):
        guide.cell(index, 1, line)
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 120
    _protect(guide)

    facts = book.create_sheet("Prosjekt")
    _header(facts, "Prosjekt", ["Felt", "Verdi"], [42, 70])
    rows = [
        ("Prosjektnummer", data.project_number),
        ("Prosjektnavn", data.project_name),
        ("Prosjekteier", data.owners),
        ("Prosjektledere", data.leaders),
        ("Rapporteringsrunde", data.round_name),
        (
            "Innvilget hittil" + (f" ({year_span(*data.granted_years)})" if data.granted_years else ""),
            format_kr(data.granted_total),
        ),
        ("Brukt totalt ved forrige rapport", format_kr(data.spent_last)),
    ]
    assert len(rows) == FACT_ROWS
    for offset, (label, value) in enumerate(rows):
        facts.cell(FIRST_ROW + offset, 1, label)
        _put(facts.cell(FIRST_ROW + offset, 2), value)
    spent_row = SPENT_ROW
    facts.cell(spent_row, 1, SPENT_LABEL)
    facts.cell(spent_row, 2, data.spent_total)
    facts.cell(spent_row + 1, 1, FUTURE_LABEL)
    facts.cell(spent_row + 1, 2, data.future_use)
    for r in (spent_row, spent_row + 1):
        _lock(facts.cell(r, 2), locked=False)
        facts.cell(r, 2).number_format = "# ##0"
    _protect(facts)

    ms = book.create_sheet("Milepæler")
    _header(ms, "Milepæler", ["Milepæl", "Beskrivelse", "Når", "Status", "Type"], [10, 80, 18, 20, 14])
    status_list = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_CHOICES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ukjent status",
        error="Velg en status fra listen.",
    )
    kind_list = DataValidation(  # the rule for a blank type shown where it is typed (the session-22 trial)
        type="list",
        formula1='"Oppnådd,Planlagt"',
        allow_blank=True,
        showInputMessage=True,
        promptTitle="Type",
        prompt=KIND_FROM_STATUS,
    )
    ms.add_data_validation(status_list)
    ms.add_data_validation(kind_list)
    total_rows = len(data.milestones) + EXTRA_MILESTONE_ROWS
    for offset in range(total_rows):
        r = FIRST_ROW + offset
        existing = data.milestones[offset] if offset < len(data.milestones) else None
        values = (
            [
                existing.code,
                existing.description,
                existing.period_text,
                existing.status_text,
                MILESTONE_KIND_LABELS[existing.kind],
            ]
            if existing
            else [None] * 5
        )
        for c, value in enumerate(values, start=1):
            cell = ms.cell(r, c)
            _put(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            _lock(cell, locked=existing is not None and c == 1)
        status_list.add(ms.cell(r, 4))
        kind_list.add(ms.cell(r, 5))
    _protect(ms)

    sc = book.create_sheet("Poeng")
    _header(sc, "Poeng", ["Vurdering", "Skala", "Poeng", "Begrunnelse"], [44, 10, 10, 90])
    for offset, dimension in enumerate(SCORE_DIMENSIONS):
        r, top = FIRST_ROW + offset, dimension.maximum
        sc.cell(r, 1, dimension.label)
        sc.cell(r, 2, dimension.scale)
        previous = data.scores.get(dimension.key)
        sc.cell(r, 3, previous[0] if previous else None)
        _put(sc.cell(r, 4), previous[1] if previous else None)
        for c in (3, 4):
            _lock(sc.cell(r, c), locked=False)
        rule = DataValidation(
            type="whole",
            operator="between",
            formula1="0",
            formula2=str(top),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Ugyldig poeng",
            error=f"Skriv et heltall fra 0 til {top}.",
        )
        sc.add_data_validation(rule)
        rule.add(sc.cell(r, 3))
    _protect(sc)

    ind = book.create_sheet("Indikatorer")
    _header(
        ind,
        "Indikatorer",
        [
            "Nr.",
            "Indikator",
            "Enhet",
            "Nullpunkt",
            "Mål",
            "Siste måling",
            "Dato for ny måling",
            "Ny verdi",
            "Nytt mål (ved revisjon)",
            "Ny måldato",
            "Begrunnelse for nytt mål",
        ],
        [6, 50, 12, 11, 11, 26, 18, 12, 16, 14, 40],
    )
    for offset, kpi in enumerate(data.kpis):
        r = FIRST_ROW + offset
        values = [kpi.id, kpi.name, kpi.unit, kpi.baseline, kpi.target, kpi.last]
        values += [kpi.date, kpi.value, kpi.new_target, kpi.new_target_date, kpi.reason or None]
        for c, value in enumerate(values, start=1):
            _put(ind.cell(r, c), value)
        for c in (7, 8, 9, 10, 11):
            _lock(ind.cell(r, c), locked=False)
        ind.cell(r, 7).number_format = "DD.MM.YYYY"
        ind.cell(r, 10).number_format = "DD.MM.YYYY"
    note = illustrative_kpi_note([k.name for k in data.kpis], [k.name for k in data.kpis if k.illustrative])
    if note:  # below the rows, locked like them (trial 25b: illustrative baselines and targets were unmarked)
        ind.cell(FIRST_ROW + len(data.kpis) + 1, 2, note).font = Font(italic=True)
    _protect(ind)

    tx = book.create_sheet("Tekster")
    _header(tx, "Tekster", ["Del", "Tekst", "Sist godkjente tekst (til sammenligning)"], [30, 80, 60])
    for offset, kind in enumerate(NARRATIVE_KINDS):
        r = FIRST_ROW + offset
        tx.cell(r, 1, kind.label)
        _put(tx.cell(r, 3), _shortened(data.narratives.get(kind.key) or "", 1000) or None)
        cell = tx.cell(r, 2)
        _put(cell, data.texts.get(kind.key) or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        _lock(cell, locked=False)
    _protect(tx)

    meta = book.create_sheet(META_SHEET)
    layout = Layout(total_rows, len(data.milestones), len(data.kpis), len(SCORE_DIMENSIONS), len(NARRATIVE_KINDS))
    grids, inputs = _grids(book), template_inputs(layout)
    meta_values = {
        "template_version": TEMPLATE_VERSION,
        "project_id": str(data.project_id),
        "project_number": data.project_number,
        "round": data.round_name,
        "based_on_version": str(data.based_on_version),
        "milestone_rows": str(total_rows),
        "existing_milestones": str(len(data.milestones)),
        "kpi_ids": ",".join(str(k.id) for k in data.kpis),
        "score_dimensions": ",".join(d.key for d in SCORE_DIMENSIONS),
        "narrative_kinds": ",".join(k.key for k in NARRATIVE_KINDS),
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "fixed_fingerprint": fixed_fingerprint(grids, inputs),
        FIXED_ROWS: _rows_text(fixed_rows(grids, inputs)),
        UNDESCRIBED: ",".join(sorted(undescribed((m.code, m.description) for m in data.milestones))),
    }
    meta_values["signature"] = signature(meta_values, key)
    for index, (name, value) in enumerate(meta_values.items(), start=1):
        meta.cell(index, 1, name)
        meta.cell(index, 2, value)
    meta.sheet_state = "veryHidden"
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return with_own_parts(out.getvalue())


@dataclass
class TemplateReading:
    project_id: int | None
    project_number: str | None
    round_name: str | None
    content: ReportContent | None
    problems: list[Problem]
    based_on_version: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def is_template(data: bytes, inspection: Inspection | None = None) -> bool:
    """True when the workbook names the hidden template sheet (from the bounded check of ``etl.xlsx_guard``,
    which streams xl/workbook.xml and stops at its limits)."""
    inspection = inspection or inspect(data, "")
    return META_SHEET in inspection.sheet_names


def read_template(
    data: bytes,
    name: str,
    *,
    key: str,
    expected_project_id: int | None = None,
    expected_round: str | None = None,
) -> TemplateReading:
    """Validate a filled template completely; every problem with sheet and cell, in Norwegian. ``key`` is the
    app's secret: a file whose hidden sheet was not signed with it is refused."""
    inspection = inspect(data, name)
    if inspection.problems:
        return TemplateReading(None, None, None, None, inspection.problems)
    merged = [(sheet, ref) for sheet, ref in inspection.merged if sheet != META_SHEET]
    if merged:
        return TemplateReading(None, None, None, None, [_merged_problem(*merged[0])])
    fast = None if inspection.has_formulas else _value_grids(data)
    try:
        if fast is not None:
            book = formulas = fast
        else:
            formulas = load_workbook(io.BytesIO(data), data_only=False)
            book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # a broken or encrypted file
        return TemplateReading(
            None,
            None,
            None,
            None,
            [
                Problem(
                    name,
                    None,
                    f"Arbeidsboken kan ikke leses ({type(exc).__name__}). Er den passordbeskyttet eller skadet?",
                )
            ],
        )
    if META_SHEET not in book.sheetnames:
        return TemplateReading(
            None,
            None,
            None,
            None,
            [
                Problem(
                    name,
                    None,
                    (
                        "Filen er ikke en rapporteringsmal fra Gevinstportalen. Last ned malen for prosjektet og "
                        "runden fra prosjektets side."
                    ),
                )
            ],
        )
    meta = _meta(book)
    project_id = _number(meta.get("project_id"))
    round_name = meta.get("round")
    reading = TemplateReading(
        project_id, meta.get("project_number"), round_name, None, [], _number(meta.get("based_on_version"))
    )
    if len(meta) > MAX_META_FIELDS or any(len(v) > MAX_META_TEXT for v in meta.values()):
        reading.problems.append(Problem(name, None, "Det skjulte arket i malen er skadet. Last ned en ny mal."))
        return reading
    if meta.get("template_version") != TEMPLATE_VERSION:
        reading.problems.append(
            Problem(
                name,
                None,
                (
                    f"Filen er laget fra en eldre versjon av malen (versjon {meta.get('template_version', 'ukjent')}). "
                    "Last ned en ny mal og fyll den ut på nytt."
                ),
            )
        )
        return reading
    if not hmac.compare_digest(meta.get("signature", ""), signature(meta, key)):
        reading.problems.append(
            Problem(
                name,
                None,
                (
                    "Filen er ikke en mal fra denne Gevinstportalen, eller det skjulte arket i den er endret. "
                    "Last ned en ny mal fra prosjektets side og fyll den ut."
                ),
            )
        )
        return reading
    if project_id is None or reading.based_on_version is None:
        reading.problems.append(Problem(name, None, "Det skjulte arket i malen er skadet. Last ned en ny mal."))
        return reading
    if expected_project_id is not None and project_id != expected_project_id:
        reading.problems.append(
            Problem(
                name, None, (f"Filen er malen for prosjekt {meta.get('project_number')}, ikke for dette prosjektet.")
            )
        )
    if expected_round is not None and round_name != expected_round:
        reading.problems.append(
            Problem(name, None, (f"Filen er malen for runden {round_name}, ikke for {expected_round}."))
        )
    for sheet in ("Prosjekt", "Milepæler", "Poeng", "Indikatorer", "Tekster"):
        if sheet not in book.sheetnames:
            reading.problems.append(Problem(name, None, f"Arket «{sheet}» mangler i filen."))
    if reading.problems:
        return reading
    layout, layout_problems = _layout(book, meta, name)
    if layout_problems:
        reading.problems.extend(layout_problems)
        return reading
    grids = fast.visible_grids() if fast is not None else _grids(book)
    inputs = template_inputs(layout)
    if fixed_fingerprint(grids, inputs) != meta.get("fixed_fingerprint"):
        places = _changed_places(grids, inputs, meta)
        reading.problems.append(
            Problem(
                name,
                None,
                (
                    "Låste celler (for eksempel prosjektfakta, milepælkoder eller navn på indikatorer) er endret etter "
                    f"at malen ble lastet ned{f' ({places})' if places else ''}. Last ned en ny mal, eller skriv bare "
                    "i de gule cellene."
                ),
            )
        )
        return reading
    reading.content = _read_content(book, formulas, meta, layout, reading.problems)
    if inspection.unreadable:  # each such cell once, in its own words, beside every other problem of the file
        cells = {(p.sheet, p.cell) for p in inspection.unreadable}
        reading.problems[:] = [p for p in reading.problems if (p.sheet, p.cell) not in cells] + inspection.unreadable
    return reading


def _merged_problem(sheet: str, ref: str) -> Problem:
    return Problem(
        sheet,
        ref.split(":")[0],
        f"Cellene {ref} på arket «{sheet}» er slått sammen. Malen skal ikke ha sammenslåtte celler (de kan skjule "
        "utfylte verdier); del dem opp igjen, eller last ned en ny mal.",
    )


def _meta_text(value: object) -> str:
    """A hidden-sheet value as text: an empty cell is "" (never "None"), a whole number has no ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _meta(book) -> dict[str, str]:
    rows = book[META_SHEET].iter_rows(max_col=2)
    first = (r for _, r in zip(range(MAX_META_FIELDS + 1), rows, strict=False))
    return {_meta_text(r[0].value): _meta_text(r[1].value) for r in first if r[0].value}


_WHOLE = re.compile(r"[0-9]{1,9}")


def _number(text: str | None) -> int | None:
    """A count or an id from the hidden sheet: ASCII digits, at most nine of them (so within a database integer)."""
    return int(text) if text and _WHOLE.fullmatch(text) else None


@dataclass(frozen=True)
class _Cell:
    value: object
    coordinate: str
    data_type: str = "n"


class _Sheet:
    def __init__(self, rows: list[list]) -> None:
        self.rows = rows

    def cell(self, row: int, column: int) -> _Cell:
        value = None
        if row <= len(self.rows) and column <= len(self.rows[row - 1]):
            value = self.rows[row - 1][column - 1]
        if value == "":
            value = None
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        return _Cell(value, f"{get_column_letter(column)}{row}")

    def iter_rows(self, max_col: int):
        for r in range(1, len(self.rows) + 1):
            yield tuple(self.cell(r, c) for c in range(1, max_col + 1))


class _ValueBook:
    """The few parts of openpyxl's workbook API the reader uses, over calamine's value grids."""

    def __init__(self, grids: dict[str, list[list]]) -> None:
        self.grids = grids
        self.sheetnames = list(grids)

    def __getitem__(self, name: str) -> _Sheet:
        return _Sheet(self.grids[name])

    def visible_grids(self) -> dict[str, list[list]]:
        """Every sheet but the template's own (as the fingerprint was taken when the file was made)."""
        return {name: rows for name, rows in self.grids.items() if name != META_SHEET}


def _value_grids(data: bytes) -> _ValueBook | None:
    """The workbook's values through python-calamine, or None when openpyxl must read it (a file calamine cannot
    read). Files with formulas never come here (``etl.xlsx_guard`` saw them), and the guard has checked every
    sheet's size before calamine allocates its grids."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        grids = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except Exception:
        return None
    meta = {str(row[0]): row[1] for row in grids.get(META_SHEET, []) if len(row) > 1 and row[0]}
    if not meta.get("signature"):
        return None
    return _ValueBook(grids)


def _value(book, formulas, sheet: str, row: int, col: int, problems: list) -> object:
    """The cell's value; a formula gives its cached result, or an error when it has none."""
    cell = book[sheet].cell(row, col)
    raw = formulas[sheet].cell(row, col)
    if raw.data_type == "f":
        if cell.value is None:
            problems.append(
                Problem(
                    sheet,
                    cell.coordinate,
                    (
                        "Cellen inneholder en formel uten utregnet verdi. Skriv verdien direkte i cellen. En tekst "
                        "som begynner med «=», blir en formel: skriv en apostrof (') foran likhetstegnet."
                    ),
                )
            )
        return cell.value
    return cell.value


def _listed(meta: dict, key: str, legacy: tuple[str, ...]) -> list[str]:
    text = meta.get(key)
    return [k for k in str(text).split(",") if k] if text else list(legacy)


@dataclass(frozen=True)
class _SignedLayout(Layout):
    kpi_ids: tuple[int, ...] = ()
    dimension_keys: tuple[str, ...] = ()
    kind_keys: tuple[str, ...] = ()
    undescribed: frozenset[str] = frozenset()


def _count(meta: dict, key: str, limit: int) -> int:
    number = _number(meta.get(key))
    return number if number is not None and number <= limit else -1


def _layout(book, meta: dict, name: str) -> tuple[_SignedLayout, list[Problem]]:
    """The layout the (signed) hidden sheet names, checked against what this version of the template can
    hold: never more rows than a template has, only known score dimensions and text kinds, each score row
    labelled as its dimension."""
    damaged = [Problem(name, None, "Det skjulte arket i malen er skadet. Last ned en ny mal.")]
    milestone_rows = _count(meta, "milestone_rows", MAX_MILESTONE_ROWS)
    existing = _count(meta, "existing_milestones", MAX_MILESTONE_ROWS)
    kpi_parts = [x for x in str(meta.get("kpi_ids") or "").split(",") if x]
    dimensions = _listed(meta, "score_dimensions", LEGACY_SCORE_ROWS)
    kinds = _listed(meta, "narrative_kinds", LEGACY_TEXT_ROWS)
    undescribed = [x for x in str(meta.get(UNDESCRIBED) or "").split(",") if x]
    known_kinds = {k.key for k in NARRATIVE_KINDS}
    if (
        milestone_rows < 0
        or not 0 <= existing <= milestone_rows
        or len(undescribed) > existing
        or len(kpi_parts) > MAX_KPIS
        or not all(_number(x) is not None for x in kpi_parts)
        or len(dimensions) > len(SCORE_DIMENSIONS)
        or any(kind not in known_kinds for kind in kinds)
        or len(kinds) > len(NARRATIVE_KINDS)
    ):
        return _SignedLayout(0, 0, 0, 0, 0), damaged
    layout = _SignedLayout(
        milestone_rows,
        existing,
        len(kpi_parts),
        len(dimensions),
        len(kinds),
        tuple(int(x) for x in kpi_parts),
        tuple(dimensions),
        tuple(kinds),
        frozenset(undescribed),
    )
    for offset, key in enumerate(dimensions):
        label = book["Poeng"].cell(FIRST_ROW + offset, 1).value
        if key not in SCORE_DIMENSION or label != SCORE_DIMENSION[key].label:
            return layout, [
                Problem(
                    name,
                    None,
                    "Malen er laget for vurderinger som ikke finnes lenger. Last ned en ny mal og fyll den ut på nytt.",
                )
            ]
    return layout, []


COLUMNS = {
    "Prosjekt": {"value": 2},
    "Milepæler": {"code": 1, "description": 2, "period": 3, "status": 4, "kind": 5},
    "Poeng": {"value": 3, "justification": 4},
    "Indikatorer": {"date": 7, "value": 8, "new_target": 9, "new_target_date": 10, "reason": 11},
    "Tekster": {"text": 2},
}
HEADERS = {
    "Prosjekt": {"value": "Verdi"},
    "Milepæler": {"code": "Milepæl", "description": "Beskrivelse", "period": "Når", "status": "Status", "kind": "Type"},
    "Poeng": {"value": "Poeng", "justification": "Begrunnelse"},
    "Indikatorer": {
        "date": "Dato for ny måling",
        "value": "Ny verdi",
        "new_target": "Nytt mål (ved revisjon)",
        "new_target_date": "Ny måldato",
        "reason": "Begrunnelse for nytt mål",
    },
    "Tekster": {"text": "Tekst"},
}


def _place(sheet: str, row: int, meaning: str, column: str) -> Problem:
    """Where a problem is, as a clinician reads it: «Poeng, rad 5 (Kriterium 2 …), kolonne C «Poeng»»."""
    letter = get_column_letter(COLUMNS[sheet][column])
    label = f"{sheet}, rad {row} ({meaning}), kolonne {letter} «{HEADERS[sheet][column]}»"
    return Problem(sheet, f"{letter}{row}", "", label=label)


def spent_missing() -> Problem:
    """A template sent in with «Brukte midler totalt» blank (a submission needs it, as the form says; trial 24c:
    a blanked cell was accepted and the round then showed the figure as missing)."""
    place = _place("Prosjekt", SPENT_ROW, SPENT.form_label, "value")
    return Problem(place.sheet, place.cell, f"{SPENT.label} mangler; skriv summen brukt hittil.", label=place.label)


def _read_content(book, formulas, meta: dict, layout: _SignedLayout, problems: list) -> ReportContent:
    meanings: dict[tuple[str, int], str] = {}

    def report(where: tuple[str, int], column: str, message: str) -> None:
        sheet, row = where
        place = _place(sheet, row, meanings.get(where, ""), column)
        problems.append(Problem(place.sheet, place.cell, message, label=place.label))

    def value(sheet: str, row: int, col: int) -> object:
        return _value(book, formulas, sheet, row, col, problems)

    reader = ContentReader(report, layout.undescribed)
    meanings[("Prosjekt", SPENT_ROW)] = SPENT.form_label
    meanings[("Prosjekt", SPENT_ROW + 1)] = FUTURE_USE.form_label
    reader.amount(("Prosjekt", SPENT_ROW), "spent_total", value("Prosjekt", SPENT_ROW, 2), SPENT.label)
    reader.amount(("Prosjekt", SPENT_ROW + 1), "future_use", value("Prosjekt", SPENT_ROW + 1, 2), FUTURE_USE.form_label)
    for offset in range(layout.milestone_rows):
        r = FIRST_ROW + offset
        code = book["Milepæler"].cell(r, 1).value
        meanings[("Milepæler", r)] = f"milepæl {code}" if code else "ny milepæl"
        reader.milestone(
            ("Milepæler", r),
            {key: value("Milepæler", r, c) for key, c in COLUMNS["Milepæler"].items()},
            f"Milepæler!A{r}",
        )
    reader.finish()
    for offset, dimension in enumerate(layout.dimension_keys):
        r = FIRST_ROW + offset
        meanings[("Poeng", r)] = SCORE_DIMENSION[dimension].label
        reader.score(("Poeng", r), dimension, value("Poeng", r, 3), value("Poeng", r, 4))
    for offset, kpi_id in enumerate(layout.kpi_ids):
        r = FIRST_ROW + offset
        kpi_name = str(book["Indikatorer"].cell(r, 2).value)
        meanings[("Indikatorer", r)] = kpi_name
        reader.kpi_value(("Indikatorer", r), kpi_id, kpi_name, value("Indikatorer", r, 7), value("Indikatorer", r, 8))
        reader.kpi_target(("Indikatorer", r), kpi_id, kpi_name, *(value("Indikatorer", r, c) for c in (9, 10, 11)))
    for offset, kind in enumerate(layout.kind_keys):
        meanings[("Tekster", FIRST_ROW + offset)] = NARRATIVE_LABELS.get(kind, kind)  # trial 26a: «rad 4 ()»
        reader.narrative(kind, value("Tekster", FIRST_ROW + offset, 2), ("Tekster", FIRST_ROW + offset))
    return reader.content
