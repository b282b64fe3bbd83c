"""The report's tables as an Excel workbook, and a short slide deck for the SSU meeting."""

from __future__ import annotations

import io
import re
import struct

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Cm, Emu, Mm, Pt

from components.cells import cell_text, write_cell, write_text
from components.ssu import MATRIX_COLUMNS
from domain.formatting import cut_at_word, local_today
from domain.office import with_own_parts
from domain.vocabulary import PROGRESS
from reports.data import ReportData, report_subtitle, report_title
from reports.docx_report import describe, own_parts
from reports.outline import document_author, part_titles


def xlsx_report(data: ReportData) -> bytes:
    book = Workbook()
    book.properties.creator = book.properties.lastModifiedBy = document_author(data.partnership)
    book.properties.title = report_title(data).capitalize()
    book.properties.language = "nb-NO"
    about = book.active
    about.title = "Om rapporten"
    lines = [report_title(data), report_subtitle(data), data.coverage]
    if data.illustrative:
        lines.append("Merk: målgrupper og poeng merket «eksempeldata» er eksempeldata, ikke rapporterte tall.")
    lines += data.finding_notes + data.unchecked_notes
    for row, line in enumerate(lines, start=1):
        write_text(about.cell(row, 1), line)
    about["A1"].font = Font(bold=True, size=14)
    used = set()
    for table in data.tables():
        name = cut_at_word(table.title.split(":")[0], 28) or "Tabell"
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
    return with_own_parts(out.getvalue())


SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12_192_000), Emu(6_858_000)
"""16:9 (33,867 × 19,05 cm), PowerPoint's own widescreen size."""
SIDE = Cm(1.5)
TITLE_TOP, TITLE_HEIGHT = Cm(0.8), Cm(2.2)
BODY_TOP = TITLE_TOP + TITLE_HEIGHT + Cm(0.5)
BOTTOM = SLIDE_HEIGHT - Cm(1.2)
"""Nothing is placed below this line: the footer placeholders sit there."""
TABLE_PT = 12
"""Table text on a slide. At 14 pt, as the charts, the matrix's nine columns leave its suggestion column narrow
and the default data's seven projects take three slides; at 12 pt they fit one (tried in session 22)."""
PPTX_CHART_WIDTH = 1000
"""Pixels across a chart drawn for a 16:9 slide."""
TITLE_PT = 28
SLIDE_KEYS = ("project", "granted", "spent", "rate", "milestones", PROGRESS, "suggested", "recommendation", "decision")


def _widescreen(deck) -> None:
    """Make the default (4:3) template's master and layouts 16:9: every placeholder is stretched to the wider
    slide, so titles and bodies span it instead of sitting in its left three quarters."""
    factor = SLIDE_WIDTH / deck.slide_width
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    for holder in [deck.slide_master, *deck.slide_layouts]:
        for shape in holder.placeholders:
            shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))


LAYOUT_NAMES = {
    "Title Slide": "Tittellysbilde",
    "Title and Content": "Tittel og innhold",
    "Section Header": "Inndelingsoverskrift",
    "Two Content": "To innholdsdeler",
    "Comparison": "Sammenligning",
    "Title Only": "Bare tittel",
    "Blank": "Tomt",
    "Content with Caption": "Innhold med bildetekst",
    "Picture with Caption": "Bilde med bildetekst",
    "Title and Vertical Text": "Tittel og loddrett tekst",
    "Vertical Title and Text": "Loddrett tittel og tekst",
}
"""python-pptx's template's layouts as Norwegian PowerPoint names them (its «Oppsett» menu)."""

PROMPTS = {
    "Click to edit Master title style": "Klikk for å redigere tittelstil",
    "Click to edit Master subtitle style": "Klikk for å redigere undertittelstil",
    "Click to edit Master text styles": "Klikk for å redigere tekststiler",
    "Second level": "Andre nivå",
    "Third level": "Tredje nivå",
    "Fourth level": "Fjerde nivå",
    "Fifth level": "Femte nivå",
}
"""The master's and layouts' placeholder texts, which PowerPoint shows in a new slide's empty boxes."""

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P_NS = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

SHAPE_NAMES = {
    "Title": "Tittel",
    "Subtitle": "Undertittel",
    "Title Placeholder": "Plassholder for tittel",
    "Text Placeholder": "Plassholder for tekst",
    "Content Placeholder": "Plassholder for innhold",
    "Picture Placeholder": "Plassholder for bilde",
    "Date Placeholder": "Plassholder for dato",
    "Footer Placeholder": "Plassholder for bunntekst",
    "Slide Number Placeholder": "Plassholder for lysbildenummer",
    "Vertical Title": "Loddrett tittel",
    "Vertical Text Placeholder": "Plassholder for loddrett tekst",
}
"""The template's shape names («Title 1») as Norwegian PowerPoint names them; PowerPoint's selection pane and a
screen reader's list of objects show them."""


