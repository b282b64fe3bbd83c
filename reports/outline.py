"""The report's structure as a list of blocks, following the autumn 2025 report; each format renders it.

The order is the hand-made report's: front page, contents, foreword, abbreviations, chapters 1–8 (each with
its introductory paragraph from ``data/rapporttekster.toml``), then the decision matrix as an appendix.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.cells import cell_text, count
from components.ssu import MATRIX_COLUMNS
from domain.formatting import format_date, lower_first
from domain.vocabulary import (
    FORMULAS_TEXT,
    FROM_PROJECTS_HEADING,
    NOT_WRITTEN,
    NOT_WRITTEN_BY_SECRETARIAT,
    OVERALL_DIMENSIONS,
    ROUND_TEXT_CHAPTER,
)
from reports.data import ReportData, Table, abbreviations_used, intro_text, report_subtitle, report_title

AUTHOR = "Av sekretariatet"
MATRIX_MONEY_KEYS = ("project", "granted", "spent", "rate", "remaining", "carry_over")
MATRIX_PROGRESS_KEYS = ("project", "milestones", "progress", "criteria", "delivers", "continues", "change")
MATRIX_DECISION_KEYS = ("project", "findings", "suggested", "recommendation", "decision")


CHECKED_TEXT = (
    " Hvert oppgitt tall som kan kontrolleres, er kontrollert mot formelen; der et tall formelen trenger bare er"
    " oppgitt med ord, står det «kan ikke kontrolleres»."
)
"""Trial 24a: «Hvert oppgitt tall er kontrollert» stood beside figures that could not be checked."""


@dataclass
class FrontPage:
    title: str
    subtitle: str
    round_name: str
    date_text: str
    author: str
    owner: str = ""
    """Who the document is from, as its properties say: the partnership's secretariat (document_author)."""


@dataclass
class Contents:
    title: str = "Innhold"


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    style: str = "normal"


@dataclass
class TableBlock:
    table: Table
    landscape: bool = False
    """True for a table too wide for a portrait A4 page (the matrix appendix)."""


@dataclass
class Chart:
    title: str
    summary: str
    figures: list
    """The picture in parts of at most ``reports.charts.PROJECTS_PER_FIGURE`` projects, each its own image."""
    table: Table

    def part_titles(self) -> list[str]:
        return part_titles(self.title, len(self.figures))


def part_titles(title: str, count: int) -> list[str]:
    """The caption of each part of a chart: the title alone, or «(del 2 av 4)» after it when it is in parts."""
    return [title if count == 1 else f"{title} (del {n} av {count})" for n in range(1, count + 1)]


@dataclass
class PageBreak:
    pass


NO_TARGET_GROUPS = "Ingen av prosjektene har oppgitt målgrupper i denne runden."


def _text_blocks(text: str | None, missing: str = NOT_WRITTEN) -> list:
    if not text:
        return [Paragraph(missing, "muted")]
    return [Paragraph(block.strip()) for block in text.split("\n\n") if block.strip()]


def document_author(partnership: str) -> str:
    """The author every format's properties name: the secretariat of the report's partnership."""
    return f"Sekretariatet i {partnership}"


def front_page(data: ReportData) -> FrontPage:
    """Title, subtitle, round, date and author, as on the hand-made report's front page."""
    dated = data.report_date or data.as_of
    return FrontPage(
        title=report_title(data).capitalize(),
        subtitle=f"Rapportering på tiltak med {lower_first(data.scheme)}",
        round_name=f"{data.partnership} – {data.round_name}",
        date_text=format_date(dated) if dated else "",
        author=AUTHOR,
        owner=document_author(data.partnership),
    )


