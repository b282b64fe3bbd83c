"""The round report PDF checked as a reader and a screen reader get it (issue 16, items 2, 4 and 5).

The Høst 2025 report is made once from the default data, then read back: its structure tree with pypdf
(tagged, headings, tables with header cells, every chart a Figure with alt text, /Lang, bookmarks, A4), and
its words with their boxes from poppler's ``pdftotext -bbox-layout`` (inside the page, not overlapping
their neighbours, no word or amount broken across lines, every project in the matrix with its suggestion,
recommendation and decision).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from components.cells import cell_text
from db.session import get_engine
from reports.charts import report_charts
from reports.data import report_data
from reports.outline import Chart, FrontPage, Heading, Paragraph, TableBlock, outline
from reports.pdf_report import bind_numbers, column_needs, column_widths, table_parts
from services import documents
from tests.conftest import _create_database, context, sqlite_url

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="make test installs poppler-utils"),
    pytest.mark.one_pass,  # the PDF's layout is the same on either database
]

TODAY = date(2025, 10, 3)
A4 = (595.28, 841.89)
PROJECTS = [
    "Samhandling palliasjon",
    "Hospiteringsordning",
    "Bedre ernæringsoppfølging",
    "Eldreløftet",
    "Furumoen som utstillingsvindu",
    "DHO – felles tjeneste",
    "Simuleringssenter Harstad",
]
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    width: float
    height: float
    lines: list[list[Word]]

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Report:
    path: Path
    reader: PdfReader
    pages: list[Page]
    blocks: list


def read_pages(path: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True).stdout
    pages = []
    for page in ET.fromstring(xml).iter(f"{XHTML}page"):
        lines = [
            [
                Word(
                    " ".join((w.text or "").replace("\u2060", "").split()),  # Typst's word joiner before a page number
                    float(w.get("xMin")),
                    float(w.get("yMin")),
                    float(w.get("xMax")),
                    float(w.get("yMax")),
                )
                for w in line.iter(f"{XHTML}word")
            ]
            for line in page.iter(f"{XHTML}line")
        ]
        pages.append(Page(float(page.get("width")), float(page.get("height")), lines))
    return pages


@pytest.fixture(scope="module")
def report(_loaded_template, postgres, tmp_path_factory) -> Report:
    folder = tmp_path_factory.mktemp("pdf")
    if postgres is not None:
        url = _create_database(postgres, template=_loaded_template)
    else:
        shutil.copy(_loaded_template, folder / "loaded.sqlite")
        url = sqlite_url(folder / "loaded.sqlite")
    ctx = context(url, today=TODAY)
    outcome = documents.generate(ctx, round_name="Høst 2025", fmt="pdf")
    assert outcome.ok, outcome.problems
    path = folder / outcome.value.filename
    path.write_bytes(outcome.value.content)
    data = report_data(documents.round_source(ctx, round_name="Høst 2025", scheme=None))
    blocks = outline(data, report_charts(data))
    get_engine(url).dispose()
    return Report(path, PdfReader(path), read_pages(path), blocks)


def structure(reader: PdfReader) -> tuple[Counter, list]:
    """The structure tree's element types, and every Figure element."""
    kinds: Counter = Counter()
    figures = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        element = stack.pop().get_object()
        if not isinstance(element, dict):
            continue
        if "/S" in element:
            kinds[str(element["/S"])] += 1
            if element["/S"] == "/Figure":
                figures.append(element)
        kids = element.get("/K")
        if kids is not None:
            stack.extend(k for k in (kids if isinstance(kids, list) else [kids]) if hasattr(k, "get_object"))
    return kinds, figures


def test_the_pdf_is_tagged_with_headings_tables_and_figures_with_alt_text(report):
    root = report.reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert str(root["/Lang"]).startswith("nb")
    assert report.reader.metadata.title == "Rapport høst 2025"
    kinds, figures = structure(report.reader)
    for kind in ("/H1", "/H2", "/H3", "/P", "/Table", "/TR", "/TH", "/TD", "/Figure", "/Caption"):
        assert kinds[kind] > 0, (kind, kinds)
    charts = [b for b in report.blocks if isinstance(b, Chart)]
    assert len(figures) == len(charts) >= 4
    alts = [str(f["/Alt"]) for f in figures]
    for chart in charts:
        assert any(a.startswith(f"{chart.title}. {chart.summary}") for a in alts), chart.title


