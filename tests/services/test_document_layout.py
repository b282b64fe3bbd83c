"""The document check: the report (DOCX), the case document and the slides (PPTX) rendered as a reader sees them.

LibreOffice (headless) turns each into PDF, once per module; poppler's ``pdftotext -bbox-layout`` gives every
word's box. The checks: A4 pages (portrait or landscape) and 16:9 slides, every word inside its page, no
overlapping shapes on a slide and none off it (from the pptx XML), the table of contents, every project's
name and figures, every heading of the hand-made report's structure, and no word or amount broken over lines.
The layout does not depend on the database, so this runs in the SQLite pass only.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from xml.etree import ElementTree

import pytest
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation
from pptx.util import Emu

from components.cells import cell_text
from reports.data import abbreviation_list, abbreviation_pattern
from services import documents
from tests.conftest import context, sqlite_url
from tests.services.test_reports import FIGURES, TODAY

pytestmark = [
    pytest.mark.sqlite_only,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftotext") is None,
        reason="make test installs LibreOffice (writer, impress) and poppler-utils",
    ),
]

A4 = (595.3, 841.9)
SLIDE_16_9 = (960.0, 540.0)
PROJECT_NAMES = list(FIGURES)
NAMES_NOT_ABBREVIATIONS = {"CADD"}
"""Capitals that are names, not abbreviations to explain (the CADD Solis pump)."""
UNBROKEN = {  # long words in narrow columns that a careless layout breaks ("Prosjektnumme|r")
    "docx": ["Prosjektnummer", "Samarbeidspartnere", "Sekretariatets", "Beslutningsmatrise", "Forbruk"],
    "saksframlegg": ["Sekretariatets", "Beslutningsmatrise", "Forbruk"],
    "pptx": ["Sekretariatets", "Beslutningsmatrise", "Forbruk"],
}


@dataclass
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Rendered:
    source: bytes
    pages: list[tuple[float, float]]
    lines: list[list[Word]]
    """Each line's words, as pdftotext lays them out."""

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line]

    @property
    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in line) for line in self.lines)