def _norwegian_names(shapes) -> None:
    for shape in shapes:
        kind, _space, number = shape.name.rpartition(" ")
        if kind in SHAPE_NAMES:
            shape.name = f"{SHAPE_NAMES[kind]} {number}"


def _norwegian(deck) -> None:
    """The template's master and layouts in Norwegian: their names, placeholder texts, a Norwegian date in the
    date field (1/27/13 in the template) and nb-NO as the language of every text, so text typed into the deck is
    proofread in Norwegian; the slide size is no longer marked «4:3». (The session-19 trial.)"""
    deck.part._element.sldSz.attrib.pop("type", None)  # python-pptx sets the size but leaves the 4:3 mark
    for notes in deck.part._element.iter(f"{P_NS}notesSz"):  # speaker notes on A4 (the template's: 7,5 × 10 in)
        notes.set("cx", str(Mm(210)))
        notes.set("cy", str(Mm(297)))
    today = local_today().strftime("%d.%m.%Y")
    for element in [deck.part._element, deck.slide_master._element, *(lay._element for lay in deck.slide_layouts)]:
        for node in element.iter():
            if node.get("lang"):
                node.set("lang", "nb-NO")
            if node.tag == f"{A_NS}t" and node.text:
                node.text = PROMPTS.get(node.text, today if node.text == "1/27/13" else node.text)
    for layout in deck.slide_layouts:
        layout._element.cSld.set("name", LAYOUT_NAMES.get(layout.name, layout.name))
    for holder in [deck.slide_master, *deck.slide_layouts]:
        _norwegian_names(holder.shapes)
    printer = [r.rId for r in deck.part.rels.values() if r.reltype.endswith("/printerSettings")]
    for rId in printer:  # Apple printer settings for US Letter, which no part refers to
        deck.part.rels.pop(rId)
    own_parts(
        deck.part.package,
        more="<PresentationFormat>Skjermfremvisning (16:9)</PresentationFormat>",
    )


def _title(slide, text: str) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = SIDE, TITLE_TOP, SLIDE_WIDTH - 2 * SIDE, TITLE_HEIGHT
    title.text = text
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size = Pt(TITLE_PT if len(text) <= 60 else TITLE_PT - 6)


def _text_pt(text: str, size: float) -> float:
    """A text's width in points at 0,5 em a letter, a little more than Calibri's (and Carlito's) average of about
    0,45 em, so a word is never broken (0,55 em left rows half empty: the session-21 re-check)."""
    return len(text) * size * 0.5


NUMBER_GAP = re.compile(r"(?<=\d) (?=\d)|(?<=\d) (?=(?:kr|%)(?!\w))")
"""A space inside an amount or before its unit: «2 295 000 kr» is never broken over two lines on a slide."""


def _unbroken(text: str) -> str:
    return NUMBER_GAP.sub("\u00a0", text)


def _words(text: str) -> list[str]:
    """The words a cell may break between (a no-break space keeps an amount whole, as ``str.split`` would not)."""
    return [w for w in text.split(" ") if w] or [""]


def _slide_columns(headers: list[str], rows: list[list[str]], width_pt: float) -> list[float]:
    """Column widths in points: each column at least its longest word, the rest by how much text its rows hold
    (a header may take a line more, so the room goes to the column with the longest texts)."""
    padding = 14.4  # 0,1 inch each side
    columns = list(zip(headers, *rows, strict=False))
    least = [max(_text_pt(w, TABLE_PT) for t in c for w in _words(t)) + padding for c in columns]
    wish = [max(_text_pt(t, TABLE_PT) for t in c[1:] or [""]) + padding for c in columns]
    spare = max(width_pt - sum(least), 0)
    more = [max(w - m, 0) for w, m in zip(wish, least, strict=True)]
    if sum(more) <= spare:
        return [m + e + (spare - sum(more)) / len(more) for m, e in zip(least, more, strict=True)]
    return [m + spare * e / sum(more) for m, e in zip(least, more, strict=True)]


def _lines(text: str, width_pt: float) -> int:
    """How many lines ``text`` takes in a cell ``width_pt`` wide (words kept whole)."""
    lines, used = 1, 0.0
    room = width_pt - 14.4
    for word in _words(text):
        needed = _text_pt(word if used == 0 else " " + word, TABLE_PT)
        if used and used + needed > room:
            lines, used = lines + 1, _text_pt(word, TABLE_PT)
        else:
            used += needed
    return lines


ONE_LINE_PT = TABLE_PT * 1.2 + 7.2
"""A table row of one line: the line, plus the cell margins (0,05 inch above and below)."""