def matrix_tables(matrix: Table) -> list[Table]:
    """The decision matrix as three tables that fit a landscape A4 page in readable type: the money, the
    milestones and scores, then the suggestion, the secretariat's recommendation and SSU's decision (the project
    named first in each; trial 25b: one table of twelve columns was set in about 6 pt)."""
    labels = dict(MATRIX_COLUMNS)

    def part(keys: tuple[str, ...], title: str) -> Table:
        wanted = [labels[k] for k in keys if labels[k] in matrix.headers]
        index = [matrix.headers.index(h) for h in wanted]
        return Table(title, wanted, [[row[i] for i in index] for row in matrix.rows])

    return [
        part(MATRIX_MONEY_KEYS, f"{matrix.title}: økonomi"),
        part(MATRIX_PROGRESS_KEYS, f"{matrix.title}: milepæler og poeng"),
        part(MATRIX_DECISION_KEYS, f"{matrix.title}: forslag, anbefaling og vedtak"),
    ]


def block_text(blocks: list) -> str:
    """Every word the blocks print (headings, paragraphs, tables, chart titles and texts)."""
    parts: list[str] = []

    def table(t: Table) -> None:
        parts.append(t.title)
        parts.extend(t.headers)
        parts.extend(cell_text(v) for row in t.rows for v in row)

    for block in blocks:
        if isinstance(block, FrontPage):
            parts += [block.title, block.subtitle, block.round_name, block.date_text, block.author]
        elif isinstance(block, Heading | Paragraph):
            parts.append(block.text)
        elif isinstance(block, TableBlock):
            table(block.table)
        elif isinstance(block, Chart):
            parts += [block.title, block.summary]
            table(block.table)
    return "\n".join(parts)


