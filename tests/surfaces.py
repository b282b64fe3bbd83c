"""Every surface that shows a project's money figures, read back as the text a user sees: pages (the layouts a
request gets), the SSU matrix, the Excel exports, the command line's ``summary --json`` and the round
documents. The cross-surface tests compare them figure by figure (issue 13: one figure, one value).

A figure is read as the triple (oppgitt, kontroll, beregnet) where a surface shows all three, else as the
oppgitt text alone. The expected text is written here from the summary's plain numbers, independently of
the components that format them.
"""

from __future__ import annotations

import io
import json
import re
import subprocess

from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from components.cells import COMPUTED_COMMENT, COMPUTED_NOTE, COUNT_FORMAT, KR_FORMAT, PERCENT_FORMAT
from components.export import to_xlsx
from domain.formatting import format_int, format_kr, format_percent
from domain.vocabulary import CARRY_OVER, NEXT_YEAR, REMAINING
from tests.cli import run_cli
from tests.conftest import render_layout

FIGURES = {REMAINING.label: REMAINING.key, CARRY_OVER.label: CARRY_OVER.key, NEXT_YEAR.label: NEXT_YEAR.key}
CHECKED = tuple(FIGURES.values())
CANNOT = "kan ikke beregnes"


# ------------------------------------------------------------------ the reference: summary --json


def summary(url: str, round_name: str, env: dict | None = None) -> dict:
    ran = run_cli("summary", "--json", "--round", round_name, "--db", url, env=env)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def printed_text(value: int | None, note: str | None) -> str:
    if value is None:
        return note or "ikke oppgitt"
    return format_kr(value) + (f" {note}" if note else "")


def matrix_text(f: dict) -> str:
    """The SSU matrix's TGM or VM: as printed, else the computed value marked «(beregnet)» (trial 25b)."""
    if f["printed"] is None and not f["note"] and f["computed"] is not None:
        return f"{format_kr(f['computed'])} {COMPUTED_NOTE}"
    return printed_text(f["printed"], f["note"])


def value_text(value: int | None) -> str:
    return CANNOT if value is None else format_kr(value)


def label(project: dict) -> str:
    """A project's name in a round's tables: marked when it did not report in the round."""
    if not project["active"]:
        return f"{project['short_name']} (avsluttet)"
    if not project["reported"]:
        source = project["source_round"]
        return f"{project['short_name']} (ikke rapportert; " + (
            f"tall fra {source})" if source else "ingen godkjent rapport)"
        )
    return project["short_name"]


def expected_figures(data: dict) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(project label, figure key) -> (oppgitt, kontroll, beregnet) as every surface must show them, for the
    active projects with figures (an approved report in the round or before)."""
    out = {}
    for p in data["projects"]:
        if not p["active"] or p["source_round"] is None:
            continue
        for key in CHECKED:
            f = p["figures"][key]
            out[(label(p), key)] = (
                printed_text(f["printed"], f["note"]),
                value_text(f["expected"]),
                value_text(f["computed"]),
            )
    return out


# ------------------------------------------------------------------ pages


def _text(node) -> str:
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    if isinstance(node, (int, float)):
        return str(node)
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    if isinstance(node, dict):
        return _text(node.get("props", {}).get("children"))
    return ""


def _find(node, element_id: str):
    if isinstance(node, list):
        for n in node:
            found = _find(n, element_id)
            if found is not None:
                return found
    elif isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == element_id:
            return node
        return _find(props.get("children"), element_id)
    return None


def _rows(node, tag: str = "Td") -> list[list[str]]:
    rows = []

    def walk(n):
        if isinstance(n, list):
            for x in n:
                walk(x)
        elif isinstance(n, dict):
            if n.get("type") == "Tr":
                cells = [c for c in _children(n) if isinstance(c, dict) and c.get("type") == tag]
                if cells:
                    rows.append([_text(c) for c in cells])
                return
            walk(n.get("props", {}).get("children"))

    walk(node)
    return rows


def _children(node) -> list:
    children = node.get("props", {}).get("children")
    return children if isinstance(children, list) else [children]


def table(layout: str, element_id: str, *, header: bool = False) -> list[list[str]]:
    """The rows of the table ``element_id`` in a page's layout JSON (its header row with ``header``)."""
    node = _find(json.loads(layout), element_id)
    assert node is not None, f"fant ikke {element_id}"
    return (_rows(node, "Th") if header else []) + _rows(node)


def grid_rows(layout: str, grid_id: str) -> list[dict]:
    """The rows a page's project grid holds."""
    node = _find(json.loads(layout), grid_id)
    assert node is not None, f"fant ikke {grid_id}"
    return node["props"]["rowData"]


def figure_rows(rows: list[list[str]], *, project_column: bool) -> dict[tuple[str, str], tuple[str, str, str]]:
    """Table 4's long form (Økonomi, the project page, documents): figure rows grouped under a project."""
    out, project = {}, None
    for row in rows:
        if project_column:
            project = row[0] or project
            row = row[1:]
        if row[0] in FIGURES:
            out[(project, FIGURES[row[0]])] = tuple(row[1:4])
    return out


