"""The round report and the SSU case document as Word (.docx), for the secretariat to edit.

Laid out for A4 like a Norwegian public document: 2,5 cm margins, real heading styles (Overskrift 1–3 in a
Norwegian Word), a table of contents field that Word fills on opening, a front page, landscape sections for
tables too wide for portrait, column widths from content (no word or amount broken inside), and alt text on
every picture.
"""

from __future__ import annotations

import io
import re
import struct
from datetime import UTC, datetime

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from components.cells import cell_text
from domain.office import app_properties, is_theme, own_theme
from domain.vocabulary import PRODUCT
from reports.outline import Chart, Contents, FrontPage, Heading, PageBreak, Paragraph, TableBlock

A4_WIDTH, A4_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.5)
NBSP = "\u00a0"
CELL_PADDING_PT = 11.0
"""Word's default left and right cell margins (0,19 cm each), in points."""
CHAR_EM = 0.56
"""A generous average glyph width of Calibri in em (digits are 0,51 em, most letters less)."""
TOC_PLACEHOLDER = "Innholdsfortegnelsen oppdateres når dokumentet åpnes."


def keep_together(text: str) -> str:
    """Non-breaking spaces inside numbers and amounts: '2 500 000 kr' and '35,2 %' never break over lines."""
    text = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", NBSP, text)
    return re.sub(r"(?<=\d) (?=(kr|%)(?!\w))", NBSP, text)


def _text_width_pt(text: str, size: float, bold: bool = False) -> float:
    return len(text) * size * (CHAR_EM + (0.05 if bold else 0))


def _longest_word_pt(text: str, size: float, bold: bool = False) -> float:
    words = re.split(r"[ \n\t]+", text)
    return max((_text_width_pt(w, size, bold) for w in words if w), default=0.0)


def column_widths(headers: list[str], rows: list[list[str]], available_pt: float, size: float) -> list[float] | None:
    """Column widths in points that fit ``available_pt``: each column at least as wide as its longest word (so
    no word or amount is broken), the rest shared by how much text each column holds. None when even the
    longest words do not fit at this type size."""
    columns = list(zip(headers, *rows, strict=False)) if rows else [(h,) for h in headers]
    least = [
        max(_longest_word_pt(c[0], size, True), *(_longest_word_pt(t, size) for t in c[1:]), 0) + CELL_PADDING_PT
        for c in columns
    ]
    if sum(least) > available_pt:
        return None
    wish = [
        max(_text_width_pt(c[0], size, True), *(_text_width_pt(t, size) for t in c[1:]), 0) + CELL_PADDING_PT
        for c in columns
    ]
    spare = available_pt - sum(least)
    more = [max(w - m, 0) for w, m in zip(wish, least, strict=True)]
    if sum(more) <= spare:
        extra = [m + (spare - sum(more)) / len(more) for m in more]
    else:
        extra = [spare * m / sum(more) for m in more]
    return [m + e for m, e in zip(least, extra, strict=True)]


def _set_page(section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (A4_HEIGHT, A4_WIDTH) if landscape else (A4_WIDTH, A4_HEIGHT)
    section.top_margin = section.bottom_margin = MARGIN
    section.left_margin = section.right_margin = MARGIN
    section.header_distance = section.footer_distance = Cm(1.25)


def _available_pt(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / 12700


def _orientation(doc, landscape: bool) -> None:
    """Start a new section when the orientation changes (wide tables get landscape pages)."""
    current = doc.sections[-1]
    if (current.orientation == WD_ORIENT.LANDSCAPE) != landscape:
        _set_page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=landscape)


def portrait(doc) -> None:
    """Back to portrait pages after landscape tables."""
    _orientation(doc, False)


def _fixed_layout(grid, widths_pt: list[float]) -> None:
    properties = grid._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(sum(widths_pt) * 20)))
    for column, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths_pt, strict=True):
        column.set(qn("w:w"), str(int(width * 20)))


_W = {name: qn(f"w:{name}") for name in ("tr", "trPr", "tblHeader", "cantSplit", "tc", "tcPr", "tcW", "shd")}
_W.update({name: qn(f"w:{name}") for name in ("p", "pPr", "spacing", "r", "rPr", "b", "sz", "t", "br", "tab")})
_W.update(val=qn("w:val"), w=qn("w:w"), type=qn("w:type"), fill=qn("w:fill"), after=qn("w:after"))
_PRESERVE = qn("xml:space")