def test_bookmarks_and_a_contents_page_with_the_right_page_numbers(report):
    bookmarks = [b.title for b in report.reader.outline if not isinstance(b, list)]
    headings = [b.text for b in report.blocks if isinstance(b, Heading) and b.level == 1]
    assert bookmarks[: len(headings)] == headings or set(headings) <= set(bookmarks), bookmarks
    contents = next(p for p in report.pages if p.words and p.words[0].text == "Innhold")
    checked = []
    for line in contents.lines:
        text = " ".join(w.text for w in line)
        entry = re.fullmatch(r"(.+?)[. ]+(\d+)", text)
        if entry and entry.group(1) in headings:
            target = report.pages[int(entry.group(2)) - 1]
            assert entry.group(1) in target.text, (entry.group(1), entry.group(2))
            checked.append(entry.group(1))
    assert checked == [h for h in headings if h in checked] and len(checked) >= 8, checked
    assert {"1 Innledning", "6 Økonomi", "Vedlegg: Beslutningsmatrise"} <= set(headings)


def test_every_page_is_a4_and_every_word_is_inside_it_and_clear_of_its_neighbours(report):
    assert len(report.pages) == len(report.reader.pages)
    for number, (page, pdf_page) in enumerate(zip(report.pages, report.reader.pages, strict=True), start=1):
        size = sorted((float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)))
        assert abs(size[0] - A4[0]) < 1 and abs(size[1] - A4[1]) < 1, (number, size)
        for word in page.words:
            inside = word.x0 >= 0 and word.y0 >= 0 and word.x1 <= page.width and word.y1 <= page.height
            assert inside, (number, word)
        ordered = sorted(page.words, key=lambda w: (round(w.y0), w.x0))
        for left, right in zip(ordered, ordered[1:], strict=False):
            if abs(left.y0 - right.y0) < 1:  # the same text line, perhaps in two cells: no overlap
                assert left.x1 <= right.x0 + 0.5, (number, left, right)


def _source_texts(blocks: list) -> list[str]:
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, FrontPage):
            texts += [block.title.upper(), block.subtitle, block.round_name, block.date_text, block.author.upper()]
            texts.append(block.author)
        elif isinstance(block, (Heading, Paragraph)):
            texts.append(block.text)
        elif isinstance(block, (TableBlock, Chart)):
            table = block.table
            texts += [table.title, *table.headers] + [cell_text(v) for row in table.rows for v in row]
            if isinstance(block, Chart):
                texts += [block.title, block.summary]
    return texts


def _source_words(blocks: list) -> set[str]:
    words = {word for text in _source_texts(blocks) for word in text.split()}
    # a line may end after a word's own hyphen («Nord-» / «Norge»), never inside a word
    for word in list(words):
        for at in (m.end() for m in re.finditer(r"[-/–]", word)):
            words |= {word[:at], word[at:]}
    return words


def test_no_word_or_amount_is_broken_across_lines(report):
    known = _source_words(report.blocks) | {"Innhold", "Rapport", "høst", "2025", "–", "side", "av", "(del", "2)"}
    for number, page in enumerate(report.pages, start=1):
        for word in page.words:
            if word.text.replace(".", "").replace(" ", "") and not word.text.replace(".", "").strip().isdigit():
                assert word.text in known, (number, word.text)
    lines = [" ".join(w.text for w in line) for page in report.pages for line in page.lines]
    broken, whole = "\n".join(lines), " ".join(lines)
    amounts = {a for text in _source_texts(report.blocks) for a in re.findall(r"\d{1,3}(?: \d{3})+ kr\b", text)}
    assert {"2 295 000 kr", "5 807 957 kr", "1 869 150 kr"} <= amounts
    for amount in amounts:
        assert broken.count(amount) == whole.count(amount), amount
    assert "Prosjektnummer" in {w.text for w in report.pages[3].words} | {w.text for p in report.pages for w in p.words}