def outline(data: ReportData, charts: list) -> list:
    if data.empty:
        return [
            front_page(data),
            Heading(report_title(data).capitalize(), 1),
            Paragraph(report_subtitle(data)),
            Paragraph(
                f"Det finnes ingen godkjente rapporter for {data.round_name} eller rundene før. Rapporten kan lages "
                "når prosjektene har rapportert og rapportene er godkjent."
            ),
        ]
    chart_by_key = {key: (title, summary, figures) for key, title, summary, figures in charts}
    values = data.intro_values()

    def intro(key: str) -> list:
        return [Paragraph(text) for text in intro_text(key, values)]

    def chapter(key: str) -> list:
        """The secretariat's text for the chapter, then each project leader's own approved text for it."""
        spec = ROUND_TEXT_CHAPTER[key]
        own = _text_blocks(data.round_texts.get(key), NOT_WRITTEN_BY_SECRETARIAT)
        blocks = [Heading(spec.heading, spec.level), *own]
        written = [s for s in data.sections if spec.from_projects and s.texts.get(spec.from_projects)]
        if written:
            blocks.append(Heading(FROM_PROJECTS_HEADING, spec.level + 1))
            for section in written:
                blocks += [Heading(section.name, spec.level + 2)] + _text_blocks(section.texts[spec.from_projects])
        return blocks

    def per_project(number: str, kind: str, *, only_written: bool = False) -> list:
        """A numbered subsection per project ("2.2.1 Eldreløftet") with its leader's text of ``kind``."""
        blocks: list = []
        sections = [s for s in data.sections if s.texts.get(kind) or not only_written]
        for index, section in enumerate(sections, start=1):
            blocks += [Heading(f"{number}.{index} {section.name}", 3)] + _text_blocks(section.texts.get(kind))
        return blocks

    def chart(key: str, table: Table) -> list:
        if key not in chart_by_key:
            return []
        title, summary, figures = chart_by_key[key]
        return [Chart(title, summary, figures, table)]

    def score_chart(dimension) -> list:
        scores = data.scores.get(dimension.key, {})
        return chart(
            dimension.key,
            Table(
                dimension.label,
                ["Prosjekt", f"Poeng ({dimension.scale})"],
                [[n, count(v)] for n, v in sorted(scores.items())],
            ),
        )

    blocks: list = [front_page(data), Contents()]
    blocks += chapter("foreword")
    if data.illustrative:
        blocks.append(
            Paragraph(
                "Merk: målgrupper og poeng som er merket «eksempeldata», er eksempeldata, ikke tall prosjektene har "
                "rapportert.",
                "muted",
            )
        )
    abbreviations_at = len(blocks)
    blocks += chapter("introduction")
    blocks += [Heading("2 Prosjektene"), *intro("projects")]
    blocks += [Heading("2.1 Prosjektoversikt", 2), TableBlock(data.project_table), *intro("project_table")]
    blocks += [Heading("2.2 Prosjektenes formål", 2), *intro("purposes")] + per_project("2.2", "purpose")
    groups_table = Table(
        "Målgrupper", ["Målgruppe", "Prosjekter"], [[g, ", ".join(p)] for g, p in sorted(data.target_groups.items())]
    )
    blocks += [Heading("2.3 Målgrupper", 2)]
    if "target_groups" in chart_by_key:
        blocks += intro("target_groups") + chart("target_groups", groups_table)
    else:  # no «diagram below» without a diagram (the session-19 trial, at national scale)
        blocks.append(Paragraph(NO_TARGET_GROUPS, "muted"))
    blocks += [Heading("3 Prosjektenes status"), *intro("status")]
    blocks += [Heading("3.1 Oppnådde milepæler", 2), *intro("achieved"), TableBlock(data.milestones_achieved)]
    blocks += [Heading("3.2 Veien videre", 2), *intro("next_steps")]
    blocks += per_project("3.2", "next_steps", only_written=True) + [TableBlock(data.milestones_planned)]
    first, *others = OVERALL_DIMENSIONS
    blocks += [Heading("3.3 Oversikt over milepæler og fremdrift", 2)]
    if "milestones" in chart_by_key:
        blocks += intro("timeline") + chart("milestones", data.milestone_counts)
    blocks += intro("progress") + score_chart(first)
    crit_table = Table(
        "Gevinster per kriterium",
        ["Prosjekt"] + [f"K{n}" for n, _t, _d in data.criteria],
        [[n] + [count(v) for v in vals] for n, vals in sorted(data.criteria_scores.items())],
    )
    blocks += [Heading("4 Gevinster"), *intro("benefits")]
    blocks += [Heading("4.1 Gevinster opp mot kriteriene", 2), *intro("criteria")]
    blocks += [Paragraph(f"K{n}: {text}") for n, _title, text in data.criteria]
    blocks += chart("criteria", crit_table) + intro("delivers")
    for dimension in others:
        blocks += score_chart(dimension)
    blocks += [Heading("4.2 Andre gevinster", 2), *intro("other_benefits")]
    blocks += per_project("4.2", "other_benefits", only_written=True)
    blocks += chapter("challenges")
    blocks += [Heading("6 Økonomi"), *intro("economy"), TableBlock(data.table3), *intro("table4")]
    blocks += [TableBlock(data.table4), Paragraph(FORMULAS_TEXT + CHECKED_TEXT)]
    notes = data.finding_notes + data.unchecked_notes
    if notes:
        blocks += [Heading("Merknader til oppgitte tall", 2)] + [Paragraph(n) for n in notes]
    else:
        blocks += [Paragraph("Alle oppgitte tall stemmer med formlene.")]
    blocks += [Heading("7 Vurdering"), *intro("assessment")] + chapter("experiences") + chapter("done_differently")
    blocks += [Heading("7.3 Egenvurdering", 2), *intro("self_assessment")] + per_project("7.3", "self_assessment")
    blocks += chapter("summary")
    blocks += [Heading("Vedlegg: Beslutningsmatrise"), *intro("matrix")]
    blocks += [TableBlock(t, landscape=True) for t in matrix_tables(data.matrix)]
    used = abbreviations_used(block_text(blocks))
    blocks[abbreviations_at:abbreviations_at] = [
        Heading("Avklaring av forkortelser"),
        *intro("abbreviations"),
        TableBlock(Table("Forkortelser", ["Forkortelse", "Betydning"], [list(a) for a in used])),
    ]
    return blocks