def _table_row(texts: list[str], widths_pt: list[float], size: float, *, header: bool = False):
    """One table row as WordprocessingML: each cell's width, no space after its paragraph, the type size, and
    for the header row shading, bold type, repetition on every page and no split over pages. The same markup
    python-docx's cell.text, cell.width and run.font make, built directly: for a report's thousand rows those
    took most of the document's time (make bench)."""
    from lxml.etree import SubElement

    row = OxmlElement("w:tr")
    if header:  # body rows may split over pages: with «cantSplit» on them LibreOffice dropped a table's rows after
        # a header left alone at a page's foot (trial 25c), a worse fault than a row split (trial 25b)
        properties = SubElement(row, _W["trPr"])
        SubElement(properties, _W["tblHeader"]).set(_W["val"], "true")
        SubElement(properties, _W["cantSplit"])
    half_points = str(round(size * 2))
    for text, width in zip(texts, widths_pt, strict=False):
        cell = SubElement(row, _W["tc"])
        cell_properties = SubElement(cell, _W["tcPr"])
        cell_width = SubElement(cell_properties, _W["tcW"])
        cell_width.set(_W["w"], str(int(width * 20)))
        cell_width.set(_W["type"], "dxa")
        if header:
            shading = SubElement(cell_properties, _W["shd"])
            shading.set(_W["val"], "clear")
            shading.set(_W["fill"], "DCE6F1")
        paragraph = SubElement(cell, _W["p"])
        SubElement(SubElement(paragraph, _W["pPr"]), _W["spacing"]).set(_W["after"], "0")
        run = SubElement(paragraph, _W["r"])
        run_properties = SubElement(run, _W["rPr"])
        if header:
            SubElement(run_properties, _W["b"])
        SubElement(run_properties, _W["sz"]).set(_W["val"], half_points)
        for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
            if number:
                SubElement(run, _W["br"])
            for part, piece in enumerate(line.split("\t")):
                if part:
                    SubElement(run, _W["tab"])
                if piece:
                    element = SubElement(run, _W["t"])
                    element.text = piece
                    if piece != piece.strip():
                        element.set(_PRESERVE, "preserve")
    return row


def styled(doc, text: str, style: str):
    """``doc.add_paragraph(text, style=style)`` with the style set by its id: python-docx compares a style
    given by name with the document's default style on every paragraph, a scan of all styles each time."""
    paragraph = doc.add_paragraph(text)
    paragraph._p.style = doc.styles[style].style_id
    return paragraph


def heading(doc, text: str, level: int):
    """``doc.add_heading`` without the look-up by name (see ``styled``)."""
    return styled(doc, text, f"Heading {level}")