def okonomi(app, round_name: str) -> dict:
    return figure_rows(table(render_layout(app, "/okonomi", runde=round_name), "okonomi-tabell4"), project_column=True)


def project_page(app, number: str, round_name: str) -> tuple[dict, str]:
    layout = render_layout(app, "/prosjekter/<nummer>", nummer=number, runde=round_name)
    node = _find(json.loads(layout), "prosjekt-okonomi-runde")
    figures = figure_rows(_rows(node), project_column=False) if node is not None else {}
    return {key: value for (_none, key), value in figures.items()}, layout


def _find_type(node, kind: str):
    """The first component of type ``kind`` in a layout node."""
    if isinstance(node, list):
        return next((found for x in node if (found := _find_type(x, kind)) is not None), None)
    if isinstance(node, dict):
        if node.get("type") == kind:
            return node
        return _find_type(node.get("props", {}).get("children"), kind)
    return None


def matrix(app, round_name: str) -> dict[str, dict[str, str]]:
    """Project label -> column header -> cell text."""
    layout = render_layout(app, "/ssu", runde=round_name)
    if _find(json.loads(layout), "ssu-matrise") is None:
        assert "Ingen prosjekter i matrisen" in layout
        return {}
    node = _find(json.loads(layout), "ssu-matrise")
    headers = _rows(node, "Th")[0]
    body = []

    def walk(n):  # the compact rows (the project is their row header); not the rows of details
        if isinstance(n, list):
            for x in n:
                walk(x)
        elif isinstance(n, dict):
            if n.get("type") == "Tr" and "matrix-row" in (n["props"].get("className") or ""):
                cells = [c for c in _children(n) if isinstance(c, dict) and c.get("type") in ("Th", "Td")]
                # the project as labelled (its link's title: «Navn (ikke rapportert; tall fra …)»), then the cells
                body.append([_find_type(cells[0], "Link")["props"]["title"]] + [_text(c) for c in cells[1:]])
            else:
                walk(n.get("props", {}).get("children"))

    walk(node)
    return {row[0]: dict(zip(headers, row, strict=True)) for row in body}


# ------------------------------------------------------------------ Excel


def shown(cell) -> str:
    """An Excel cell as its number format shows it on a Norwegian machine."""
    if cell.value is None:
        return "–"
    if cell.number_format == KR_FORMAT:
        note = cell.comment.text.removeprefix("Oppgitt i rapporten: ") if cell.comment else ""
        note = COMPUTED_NOTE if note == COMPUTED_COMMENT else note
        return format_kr(cell.value) + (f" {note}" if note else "")
    if cell.number_format == PERCENT_FORMAT:
        return format_percent(cell.value)
    if cell.number_format == COUNT_FORMAT:
        return format_int(cell.value)
    return str(cell.value)


def sheet_rows(sheet, first_row: int = 1) -> list[list[str]]:
    return [[shown(c) for c in row] for row in sheet.iter_rows(min_row=first_row)]


def export_rows(export) -> list[list[str]]:
    """An export table as the downloaded file shows it (header row first)."""
    return sheet_rows(load_workbook(io.BytesIO(to_xlsx(export))).active)


FORMATTED_NUMBER = re.compile(r"^[−-]?\d{1,3}( \d{3})*( kr|,\d %)")


def text_amounts(sheet, first_row: int = 1) -> list[str]:
    """Cells that hold an amount or a share as text ("2 295 000 kr", "19,6 %"), which Excel cannot sum."""
    return [
        cell.coordinate
        for row in sheet.iter_rows(min_row=first_row)
        for cell in row
        if isinstance(cell.value, str) and FORMATTED_NUMBER.match(cell.value)
    ]


# ------------------------------------------------------------------ documents


def _seen(text: str) -> str:
    """Word text as a reader sees it: the non-breaking spaces that keep amounts on one line are spaces."""
    return text.replace("\u00a0", " ")


def docx_tables(content: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(content))
    return [[[_seen(c.text) for c in row.cells] for row in t.rows] for t in doc.tables]


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return _seen("\n".join(p.text for p in doc.paragraphs))


def docx_table4(content: bytes) -> dict:
    t4 = next(t for t in docx_tables(content) if t[0][:2] == ["Prosjekt", "Tall"])
    return figure_rows(t4[1:], project_column=True)


def xlsx_table4(content: bytes) -> dict:
    book = load_workbook(io.BytesIO(content))
    return figure_rows(sheet_rows(book["Tabell 4"], first_row=3), project_column=True)


def pdf_text(content: bytes) -> str:
    """The PDF's text in drawing order (cell by cell), whitespace collapsed."""
    text = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True).stdout
    return " ".join(text.decode("utf-8").split())


def pptx_text(content: bytes) -> str:
    deck = Presentation(io.BytesIO(content))
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())
