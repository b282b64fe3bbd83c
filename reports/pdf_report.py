"""The round report as PDF (reportlab), for reading and archiving."""

from __future__ import annotations

import io
import os
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    LongTable,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    PageBreak as RLPageBreak,
)
from reportlab.platypus import (
    Paragraph as RLParagraph,
)

from components.cells import cell_text
from reports.outline import Chart, Heading, PageBreak, Paragraph, TableBlock

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
DEJAVU_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _fonts() -> tuple[str, str, bool]:
    """DejaVu when installed (every character), else Helvetica with a few characters replaced."""
    if os.path.exists(DEJAVU) and os.path.exists(DEJAVU_BOLD):
        if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVu", DEJAVU))
            pdfmetrics.registerFont(TTFont("DejaVu-Bold", DEJAVU_BOLD))
        return "DejaVu", "DejaVu-Bold", True
    return "Helvetica", "Helvetica-Bold", False


def _text(value, unicode_ok: bool) -> str:
    text = cell_text(value)
    if not unicode_ok:
        text = text.replace("\u2212", "-").replace("\u2264", "<=").replace("\u2265", ">=").replace("…", "...")
    return escape(text)


def column_widths(
    headers: list[str], rows: list[list], total: float, *, char_width: float = 4.4, padding: float = 12
) -> list[float]:
    """Widths in proportion to what the columns hold (long texts get room, amounts stay narrow), and no
    column narrower than its longest word (up to 18 characters), so words are not broken mid-way."""
    weights, floors = [], []
    for index, header in enumerate(headers):
        texts = [str(header)] + [
            cell_text(row[index]) for row in rows if index < len(row) and row[index] not in (None, "")
        ]
        longest_word = min(max((len(word) for text in texts for word in text.split()), default=1), 18)
        average = sum(len(text) for text in texts[1:]) / max(1, len(texts) - 1)
        weights.append(max(longest_word, min(average, 60), 4))
        floors.append(longest_word * char_width + padding)
    widths = [w * total / sum(weights) for w in weights]
    for _ in range(len(widths)):  # lift narrow columns to their floor, taking the room from wide ones
        deficit = sum(max(0.0, f - w) for f, w in zip(floors, widths, strict=True))
        spare = sum(max(0.0, w - f) for f, w in zip(floors, widths, strict=True))
        if deficit <= 1e-9 or spare <= 1e-9:
            break
        share = min(1.0, deficit / spare)
        widths = [f if w < f else w - (w - f) * share for f, w in zip(floors, widths, strict=True)]
    return widths


def render_blocks(blocks: list, render_png, *, title: str) -> bytes:
    regular, bold, unicode_ok = _fonts()
    base = getSampleStyleSheet()
    styles = {
        0: ParagraphStyle("h0", parent=base["Title"], fontName=bold, fontSize=24, leading=30),
        1: ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, fontSize=16),
        2: ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=13),
        3: ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=11),
    }
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=10, leading=13)
    muted = ParagraphStyle("muted", parent=body, textColor=colors.HexColor("#4a5360"))
    cell = ParagraphStyle("cell", parent=body, fontSize=7.5, leading=9)
    caption = ParagraphStyle("caption", parent=body, fontName=bold, fontSize=9)
    story: list = []

    def table(t) -> None:
        story.append(RLParagraph(_text(t.title, unicode_ok), caption))
        data = [[RLParagraph(_text(h, unicode_ok), cell) for h in t.headers]]
        data += [[RLParagraph(_text(v, unicode_ok), cell) for v in row] for row in t.rows]
        grid = LongTable(data, colWidths=column_widths(t.headers, t.rows, A4[0] - 3 * cm), repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa4b1")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dce6f1")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.extend([grid, Spacer(1, 8)])

    for block in blocks:
        if isinstance(block, Heading):
            story.append(RLParagraph(_text(block.text, unicode_ok), styles[min(block.level, 3)]))
        elif isinstance(block, Paragraph):
            story.append(RLParagraph(_text(block.text, unicode_ok), muted if block.style != "normal" else body))
        elif isinstance(block, TableBlock):
            table(block.table)
        elif isinstance(block, Chart):
            story.append(RLParagraph(_text(block.title, unicode_ok), caption))
            png = render_png(block.figure)
            if png:
                story.append(Image(io.BytesIO(png), width=16 * cm, height=8 * cm))
            else:
                story.append(
                    RLParagraph("Diagrammet kunne ikke tegnes på denne maskinen; tallene står i tabellen.", muted)
                )
            story.append(RLParagraph(_text(block.summary, unicode_ok), body))
            table(block.table)
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.5 * cm,
        bottomMargin=1.5 * cm,
        title=title,
        author="Helsefellesskapet Troms og Ofoten",
        lang="nb-NO",
    )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawRightString(A4[0] - 1.5 * cm, 1 * cm, f"{title} – side {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
