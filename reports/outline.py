"""The report's structure as a list of blocks, following the autumn 2025 report; each format renders it."""

from __future__ import annotations

from dataclasses import dataclass

from components.cells import count
from domain.formatting import format_date
from domain.vocabulary import FORMULAS_TEXT, FROM_PROJECTS_HEADING, NOT_WRITTEN, OVERALL_DIMENSIONS, ROUND_TEXT_CHAPTER
from reports.data import ReportData, Table, report_subtitle, report_title


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


@dataclass
class Chart:
    title: str
    summary: str
    figure: object
    table: Table


@dataclass
class PageBreak:
    pass


@dataclass
class FrontPage:
    title: str
    subtitle: str
    round_name: str
    date_text: str
    author: str


@dataclass
class Contents:
    title: str = "Innhold"


def _text_blocks(text: str | None) -> list:
    if not text:
        return [Paragraph(NOT_WRITTEN, "muted")]
    return [Paragraph(block.strip()) for block in text.split("\n\n") if block.strip()]


def outline(data: ReportData, charts: list) -> list:
    if data.empty:
        return [
            Heading(report_title(data), 0),
            Paragraph(report_subtitle(data)),
            Paragraph(
                f"Det finnes ingen godkjente rapporter for {data.round_name} eller rundene før. Rapporten kan lages "
                "når prosjektene har rapportert og rapportene er godkjent."
            ),
        ]
    chart_by_key = {key: (title, summary, fig) for key, title, summary, fig in charts}

    def chapter(key: str) -> list:
        """The secretariat's text for the chapter, then each project leader's own approved text for it."""
        spec = ROUND_TEXT_CHAPTER[key]
        blocks = [Heading(spec.heading, spec.level)] + _text_blocks(data.round_texts.get(key))
        written = [s for s in data.sections if spec.from_projects and s.texts.get(spec.from_projects)]
        if written:
            blocks.append(Heading(FROM_PROJECTS_HEADING, spec.level + 1))
            for section in written:
                blocks += [Heading(section.name, spec.level + 2)] + _text_blocks(section.texts[spec.from_projects])
        return blocks

    def chart(key: str, table: Table) -> list:
        if key not in chart_by_key:
            return []
        title, summary, fig = chart_by_key[key]
        return [Chart(title, summary, fig, table)]

    def score_chart(dimension) -> list:
        values = data.scores.get(dimension.key, {})
        return chart(
            dimension.key,
            Table(
                dimension.label,
                ["Prosjekt", f"Poeng ({dimension.scale})"],
                [[n, count(v)] for n, v in sorted(values.items())],
            ),
        )

    blocks: list = [
        FrontPage(
            report_title(data),
            f"Rapportering på tiltak med {data.scheme.lower()}",
            data.round_name,
            format_date(data.report_date) if data.report_date else "",
            f"{data.partnership}\nAv sekretariatet",
        ),
        Contents(),
        Paragraph(data.coverage, "muted"),
    ]
    if data.illustrative:
        blocks.append(
            Paragraph(
                "Merk: målgrupper og poeng i denne rapporten er eksempeldata der prosjektene ikke har rapportert tall.",
                "muted",
            )
        )
    blocks += chapter("foreword")
    blocks += [
        Heading("Avklaring av forkortelser"),
        TableBlock(Table("Forkortelser", ["Forkortelse", "Betydning"], [list(a) for a in data.abbreviations])),
    ]
    blocks += chapter("introduction")
    blocks += [
        Heading("2 Prosjektene"),
        Heading("2.1 Prosjektoversikt", 2),
        TableBlock(data.project_table),
        Heading("2.2 Prosjektenes formål", 2),
    ]
    for section in data.sections:
        blocks += [Heading(section.name, 3)] + _text_blocks(section.texts.get("purpose"))
    groups_table = Table(
        "Målgrupper", ["Målgruppe", "Prosjekter"], [[g, ", ".join(p)] for g, p in sorted(data.target_groups.items())]
    )
    blocks += [Heading("2.3 Målgrupper", 2)] + chart("target_groups", groups_table)
    blocks += [
        Heading("3 Prosjektenes status"),
        Heading("3.1 Oppnådde milepæler", 2),
        TableBlock(data.milestones_achieved),
        Heading("3.2 Veien videre", 2),
    ]
    for section in data.sections:
        if section.texts.get("next_steps"):
            blocks += [Heading(section.name, 3)] + _text_blocks(section.texts.get("next_steps"))
    blocks += [TableBlock(data.milestones_planned)]
    first, *others = OVERALL_DIMENSIONS
    blocks += [Heading(f"3.3 {first.label}", 2)] + score_chart(first)
    crit_table = Table(
        "Gevinster per kriterium",
        ["Prosjekt"] + [f"K{n}" for n, _t, _d in data.criteria],
        [[n] + [count(v) for v in vals] for n, vals in sorted(data.criteria_scores.items())],
    )
    blocks += [Heading("4 Gevinster"), Heading("4.1 Gevinster opp mot kriteriene", 2)]
    blocks += [Paragraph(f"K{n}: {text}") for n, _title, text in data.criteria]
    blocks += chart("criteria", crit_table)
    for dimension in others:
        blocks += score_chart(dimension)
    blocks += [Heading("4.2 Andre gevinster", 2)]
    for section in data.sections:
        if section.texts.get("other_benefits"):
            blocks += [Heading(section.name, 3)] + _text_blocks(section.texts.get("other_benefits"))
    blocks += chapter("challenges")
    blocks += [
        Heading("6 Økonomi"),
        TableBlock(data.table3),
        TableBlock(data.table4),
        Paragraph(FORMULAS_TEXT + " Hvert oppgitt tall er kontrollert mot formelen."),
    ]
    if data.finding_notes:
        blocks += [Heading("Merknader til oppgitte tall", 2)] + [Paragraph(n) for n in data.finding_notes]
    else:
        blocks += [Paragraph("Alle oppgitte tall stemmer med formlene.")]
    blocks += [Heading("7 Vurdering")] + chapter("experiences") + chapter("done_differently")
    blocks += [Heading("7.3 Egenvurdering", 2)]
    for section in data.sections:
        blocks += [Heading(section.name, 3)] + _text_blocks(section.texts.get("self_assessment"))
    blocks += chapter("summary")
    blocks += [Heading("Vedlegg: Beslutningsmatrise"), TableBlock(data.matrix, landscape=True)]
    return blocks
