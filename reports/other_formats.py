"""The report's tables as an Excel workbook, and a short slide deck for the SSU meeting."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from pptx import Presentation
from pptx.util import Cm, Pt

from components.cells import cell_text, write_cell, write_text
from components.ssu import MATRIX_COLUMNS
from domain.vocabulary import PROGRESS
from reports.data import ReportData, report_subtitle, report_title


def xlsx_report(data: ReportData) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "Om rapporten"
    lines = [report_title(data), report_subtitle(data), data.coverage]
    if data.illustrative:
        lines.append("Merk: målgrupper og poeng merket «eksempeldata» er eksempeldata, ikke rapporterte tall.")
    lines += list(data.finding_notes)
    for row, line in enumerate(lines, start=1):
        write_text(about.cell(row, 1), line)
    about["A1"].font = Font(bold=True, size=14)
    used = set()
    for table in data.tables():
        name = table.title.split(":")[0][:28] or "Tabell"
        while name in used:
            name = name[:26] + "_2"
        used.add(name)
        sheet = book.create_sheet(name)
        write_text(sheet.cell(1, 1), table.title)
        sheet["A1"].font = Font(bold=True)
        for column, header in enumerate(table.headers, start=1):
            write_text(sheet.cell(2, column), header)
            sheet.cell(2, column).font = Font(bold=True)
        for row_index, row in enumerate(table.rows, start=3):
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row_index, column)
                write_cell(cell, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index in range(1, len(table.headers) + 1):
            sheet.column_dimensions[sheet.cell(2, index).column_letter].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pptx_report(data: ReportData, charts: list, render_png) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Cm(33.867), Cm(19.05)
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = report_title(data).capitalize()
    title.placeholders[1].text = f"{report_subtitle(data)}\n{data.coverage}"
    rows = data.matrix.rows
    labels = dict(MATRIX_COLUMNS)
    keys = ["project", "granted", "spent", "rate", "milestones", PROGRESS, "suggested", "recommendation"]
    headers = [labels[k] for k in keys]
    index = [data.matrix.headers.index(h) for h in headers]
    for start in range(0, max(len(rows), 1), 5):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = data.matrix.title
        chunk = rows[start : start + 5]
        shape = slide.shapes.add_table(len(chunk) + 1, len(headers), Cm(1), Cm(3.5), Cm(31.8), Cm(14))
        for c, header in enumerate(headers):
            shape.table.cell(0, c).text = header
        for r, row in enumerate(chunk, start=1):
            for c, i in enumerate(index):
                shape.table.cell(r, c).text = cell_text(row[i])
        for row in shape.table.rows:
            for cell in row.cells:
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(12)
    for _key, chart_title, summary, figure in charts:
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = chart_title
        png = render_png(figure, 1100, 520)
        if png:
            slide.shapes.add_picture(io.BytesIO(png), Cm(2), Cm(3.5), width=Cm(29.8))
        box = slide.shapes.add_textbox(Cm(2), Cm(17.2), Cm(29.8), Cm(1.5))
        box.text_frame.text = summary if png else f"{summary} (Diagrammet kunne ikke tegnes på denne maskinen.)"
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
