"""The round report and the SSU case document as Word (.docx), for the secretariat to edit."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from components.cells import cell_text
from reports.outline import Chart, Heading, PageBreak, Paragraph, TableBlock


def _table(doc, table) -> None:
    doc.add_paragraph(table.title, style="Caption")
    grid = doc.add_table(rows=1, cols=len(table.headers))
    grid.style = "Light Grid Accent 1"
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        cell.text = header
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.text = cell_text(value)
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def render_blocks(blocks: list, render_png) -> bytes:
    doc = Document()
    doc.core_properties.language = "nb-NO"
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph(block.text)
            if block.style in ("muted", "subtitle"):
                for run in paragraph.runs:
                    run.italic = True
        elif isinstance(block, TableBlock):
            _table(doc, block.table)
        elif isinstance(block, Chart):
            doc.add_paragraph(block.title, style="Caption")
            png = render_png(block.figure)
            if png:
                doc.add_picture(io.BytesIO(png), width=Cm(16))
            else:
                doc.add_paragraph("Diagrammet kunne ikke tegnes på denne maskinen; tallene står i tabellen.")
            doc.add_paragraph(block.summary)
            _table(doc, block.table)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def landscape(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
