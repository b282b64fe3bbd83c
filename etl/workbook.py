"""Read an .xlsx workbook into grids and find tables by their header cells.

Tables are found by what their headers say, never by sheet name or position: title rows may
stand above a header, a sheet may hold several tables, merged cells count as filled in every
cell they cover, and a project name written only on the first row of a group carries down.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from domain.problems import Problem
from domain.vocabulary import normalise_term
from etl.xlsx_guard import MAX_FILE_BYTES, inspect

normalise_header = normalise_term
"""'Prosjekt-nummer' -> 'prosjektnummer'; 'Sum 2026 - hvis videreført' -> 'sum2026hvisvidereført'."""


def cell_ref(sheet: str, row: int, col: int) -> str:
    return f"{sheet}!{get_column_letter(col)}{row}"


@dataclass
class Grid:
    """The values of one sheet, merged ranges expanded, addressed by (row, col) from 1."""

    sheet: str
    cells: dict[tuple[int, int], object]
    max_row: int
    max_col: int

    def value(self, row: int, col: int) -> object:
        return self.cells.get((row, col))

    def row_values(self, row: int) -> list[object]:
        return [self.value(row, c) for c in range(1, self.max_col + 1)]

    def is_blank(self, row: int) -> bool:
        return all(_blank(v) for v in self.row_values(row))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: object) -> str | None:
    """Cell text with outer whitespace removed (inner text kept as written); None when blank."""
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class LoadedWorkbook:
    file_name: str
    sha256: str
    grids: list[Grid]


def check_container(data: bytes, name: str) -> list[Problem]:
    """Refuse what is not an .xlsx within the limits before any parser sees it (by content, not by file name;
    see ``etl.xlsx_guard``)."""
    return inspect(data, name).all_problems


def read_file_bounded(path: Path) -> tuple[bytes, list[Problem]]:
    """A file's bytes, its size checked before it is read (an operator's folder may hold anything)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            message = f"Filen er større enn grensen på {MAX_FILE_BYTES // (1024 * 1024)} MB."
            return b"", [Problem(path.name, None, message)]
        return path.read_bytes(), []
    except OSError as exc:
        return b"", [Problem(path.name, None, f"Filen kan ikke leses: {exc.strerror}.")]


def read_workbook(path: Path) -> tuple[LoadedWorkbook | None, list[Problem]]:
    data, problems = read_file_bounded(path)
    if problems:
        return None, problems
    return read_workbook_bytes(data, path.name)


def read_workbook_bytes(data: bytes, name: str) -> tuple[LoadedWorkbook | None, list[Problem]]:
    problems = check_container(data, name)
    if problems:
        return None, problems
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        return None, [Problem(name, None, f"Arbeidsboken kan ikke leses ({type(exc).__name__}).")]
    grids = []
    for sheet in workbook.worksheets:
        cells: dict[tuple[int, int], object] = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells[(cell.row, cell.column)] = cell.value
        for merged in sheet.merged_cells.ranges:
            top_left = cells.get((merged.min_row, merged.min_col))
            for r in range(merged.min_row, merged.max_row + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    cells[(r, c)] = top_left
        grids.append(Grid(sheet.title, cells, sheet.max_row or 0, sheet.max_column or 0))
    workbook.close()
    return LoadedWorkbook(name, hashlib.sha256(data).hexdigest(), grids), []


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    pattern: str
    required: bool = True

    def matches(self, header: str) -> bool:
        return bool(header) and re.fullmatch(self.pattern, header) is not None


@dataclass(frozen=True)
class TableSpec:
    key: str
    label: str
    columns: tuple[Column, ...]
    group_key: str | None = "project"

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)


@dataclass
class TableRow:
    row: int
    values: dict[str, object]
    refs: dict[str, str]
    section: str | None = None


@dataclass
class Table:
    spec: TableSpec
    sheet: str
    header_row: int
    rows: list[TableRow] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.header_row}"


