"""The round report as an accessible PDF/UA-1, laid out by Typst from the outline's blocks (decision 116).

The blocks become plain data (``data.json``) that ``report.typ`` sets as text, never as markup. Typst tags the
document: a structure tree with H1–H4, P, Table/THead/TBody/TR/TH/TD, Figure with the chart's alt text,
Caption, TOC/TOCI for the contents page; /Lang nb-NO, the document title, bookmarks from the headings.
Wide tables go on landscape pages, or are split into several tables that each repeat the first column;
every column is at least as wide as its longest word or amount (estimated generously here), numbers and
amounts are held together with non-breaking spaces, and nothing is hyphenated.
"""

from __future__ import annotations

import json
import re
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from components.cells import Count, Kr, Share, cell_text, is_typed
from domain.formatting import format_kr
from domain.vocabulary import PRODUCT
from reports.outline import Chart, Contents, FrontPage, Heading, PageBreak, Paragraph, TableBlock

FONT_FAMILY = "DejaVu Sans"
"""The report's one font family (Debian's fonts-dejavu-core); the template reads it from here."""
TEMPLATE = Path(__file__).with_name("report.typ")

NBSP = "\u00a0"
MM = 72 / 25.4
PORTRAIT_MARGIN_MM = 18
LANDSCAPE_MARGIN_MM = 14
CHART_WIDTH_CM = 16.0
CHART_MAX_HEIGHT_CM = (297 - 2 * PORTRAIT_MARGIN_MM) / 10 - 5.0
"""A chart's picture is as wide as the text unless that makes it taller than the page leaves room for beside
its caption, its summary and the footer; then it is narrower (the session-19 trial: a heatmap of 34 projects
ran over the page's top and bottom)."""
PORTRAIT_CELL_PT = 8.5
LANDSCAPE_CELL_PT = 7.5
CELL_PADDING_PT = 3.0
LARGER_CELL_PT = (10.0, 9.5, 9.0)
"""Type a table with few or short columns is set in instead, the largest whose columns still fit comfortably
(trial 25c: the matrix's three landscape tables were set in 7.5 pt with a third of their width left empty)."""
COMFORT_CHARACTERS = 14
"""A text column is given room for about this many characters a line (or its whole text when shorter)."""
NO_CHART = "Diagrammet kunne ikke tegnes på denne maskinen; tallene står i tabellen."
NUMERIC = (Kr, Share, Count)
"""Cells set flush right."""

# a space inside a number ("2 500 000"), or between a number and its unit ("19,6 %", "2 500 000 kr")
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=\d) (?=kr\b|%|MNOK\b)")
_SCORE_LIST = re.compile(r"^\d{1,2}( \d{1,2})+$")  # one score per criterion: "2 2 2 2 3 2 2 1"


def bind_numbers(text: str) -> str:
    """The text with every space inside a number or before its unit made non-breaking."""
    return _NUMBER_SPACE.sub(NBSP, text)


def cell_words(value) -> str:
    """A table cell's text as the PDF prints it: a typed value is one unbreakable unit; the printed words
    beside an amount follow it and may wrap."""
    if isinstance(value, Kr):
        return format_kr(value.value).replace(" ", NBSP) + (f" {value.note}" if value.note else "")
    text = cell_text(value)
    if is_typed(value) or _SCORE_LIST.match(text):
        return text.replace(" ", NBSP)
    return bind_numbers(text)


# ------------------------------------------------------------------ table geometry


def _text_width(text: str, size: float, *, bold: bool = False) -> float:
    """About how wide ``text`` is in points (generous: wide letters and digits count more), so a column
    estimated wide enough is wide enough."""
    ems = 0.0
    for char in text:
        if char in " \u00a0":
            ems += 0.34
        elif char in "mwMW":
            ems += 1.0
        elif char.isupper():
            ems += 0.76
        elif char in "ijlrtf.,:;'|!()[]":
            ems += 0.42
        else:
            ems += 0.64
    return ems * size * (1.1 if bold else 1.0)


def _words(text: str) -> list[str]:
    return [word for word in text.split(" ") if word]


@dataclass(frozen=True)
class ColumnNeed:
    least: float
    """The longest word or unbreakable number, in points, with padding: the column is never narrower."""
    comfort: float
    """Room for about ``COMFORT_CHARACTERS`` characters a line (or the whole text), never less than ``least``."""
    widest: float
    """The longest cell on one line."""