def _row_height(row: list[str], widths: list[float]) -> float:
    """A row's height in points: its tallest cell's lines, plus the cell margins."""
    return max(_lines(t, w) for t, w in zip(row, widths, strict=True)) * TABLE_PT * 1.2 + 7.2


def _table_slides(deck, title: str, headers: list[str], rows: list[list[str]]) -> None:
    """The table over as many slides as it needs: every row whole, the header on each, nothing past the bottom."""
    width = SLIDE_WIDTH - 2 * SIDE
    widths = _slide_columns(headers, rows, width / 12700)
    room = (BOTTOM - BODY_TOP) / 12700 - _row_height(headers, widths)
    chunks: list[list[list[str]]] = [[]]
    used = 0.0
    for row in rows:
        height = _row_height(row, widths)
        if chunks[-1] and used + height > room:
            chunks.append([])
            used = 0.0
        chunks[-1].append(row)
        used += height
    even = -(-len(rows) // len(chunks)) if rows else 1  # as many rows on each slide as the split allows
    balanced = [rows[i : i + even] for i in range(0, len(rows), even)] or [[]]
    if len(balanced) == len(chunks) and all(sum(_row_height(r, widths) for r in c) <= room for c in balanced):
        chunks = balanced
    for number, chunk in enumerate(chunks, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        _title(slide, title if len(chunks) == 1 else f"{title} ({number} av {len(chunks)})")
        heights = [_row_height(headers, widths)] + [_row_height(r, widths) for r in chunk]
        shape = slide.shapes.add_table(
            len(chunk) + 1, len(headers), SIDE, BODY_TOP, width, Emu(int(sum(heights) * 12700))
        )
        shape.name = "Tabell"
        grid = shape.table
        for column, w in zip(grid.columns, widths, strict=True):
            column.width = Emu(int(w * 12700))
        for r, row in enumerate([headers, *chunk]):
            # one line: PowerPoint and Impress grow a row to its text; the estimate above, a little generous so
            # nothing passes the bottom, only splits the table (as a row height it left rows half empty)
            grid.rows[r].height = Emu(int(ONE_LINE_PT * 12700))
            for c, text in enumerate(row):
                cell = grid.cell(r, c)
                cell.text = text
                cell.margin_top = cell.margin_bottom = Emu(45720)
                for paragraph in cell.text_frame.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(TABLE_PT)
                        run.font.bold = r == 0


def _chart_slide(deck, title: str, summary: str, png: bytes | None) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    _title(slide, title)
    summary_height = Cm(1.6)
    box_top = BOTTOM - summary_height
    if png:
        wide, high = struct.unpack(">II", png[16:24])
        room_w, room_h = SLIDE_WIDTH - 2 * SIDE, box_top - BODY_TOP - Cm(0.3)
        scale = min(room_w / wide, room_h / high)
        width, height = Emu(int(wide * scale)), Emu(int(high * scale))
        picture = slide.shapes.add_picture(io.BytesIO(png), int((SLIDE_WIDTH - width) / 2), BODY_TOP, width, height)
        picture.name = "Diagram"
        picture._element.nvPicPr.cNvPr.set("descr", summary)
    box = slide.shapes.add_textbox(SIDE, box_top, SLIDE_WIDTH - 2 * SIDE, summary_height)
    box.name = "Forklaring"
    box.text_frame.word_wrap = True
    box.text_frame.text = summary if png else f"{summary} (Diagrammet kunne ikke tegnes på denne maskinen.)"
    for paragraph in box.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(16)


def pptx_report(data: ReportData, charts: list, render_png) -> bytes:
    """Slides for the SSU meeting on a 16:9 deck: the front slide, the matrix split over as many slides as its
    rows need, and one slide per chart, each with its picture fitted between the title and its explanation."""
    deck = Presentation()
    describe(deck.core_properties, report_title(data).capitalize(), document_author(data.partnership))
    _widescreen(deck)
    _norwegian(deck)
    front = deck.slides.add_slide(deck.slide_layouts[0])
    front.shapes.title.text = report_title(data).capitalize()
    front.placeholders[1].text = f"{report_subtitle(data)}\n{data.coverage}"
    for paragraph in front.placeholders[1].text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(18)
    labels = dict(MATRIX_COLUMNS)
    headers = [labels[k] for k in SLIDE_KEYS if labels[k] in data.matrix.headers]
    index = [data.matrix.headers.index(h) for h in headers]
    rows = [[_unbroken(cell_text(row[i])) for i in index] for row in data.matrix.rows]
    _table_slides(deck, data.matrix.title, headers, rows)
    for _key, chart_title, summary, figures in charts:
        for figure, title in zip(figures, part_titles(chart_title, len(figures)), strict=True):
            _chart_slide(deck, title, summary, render_png(figure, PPTX_CHART_WIDTH))
    for slide in deck.slides:
        _norwegian_names(slide.shapes)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