def add_table(doc, table, *, landscape: bool = False) -> None:
    """A table with its caption above it, on a landscape page when asked, with widths from its content."""
    _orientation(doc, landscape)
    headers = [keep_together(h) for h in table.headers]
    rows = [[keep_together(cell_text(v)) for v in row] for row in table.rows]
    available = _available_pt(doc.sections[-1])
    size, widths = 9.0, None
    for size in (9.0, 8.0, 7.0, 6.5):
        widths = column_widths(headers, rows, available, size)
        if widths:
            break
    if widths is None:  # the longest words alone are wider than the page: share the page by them
        least = [
            max(_longest_word_pt(t, size) for t in col) + CELL_PADDING_PT for col in zip(headers, *rows, strict=False)
        ]
        widths = [available * w / sum(least) for w in least]
    caption = styled(doc, table.title, "Caption")
    caption.paragraph_format.keep_with_next = True
    grid = doc.add_table(rows=0, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid._tbl.append(_table_row(headers, widths, size, header=True))
    for row in rows:
        grid._tbl.append(_table_row(row, widths, size))
    _fixed_layout(grid, widths)
    doc.add_paragraph()


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def add_picture(doc, png: bytes, description: str, title: str, paragraph=None) -> None:
    """The chart as wide as a portrait page's text, no taller than the page, with alt text (docPr descr and
    title); into ``paragraph`` (kept with the next) when given, else a new paragraph at the end."""
    width = A4_WIDTH - 2 * MARGIN  # charts stand on portrait pages
    most = A4_HEIGHT - 2 * MARGIN - Cm(4)
    pixels_wide, pixels_high = _png_size(png)
    paragraph = paragraph if paragraph is not None else doc.add_paragraph()
    run = paragraph.add_run()
    if width * pixels_high / pixels_wide > most:
        shape = run.add_picture(io.BytesIO(png), height=most)
    else:
        shape = run.add_picture(io.BytesIO(png), width=width)
    properties = shape._inline.docPr
    properties.set("descr", description)
    properties.set("title", title)
    name = f"Diagram {properties.get('id')}"  # python-docx names it «Picture n», which Word's panes show
    properties.set("name", name)
    for picture in shape._inline.iter(qn("pic:cNvPr")):
        picture.set("name", name)
    paragraph.paragraph_format.keep_with_next = True


def _field(paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin, instruction, separate, its shown result, end) at the end of ``paragraph``."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, shown), ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        elif text is not None:
            element = OxmlElement("w:instrText" if text == instruction else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run.append(element)
        paragraph._p.append(run)


def _bookmark(paragraph, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _toc_styles(doc) -> None:
    for level in (1, 2, 3):
        style = doc.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
        style.font.bold = level == 1


def _fill_contents(doc, placeholder, headings: list[tuple[int, str, str]]) -> None:
    """The TOC field (Word updates it on opening: ``updateFields``), filled already with every heading of level
    1–3 and a PAGEREF to its bookmark, so readers that do not update fields (LibreOffice) show it as well."""
    section = doc.sections[0]
    right = section.page_width - section.left_margin - section.right_margin
    first = True
    for level, text, bookmark in headings:
        entry = styled(doc, "", f"toc {level}")
        entry.paragraph_format.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if first:
            for kind, instruction in (("begin", None), (None, ' TOC \\o "1-3" \\h \\z \\u '), ("separate", None)):
                run = OxmlElement("w:r")
                if kind:
                    char = OxmlElement("w:fldChar")
                    char.set(qn("w:fldCharType"), kind)
                    run.append(char)
                else:
                    instr = OxmlElement("w:instrText")
                    instr.set(qn("xml:space"), "preserve")
                    instr.text = instruction
                    run.append(instr)
                entry._p.append(run)
            first = False
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        entry._p.append(link)
        holder = doc.add_paragraph()
        holder.add_run(text)
        holder.add_run().add_tab()
        _field(holder, f" PAGEREF {bookmark} \\h ", "")
        for run in list(holder._p):
            if run.tag == qn("w:r"):
                link.append(run)
        holder._p.getparent().remove(holder._p)
        placeholder._p.addprevious(entry._p)
    end = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end.append(char)
    placeholder._p.append(end)
    for element in list(placeholder._p):
        if element.tag == qn("w:r") and element.find(qn("w:t")) is not None:
            placeholder._p.remove(element)
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _front_page(doc, page: FrontPage) -> None:
    for _ in range(6):
        doc.add_paragraph()
    title = styled(doc, page.title, "Title")
    title.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styled(doc, page.subtitle, "Subtitle")
    for _ in range(8):
        doc.add_paragraph()
    for text, size, bold in ((page.date_text, 14, True), (page.round_name, 14, False), (page.author, 12, False)):
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size, run.bold = Pt(size), bold
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


PRODUCER = PRODUCT


def describe(properties, title: str = "", author: str = PRODUCER) -> None:
    """A document's own properties in Norwegian and of today (python-docx and python-pptx start from templates
    that say «generated by python-docx», «Steve Canny» and 2013, in en-US; the session-19 trial)."""
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.language = "nb-NO"
    properties.author = properties.last_modified_by = author
    properties.comments = properties.keywords = properties.subject = properties.category = ""
    properties.title = title
    properties.created = properties.modified = now
    properties.revision = 1


def own_parts(package, more: str = "", replace: dict[str, dict[str, str]] | None = None) -> None:
    """The parts python-docx and python-pptx copy from their templates as they are: docProps/app.xml says the
    file was written by «Microsoft Macintosh Word/PowerPoint» as an «On-screen Show (4:3)» (the session-19
    trial); it is written anew, naming the product. ``replace`` maps a part's name to texts to replace in it
    (the theme's «Office Theme»). The libraries keep such parts as bytes without a setter, hence ``_blob``."""
    replace = replace or {}
    rels = package.rels if hasattr(package, "rels") else package._rels  # python-docx / python-pptx
    for rId in [r.rId for r in rels.values() if r.reltype.endswith("/metadata/thumbnail")]:
        rels.pop(rId)  # the template's preview picture (a blank 4:3 page), shown by file managers as this file's
    for part in package.iter_parts():
        name = str(part.partname)
        if name == "/docProps/app.xml":
            part._blob = app_properties(more)
        if is_theme(name):
            part._blob = own_theme(part.blob)
        for old, new in replace.get(name, {}).items():
            part._blob = part.blob.replace(old.encode(), new.encode())


TEMPLATE_PARTS = {
    # Word 2010's copy of the styles, which python-docx leaves as its template has it
    "/word/stylesWithEffects.xml": {'w:val="en-US" w:eastAsia="en-US"': 'w:val="nb-NO" w:eastAsia="nb-NO"'},
}


def new_document():
    """An A4 document in Norwegian with the house styles."""
    doc = Document()
    describe(doc.core_properties)
    own_parts(doc.part.package, replace=TEMPLATE_PARTS)
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "nb-NO")
    style.element.get_or_add_rPr().append(language)
    # the template's defaults say en-US: the language of every style without its own, and of the theme's fonts
    for element in [*doc.styles.element.iter(qn("w:lang")), *doc.settings.element.iter(qn("w:themeFontLang"))]:
        element.set(qn("w:val"), "nb-NO")
        if element.get(qn("w:eastAsia")):
            element.set(qn("w:eastAsia"), "nb-NO")
    for level, size in ((1, 16), (2, 13), (3, 11)):
        heading = doc.styles[f"Heading {level}"]
        heading.font.size = Pt(size)
        heading.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    for section in doc.sections:
        _set_page(section, landscape=False)
    return doc


def render_blocks(blocks: list, render_png) -> bytes:
    doc = new_document()
    _toc_styles(doc)
    placeholder = None
    headings: list[tuple[int, str, str]] = []
    pictures: list = []  # (paragraph, figure, description, title): filled once the text and tables are built
    for block in blocks:
        if isinstance(block, FrontPage):
            doc.core_properties.title = block.title
            doc.core_properties.author = doc.core_properties.last_modified_by = block.owner
            _front_page(doc, block)
        elif isinstance(block, Contents):
            styled(doc, block.title, "TOC Heading")
            placeholder = doc.add_paragraph(TOC_PLACEHOLDER)
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, Heading):
            _orientation(doc, False)
            level = min(max(block.level, 1), 3)
            title = heading(doc, keep_together(block.text), level)
            name = f"_Toc{len(headings) + 1:04d}"
            _bookmark(title, name, len(headings) + 1)
            headings.append((level, block.text, name))
        elif isinstance(block, Paragraph):
            _orientation(doc, False)
            paragraph = doc.add_paragraph(keep_together(block.text))
            if block.style in ("muted", "subtitle"):
                for run in paragraph.runs:
                    run.italic = True
        elif isinstance(block, TableBlock):
            add_table(doc, block.table, landscape=block.landscape)
        elif isinstance(block, Chart):
            _orientation(doc, False)
            for figure, title in zip(block.figures, block.part_titles(), strict=True):
                caption = styled(doc, title, "Caption")
                caption.paragraph_format.keep_with_next = True
                pictures.append((doc.add_paragraph(), figure, block.summary, title))
            doc.add_paragraph(keep_together(block.summary))
            add_table(doc, block.table)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
    for paragraph, figure, description, title in pictures:  # the charts are drawn meanwhile (charts.renderer)
        png = render_png(figure)
        if png:
            add_picture(doc, png, description, title, paragraph)
        else:
            paragraph.add_run("Diagrammet kunne ikke tegnes på denne maskinen; tallene står i tabellen.")
    if placeholder is not None:
        _fill_contents(doc, placeholder, headings)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