def _match_header(grid: Grid, row: int, spec: TableSpec) -> dict[str, int]:
    found: dict[str, int] = {}
    for col in range(1, grid.max_col + 1):
        header = normalise_header(grid.value(row, col))
        for column in spec.columns:
            if column.key not in found and column.matches(header):
                found[column.key] = col
                break
    return found


_CAPTION = re.compile(r"^(tabell|figur|kilde)\b", re.IGNORECASE)
_SUM = re.compile(r"^(sum|totalt|sum totalt|total)\s*:?$", re.IGNORECASE)
_SECTION_ENDED = re.compile(r"^avsluttede?\s+prosjekt(er)?\s*:?$", re.IGNORECASE)


def find_tables(grids: list[Grid], specs: tuple[TableSpec, ...]) -> tuple[list[Table], list[Problem]]:
    """Every table in the workbook whose header row matches a spec, with its data rows."""
    tables: list[Table] = []
    problems: list[Problem] = []
    for grid in grids:
        header_rows: list[tuple[int, TableSpec, dict[str, int]]] = []
        for row in range(1, grid.max_row + 1):
            full = []
            for spec in specs:
                found = _match_header(grid, row, spec)
                if all(c.key in found for c in spec.required):
                    full.append((len(found), spec, found))
            if full:
                full.sort(key=lambda item: -item[0])
                header_rows.append((row, full[0][1], full[0][2]))
                continue
            problems.extend(_near_miss(grid, row, specs))
        for index, (row, spec, found) in enumerate(header_rows):
            stop = header_rows[index + 1][0] if index + 1 < len(header_rows) else grid.max_row + 1
            tables.append(_read_rows(grid, row, stop, spec, found))
    return tables, problems


def _near_miss(grid: Grid, row: int, specs: tuple[TableSpec, ...]) -> list[Problem]:
    problems = []
    for spec in specs:
        found = _match_header(grid, row, spec)
        distinctive = [k for k in found if k != "project"]
        required_found = [c for c in spec.required if c.key in found]
        if len(required_found) >= 2 and distinctive and "project" in found:
            missing = [c.label for c in spec.required if c.key not in found]
            problems.append(
                Problem(
                    grid.sheet,
                    f"A{row}",
                    f"Rad {row} ser ut som overskriften til {spec.label}, men mangler "
                    f"{'kolonnen' if len(missing) == 1 else 'kolonnene'} " + ", ".join(f"«{m}»" for m in missing) + ".",
                )
            )
    return problems


def _read_rows(grid: Grid, header_row: int, stop: int, spec: TableSpec, found: dict[str, int]) -> Table:
    table = Table(spec, grid.sheet, header_row)
    blank_run = 0
    section: str | None = None
    last_group: object = None
    first_col = min(found.values())
    for row in range(header_row + 1, stop):
        if grid.is_blank(row):
            blank_run += 1
            if blank_run >= 2:
                break
            continue
        blank_run = 0
        filled = [(c, v) for c in range(1, grid.max_col + 1) if not _blank(v := grid.value(row, c))]
        only_text = str(filled[0][1]).strip() if len(filled) == 1 else None
        if only_text is not None and _CAPTION.match(only_text):
            break
        group_col = found.get(spec.group_key) if spec.group_key else None
        group_value = grid.value(row, group_col) if group_col else None
        label = str(group_value if group_value is not None else (filled[0][1] if filled else "")).strip()
        if _SECTION_ENDED.match(label) and all(
            _blank(grid.value(row, c)) for k, c in found.items() if k != spec.group_key
        ):
            section = "ended"
            last_group = None
            continue
        if _SUM.match(label):
            continue
        if only_text is not None and filled[0][0] < first_col:
            continue
        values = {key: grid.value(row, col) for key, col in found.items()}
        if group_col is not None:
            if _blank(values[spec.group_key]):
                values[spec.group_key] = last_group
            else:
                last_group = values[spec.group_key]
        refs = {key: cell_ref(grid.sheet, row, col) for key, col in found.items()}
        table.rows.append(TableRow(row, values, refs, section))
    return table