def column_needs(headers: list[str], rows: list[list], size: float) -> list[ColumnNeed]:
    needs = []
    for index, header in enumerate(headers):
        texts = [cell_words(row[index]) for row in rows if index < len(row)]
        least = max(
            [_text_width(w, size, bold=True) for w in _words(header)]
            + [_text_width(w, size) for text in texts for w in _words(text)]
            + [0.0]
        )
        widest = max([_text_width(text, size) for text in texts] + [0.0])
        comfort = max(least, min(widest, _text_width("n" * COMFORT_CHARACTERS, size)))
        pad = 2 * CELL_PADDING_PT + 1
        needs.append(ColumnNeed(least + pad, comfort + pad, max(widest, least) + pad))
    return needs


PORTRAIT_WIDTH = (210 - 2 * PORTRAIT_MARGIN_MM) * MM
LANDSCAPE_WIDTH = (297 - 2 * LANDSCAPE_MARGIN_MM) * MM


def column_widths(needs: list[ColumnNeed], total: float) -> list[float]:
    """Widths that fill ``total``: every column gets its longest word, and the room left goes to the columns
    in proportion to how much more their longest cell wants (long texts get room, amounts stay narrow)."""
    least = [n.least for n in needs]
    wants = [max(n.widest - n.least, 0.0) for n in needs]
    spare = max(total - sum(least), 0.0)
    if sum(wants) <= spare:  # everything fits on one line: share what is left evenly by width
        widest = [n.widest for n in needs]
        return [w * total / sum(widest) for w in widest] if sum(widest) else [total / len(needs)] * len(needs)
    return [low + spare * want / sum(wants) for low, want in zip(least, wants, strict=True)]


@dataclass(frozen=True)
class TablePart:
    title: str
    columns: list[int]
    landscape: bool


def table_parts(title: str, headers: list[str], rows: list[list], *, landscape: bool = False) -> list[TablePart]:
    """How a table is printed: on a portrait page when its columns fit there comfortably (and it is not asked
    for landscape), else on landscape pages; when even that is too narrow, split into parts of whole columns,
    each repeating the first column (the project), titled «(del 1 av 2)» and so on."""
    everything = list(range(len(headers)))
    if not landscape and sum(n.comfort for n in column_needs(headers, rows, PORTRAIT_CELL_PT)) <= PORTRAIT_WIDTH:
        return [TablePart(title, everything, False)]
    needs = column_needs(headers, rows, LANDSCAPE_CELL_PT)
    if sum(n.comfort for n in needs) <= LANDSCAPE_WIDTH or len(headers) < 3:
        return [TablePart(title, everything, True)]
    groups: list[list[int]] = []
    current: list[int] = [0]
    for index in everything[1:]:
        if len(current) > 1 and sum(needs[i].comfort for i in current + [index]) > LANDSCAPE_WIDTH:
            groups.append(current)
            current = [0]
        current.append(index)
    groups.append(current)
    if len(groups) == 1:
        return [TablePart(title, everything, True)]
    return [
        TablePart(f"{title} (del {number} av {len(groups)})", columns, True)
        for number, columns in enumerate(groups, start=1)
    ]


# ------------------------------------------------------------------ the document's data


def _table_data(title: str, headers: list[str], rows: list[list], *, landscape: bool = False) -> list[dict]:
    """One ``tables`` block per page orientation: the parts of the table with their column widths."""
    blocks: list[dict] = []
    for part in table_parts(title, headers, rows, landscape=landscape):
        chosen_headers = [headers[i] for i in part.columns]
        chosen_rows = [[row[i] if i < len(row) else None for i in part.columns] for row in rows]
        total = LANDSCAPE_WIDTH if part.landscape else PORTRAIT_WIDTH
        size = _cell_size(chosen_headers, chosen_rows, total, landscape=part.landscape)
        widths = column_widths(column_needs(chosen_headers, chosen_rows, size), total)
        table = {
            "title": bind_numbers(part.title),
            "headers": [bind_numbers(h) for h in chosen_headers],
            "widths": [round(w - 0.5, 2) for w in widths],
            "rows": [[{"t": cell_words(v), "n": isinstance(v, NUMERIC)} for v in row] for row in chosen_rows],
            "size": size,
        }
        if blocks and blocks[-1]["landscape"] == part.landscape:
            blocks[-1]["tables"].append(table)
        else:
            blocks.append({"kind": "tables", "landscape": part.landscape, "tables": [table]})
    return blocks