def _read_bbox(path: Path) -> tuple[list[tuple[float, float]], list[list[Word]]]:
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    html = re.sub(r"<!DOCTYPE[^>]*>", "", html).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ElementTree.fromstring(html)
    pages, lines = [], []
    for number, page in enumerate(root.iter("page"), start=1):
        pages.append((float(page.get("width")), float(page.get("height"))))
        for line in page.iter("line"):
            lines.append(
                [
                    Word(number, w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                    for w in line.iter("word")
                ]
            )
    return pages, lines


@pytest.fixture(scope="module")
def rendered(_loaded_template, tmp_path_factory) -> dict[str, Rendered]:
    """The report (docx), the case document and the slides, each rendered once to PDF by LibreOffice."""
    folder = tmp_path_factory.mktemp("documents")
    target = folder / "loaded.sqlite"
    shutil.copy(_loaded_template, target)
    ctx = context(sqlite_url(target), today=TODAY)
    sources = {}
    for fmt, name in (("docx", "rapport.docx"), ("saksframlegg", "saksframlegg.docx"), ("pptx", "lysark.pptx")):
        outcome = documents.generate(ctx, round_name="Høst 2025", fmt=fmt)
        assert outcome.ok, outcome.problems
        (folder / name).write_bytes(outcome.value.content)
        sources[fmt] = (name, outcome.value.content)
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *(str(folder / name) for name, _content in sources.values()),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = {}
    for fmt, (name, content) in sources.items():
        pages, lines = _read_bbox(folder / "pdf" / (Path(name).stem + ".pdf"))
        result[fmt] = Rendered(content, pages, lines)
    return result


def _same_size(size: tuple[float, float], expected: tuple[float, float]) -> bool:
    return all(abs(a - b) < 2 for a, b in zip(sorted(size), sorted(expected), strict=True))


@pytest.mark.parametrize("fmt", ["docx", "saksframlegg"])
def test_word_documents_are_a4_and_every_word_is_on_its_page(rendered, fmt):
    document = rendered[fmt]
    assert document.pages and all(_same_size(size, A4) for size in document.pages), document.pages
    for word in document.words:
        width, height = document.pages[word.page - 1]
        assert word.x0 >= 0 and word.x1 <= width and word.y0 >= 0 and word.y1 <= height, word
    sections = Document(io.BytesIO(document.source)).sections
    for section in sections:
        assert {round(section.page_width.cm, 1), round(section.page_height.cm, 1)} == {21.0, 29.7}


def test_the_matrix_is_on_landscape_pages(rendered):
    for fmt in ("docx", "saksframlegg"):
        document = rendered[fmt]
        pages = {w.page for w in document.words if w.text == "SSU-vedtak"}
        assert pages, fmt
        for page in pages:
            width, height = document.pages[page - 1]
            assert width > height, (fmt, page)


def test_the_report_has_a_table_of_contents_field_and_the_whole_structure(rendered):
    document = rendered["docx"]
    body = Document(io.BytesIO(document.source))
    instructions = " ".join(e.text or "" for e in body.element.body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-3"' in instructions
    assert body.settings.element.find(qn("w:updateFields")) is not None
    text = document.text
    assert "Innhold" in text.split("Forord")[0], "the contents come before the foreword"
    contents_page = next(w.page for w in document.words if w.text == "Innhold")
    contents = " ".join(w.text for w in document.words if w.page in (contents_page, contents_page + 1))
    for heading in ("Forord", "1 Innledning", "2.1 Prosjektoversikt", "3.3 Oversikt over milepæler", "8 Oppsummering"):
        assert heading in contents, heading
    front = " ".join(w.text for w in document.words if w.page == 1)
    for part in ("Rapport høst 2025", "Rapportering på tiltak med", "Høst 2025", "Av sekretariatet"):
        assert part in front, part
    styles = {p.style.name for p in body.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    flat = " ".join(text.split())
    for caption in [f"Tabell {n}:" for n in range(1, 5)] + [f"Figur {n}:" for n in range(1, 7)]:
        assert caption in flat, caption
    assert "Figur 2: Oversikt over milepæler og fremdriftsplan" in flat
    for chapter in ("4 Gevinster", "5 Utfordringer", "6 Økonomi", "7 Vurdering", "8 Oppsummering"):
        assert chapter in flat, chapter


def test_every_picture_has_alt_text(rendered):
    for fmt in ("docx",):
        body = Document(io.BytesIO(rendered[fmt].source))
        pictures = body.inline_shapes
        assert len(pictures) >= 6
        assert all(p._inline.docPr.get("descr") for p in pictures)


def _one_line(document: Rendered) -> list[str]:
    return [" ".join(w.text.replace("\u00a0", " ") for w in line) for line in document.lines]


def test_every_projects_name_and_figures_are_there_and_no_word_or_amount_is_broken(rendered):
    for fmt in ("docx", "saksframlegg", "pptx"):
        lines = _one_line(rendered[fmt])
        text = "\n".join(lines)
        for project in PROJECT_NAMES:
            assert project.split()[0] in text, (fmt, project)
        words = {w.text for w in rendered[fmt].words}
        for word in UNBROKEN[fmt]:
            assert any(word in w for w in words), (fmt, word)
        amounts = re.findall(r"\d{1,3}(?:\s\d{3})+\s?kr", text.replace("\n", " "))
        broken = [a for a in amounts if not any(a in line for line in lines)]
        assert broken == [], (fmt, broken)
    report = "\n".join(_one_line(rendered["docx"]))
    for project, figures in FIGURES.items():
        for figure in figures:
            assert figure in report, (project, figure)


def test_slides_are_16_9_with_nothing_overlapping_or_off_the_slide(rendered):
    document = rendered["pptx"]
    assert all(_same_size(size, SLIDE_16_9) for size in document.pages)
    for word in document.words:
        width, height = document.pages[word.page - 1]
        assert word.x0 >= 0 and word.x1 <= width and word.y0 >= 0 and word.y1 <= height, word
    deck = Presentation(io.BytesIO(document.source))
    assert (deck.slide_width, deck.slide_height) == (Emu(12_192_000), Emu(6_858_000))
    for number, slide in enumerate(deck.slides, start=1):
        boxes = [
            (shape.name, shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
            for shape in slide.shapes
            if shape.width and shape.height and (not shape.has_text_frame or shape.text_frame.text.strip())
        ]
        for name, left, top, right, bottom in boxes:
            assert left >= 0 and top >= 0 and right <= deck.slide_width and bottom <= deck.slide_height, (number, name)
        for a, b in combinations(boxes, 2):
            apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
            assert apart, (number, a[0], b[0])
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    rows = [cell_text(r.cells[0].text) for t in tables for r in list(t.rows)[1:]]
    assert sorted(rows) == sorted(PROJECT_NAMES), "every project once, over as many slides as needed"


def test_the_abbreviations_are_those_the_text_uses(rendered):
    """Every abbreviation-like word in the report is explained, and the list explains only what is used."""
    body = Document(io.BytesIO(rendered["docx"].source))
    listing = next(t for t in body.tables if t.rows[0].cells[0].text == "Forkortelse")
    printed = [r.cells[0].text for r in list(listing.rows)[1:]]
    text = "\n".join(p.text for p in body.paragraphs)
    text += "\n" + "\n".join(c.text for t in body.tables if t is not listing for r in t.rows for c in r.cells)
    known = [short for short, _meaning in abbreviation_list()]
    used = [short for short in known if abbreviation_pattern(short).search(text)]
    assert printed == used
    for short in ("UNN", "SSU", "DHO", "UIT", "OU", "DMS", "DUS", "NOU", "ROS", "DPIA", "HN IKT", "CFS", "TGM"):
        assert short in printed, short
    rest = text
    for short in sorted(known, key=len, reverse=True):
        rest = abbreviation_pattern(short).sub(" ", rest)
    unexplained = set(re.findall(r"(?<![\w-])[A-ZÆØÅ]{2,}(?![\w])", rest))
    assert unexplained - NAMES_NOT_ABBREVIATIONS == set(), unexplained