def test_the_matrix_appendix_is_readable_on_landscape_pages(report):
    first = next(i for i, p in enumerate(report.pages) if "Beslutningsmatrise Høst 2025" in p.text)
    matrix = report.pages[first:]  # the appendix is last; a table's header row repeats on its next page
    assert matrix and all(p.width > p.height for p in matrix)
    words = {w.text for p in matrix for w in p.words}
    text = " ".join(p.text for p in matrix)
    for header in ("Foreslått (regler)", "Sekretariatets anbefaling", "SSU-vedtak", "Prosjekt"):
        assert set(header.split()) <= words, header
    for project in PROJECTS:
        assert text.count(project) >= 2, project  # in each part of the split table
    lines = [" ".join(w.text for w in line) for p in matrix for line in p.lines]
    assert any("Justere: forbruk 1,5 % av innvilget" in line for line in lines)
    # set larger than the 7.5 pt a landscape table of many columns needs (trial 25c: about 6.5 pt, room to spare)
    heights = sorted(w.y1 - w.y0 for p in matrix for w in p.words)
    assert heights[len(heights) // 2] >= 9, heights[len(heights) // 2]


def test_wide_tables_go_landscape_then_split_repeating_the_first_column():
    narrow = table_parts("T", ["Prosjekt", "Beløp"], [["Eldreløftet", "2 924 000 kr"]])
    assert [(p.columns, p.landscape) for p in narrow] == [([0, 1], False)]
    assert table_parts("T", ["Prosjekt", "Beløp"], [["A", "1"]], landscape=True)[0].landscape
    headers = ["Prosjekt"] + [f"Kolonne med lang overskrift {n}" for n in range(16)]
    rows = [["Furumoen som utstillingsvindu"] + ["Justere: forbruk 19,6 % av innvilget"] * 16]
    parts = table_parts("Matrise", headers, rows)
    assert len(parts) > 1 and all(p.landscape and p.columns[0] == 0 for p in parts)
    assert sorted({c for p in parts for c in p.columns}) == list(range(17))
    assert parts[0].title == f"Matrise (del 1 av {len(parts)})"


def test_columns_are_never_narrower_than_their_longest_word_and_fill_the_width():
    headers = ["Prosjektnummer", "Beskrivelse", "Beløp"]
    rows = [["12910", "Et langt avsnitt som beskriver hva prosjektet har gjort i perioden, med ord", "2 500 000 kr"]]
    needs = column_needs(headers, rows, 8.5)
    widths = column_widths(needs, 480)
    assert abs(sum(widths) - 480) < 1e-6
    assert all(w >= n.least for w, n in zip(widths, needs, strict=True))
    assert widths[1] > widths[0] and widths[1] > widths[2]


def test_numbers_and_amounts_hold_together():
    assert bind_numbers("Beløpet er 2 500 000 kr, forbruk 19,6 % i 2025 og 3 av 7") == (
        "Beløpet er 2\u00a0500\u00a0000\u00a0kr, forbruk 19,6\u00a0% i 2025 og 3 av 7"
    )


def test_text_is_set_as_text_never_as_markup(tmp_path):
    from reports.pdf_report import render_blocks

    hostile = '#set page(width: 2cm) *fet* $x^2$ <etikett> @ref #panic("nei") \\ "sitat" ]'
    blocks = [Heading("Rapport vår 2026", 0), Paragraph(hostile), Paragraph("Andre linje\nTredje linje", "muted")]
    path = tmp_path / "tom.pdf"
    path.write_bytes(render_blocks(blocks, lambda figure: None, title="Rapport vår 2026"))
    pages = read_pages(path)
    assert len(pages) == 1 and abs(pages[0].width - A4[0]) < 1
    assert hostile in pages[0].text
    assert [" ".join(w.text for w in line) for line in pages[0].lines][-3:-1] == ["Andre linje", "Tredje linje"]


def test_a_table_row_never_splits_over_two_pages(tmp_path):
    """Trial 25c: Tabell 2's «Furumoen som utstillingsvindu (ikke» stood at a page's foot, the rest on the next."""
    from reports.data import Table
    from reports.pdf_report import render_blocks

    # rows of one to eight lines, so some would meet a page's foot halfway
    rows = [[f"start{n}", " ".join(["ord"] * (20 + 37 * (n % 5))) + f" slutt{n}"] for n in range(40)]
    blocks = [
        Heading("Rapport vår 2026", 0),
        TableBlock(Table("Tabell 2: Oppnådde milepæler", ["Kode", "Tekst"], rows)),
    ]
    path = tmp_path / "rader.pdf"
    path.write_bytes(render_blocks(blocks, lambda figure: None, title="Rapport vår 2026"))
    pages = read_pages(path)
    assert len(pages) > 2
    page_of = {
        w.text: number for number, page in enumerate(pages) for w in page.words if w.text[:5] in ("start", "slutt")
    }
    assert all(page_of[f"start{n}"] == page_of[f"slutt{n}"] for n in range(40)), page_of