def _cell_size(headers: list[str], rows: list[list], total: float, *, landscape: bool) -> float:
    """The largest type of ``LARGER_CELL_PT`` the table's columns fit comfortably in (a portrait table at most
    9 pt, below the body's 10), else the orientation's own."""
    smallest = LANDSCAPE_CELL_PT if landscape else PORTRAIT_CELL_PT
    for size in LARGER_CELL_PT if landscape else [s for s in LARGER_CELL_PT if s <= 9.0]:
        if sum(n.comfort for n in column_needs(headers, rows, size)) <= total:
            return size
    return smallest


def _lines(text: str) -> list[str]:
    return [bind_numbers(line) for line in text.split("\n")] or [""]


def document_data(blocks: list, render_png, *, title: str, images: Path) -> dict:
    """The report as plain data for ``report.typ``; each chart's PNG is written into ``images``."""
    out: list[dict] = []
    charts = 0

    def add(block: dict) -> None:
        last = out[-1] if out else None
        if block["kind"] == "tables" and last and last["kind"] == "tables" and last["landscape"] and block["landscape"]:
            last["tables"] += block["tables"]  # one run of landscape pages, not a page each
            return
        if block["kind"] == "tables":
            block["headings"] = []
            while block["landscape"] and out and out[-1]["kind"] == "heading":  # a heading goes with its table
                block["headings"].insert(0, out.pop())
        out.append(block)

    for block in blocks:
        if isinstance(block, FrontPage):
            add(
                {
                    "kind": "front",
                    "title": block.title,
                    "subtitle": block.subtitle,
                    "round_name": block.round_name,
                    "date_text": block.date_text,
                    "author_lines": [line for line in block.author.split("\n") if line.strip()],
                }
            )
        elif isinstance(block, Contents):
            add({"kind": "contents", "title": block.title})
        elif isinstance(block, Heading):
            level = min(max(block.level, 1), 4)
            add({"kind": "heading", "level": level, "outlined": block.level <= 3, "text": bind_numbers(block.text)})
        elif isinstance(block, Paragraph):
            style = block.style if block.style in ("subtitle", "muted") else "normal"
            add({"kind": "paragraph", "style": style, "lines": _lines(block.text)})
        elif isinstance(block, TableBlock):
            for part in _table_data(
                block.table.title, block.table.headers, block.table.rows, landscape=block.landscape
            ):
                add(part)
        elif isinstance(block, Chart):
            for number, (figure, caption) in enumerate(zip(block.figures, block.part_titles(), strict=True)):
                png = render_png(figure)
                name = None
                width_cm = CHART_WIDTH_CM
                if png:
                    charts += 1
                    name = f"figur-{charts}.png"
                    (images / name).write_bytes(png)
                    pixels_wide, pixels_high = struct.unpack(">II", png[16:24])
                    width_cm = min(CHART_WIDTH_CM, CHART_MAX_HEIGHT_CM * pixels_wide / pixels_high)
                add(
                    {
                        "kind": "chart",
                        "title": bind_numbers(caption),
                        "summary": bind_numbers(block.summary) if number == len(block.figures) - 1 else "",
                        "alt": f"{caption}. {block.summary} Tallene står i tabellen under diagrammet.",
                        "image": name,
                        "width_cm": round(width_cm, 2),
                        "note": NO_CHART,
                    }
                )
            for part in _table_data(block.table.title, block.table.headers, block.table.rows):
                add(part)
        elif isinstance(block, PageBreak):
            add({"kind": "pagebreak"})
    return {
        "title": title,
        "author": next((b.owner for b in blocks if isinstance(b, FrontPage)), PRODUCT),
        "font": FONT_FAMILY,
        "footer": f"{title} – side",
        "portrait_margin_mm": PORTRAIT_MARGIN_MM,
        "landscape_margin_mm": LANDSCAPE_MARGIN_MM,
        "cell_padding_pt": CELL_PADDING_PT,
        "blocks": out,
    }


def render_blocks(blocks: list, render_png, *, title: str) -> bytes:
    """The report as a tagged PDF/UA-1 on A4 (portrait, with landscape pages for wide tables)."""
    import typst

    with tempfile.TemporaryDirectory(prefix="gevinst-pdf-") as folder:
        root = Path(folder)
        data = document_data(blocks, render_png, title=title, images=root)
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        main = root / "report.typ"
        main.write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        return typst.compile(str(main), root=str(root), pdf_standards=["ua-1"])
