"""Everything the round report contains, as plain tables and texts, made from the round's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from components.finance import TABLE3, table3_rows, table4_rows
from components.milestones import milestone_dicts
from components.ssu import MATRIX_COLUMNS, matrix_dicts
from domain.formatting import format_date, format_kr
from domain.vocabulary import GRANTED_PER_YEAR, SCORE_DIMENSIONS

ABBREVIATIONS = [
    ("UNN", "Universitetssykehuset Nord-Norge"),
    ("SSU", "Strategisk samarbeidsutvalg"),
    ("DHO", "Digital hjemmeoppfølging"),
    ("PSHT", "Pasientsentrert helsetjenesteteam"),
    ("PHT", "Primærhelsetjenesten"),
    ("SPHT", "Spesialisthelsetjenesten"),
    ("LSU", "Lokalt samarbeidsutvalg"),
    ("TGM", "Totalt gjenværende midler"),
    ("VM", "Videreførte midler"),
    (GRANTED_PER_YEAR.short_label, GRANTED_PER_YEAR.label),
]


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class ProjectSection:
    name: str
    number: str | None
    texts: dict[str, str]


@dataclass
class ReportData:
    round_id: int
    round_name: str
    report_date: date | None
    scheme: str
    partnership: str
    envelope: int
    round_texts: dict[str, str]
    project_table: Table
    sections: list[ProjectSection]
    target_groups: dict[str, list[str]]
    milestones_achieved: Table
    milestones_planned: Table
    scores: dict[str, dict[str, int | None]]
    """Per score dimension, each project's own score."""
    criteria: list[tuple[int, str, str]]
    table3: Table
    table4: Table
    finding_notes: list[str]
    matrix: Table
    illustrative: bool
    abbreviations: list[tuple[str, str]] = field(default_factory=lambda: list(ABBREVIATIONS))

    @property
    def empty(self) -> bool:
        return not self.sections

    @property
    def criteria_scores(self) -> dict[str, list[int | None]]:
        """Per project, its score on each criterion of the scheme, in order."""
        names = sorted({name for values in self.scores.values() for name in values})
        return {
            name: [self.scores.get(f"criterion_{n}", {}).get(name) for n, _t, _d in self.criteria] for name in names
        }

    def tables(self) -> list[Table]:
        return [
            self.project_table,
            self.milestones_achieved,
            self.milestones_planned,
            self.table3,
            self.table4,
            self.matrix,
        ]


@dataclass(frozen=True)
class RoundSource:
    """What a round's documents are made from, read by ``services.documents`` (plain data)."""

    round_id: int
    round_name: str
    report_date: date | None
    portfolio: object
    projects: dict[int, object]
    narratives: dict[int, dict[str, str]]
    round_texts: dict[str, str]
    target_groups: list[tuple[int, str, bool]]
    milestones: list
    scores: list
    criteria: list[tuple[int, str, str]]
    matrix: list
    recommendations: dict = field(default_factory=dict)


def report_data(source: RoundSource) -> ReportData:
    """The report's tables and texts from the round's data; ``ReportData.empty`` when no project reported."""
    data = source.portfolio
    active = [p for p in data.projects if p.active]
    reported = {row.project_id for row in source.milestones} | {p.id for p in active if p.spent_total is not None}
    shown = [p for p in active if p.id in reported]
    shown_ids = {p.id for p in shown}
    groups: dict[str, list[str]] = {}
    illustrative = False
    for project_id, name, flag in source.target_groups:
        if project_id in shown_ids:
            groups.setdefault(name, []).append(source.projects[project_id].display_name)
            illustrative |= flag
    milestone_keys = ["project", "code", "period", "status", "description"]
    achieved = [r for r in source.milestones if r.kind == "achieved"]
    planned = [r for r in source.milestones if r.kind == "planned"]
    own = [s for s in source.scores if s.assessor == "project"]
    illustrative |= any(s.illustrative for s in own)
    by_project: dict[str, dict[str, int]] = {}
    for s in own:
        by_project.setdefault(s.project, {})[s.dimension] = s.value
    notes = [
        f"{f.project}: {f.label} er oppgitt til {format_kr(f.reported)}, men {f.formula} gir {format_kr(f.computed)}."
        for f in data.findings
    ]
    keys = [k for k, _l in MATRIX_COLUMNS]
    facts = source.projects
    return ReportData(
        round_id=source.round_id,
        round_name=source.round_name,
        report_date=source.report_date,
        scheme=data.scheme_name,
        partnership=data.partnership,
        envelope=data.envelope,
        round_texts=source.round_texts,
        project_table=Table(
            "Tabell 1: Informasjon om prosjektene",
            ["Prosjektnavn", "Prosjektnummer", "Prosjekteier", "Prosjektledere", "Samarbeidspartnere"],
            [
                [
                    facts[p.id].name,
                    p.number or "–",
                    facts[p.id].owners or "–",
                    facts[p.id].leaders or "–",
                    facts[p.id].partners or "–",
                ]
                for p in shown
            ],
        ),
        sections=[ProjectSection(p.display_name, p.number, source.narratives.get(p.id, {})) for p in shown],
        target_groups=groups,
        milestones_achieved=Table(
            "Tabell 2: Oppnådde milepæler",
            ["Prosjekt", "Milepæl", "Når", "Status", "Beskrivelse"],
            [[d[k] for k in milestone_keys] for d in milestone_dicts(achieved)],
        ),
        milestones_planned=Table(
            "Planlagte milepæler (veien videre)",
            ["Prosjekt", "Milepæl", "Når", "Status", "Beskrivelse"],
            [[d[k] for k in milestone_keys] for d in milestone_dicts(planned)],
        ),
        scores={d.key: {name: v.get(d.key) for name, v in by_project.items()} for d in SCORE_DIMENSIONS},
        criteria=source.criteria,
        table3=Table(
            "Tabell 3: Fordelte og brukte midler",
            [c.label for c in TABLE3[:3]] + ["År", "Innvilget hittil", "Forbruk"],
            [
                [r["project"], r["granted"], r["spent"], r["years"], r["granted_total"], r["rate"]]
                for r in table3_rows(data.projects)
            ],
        ),
        table4=Table(
            "Tabell 4: Gjenværende og videreførte midler (oppgitt og beregnet)",
            ["Prosjekt", "Tall", "Oppgitt", "Beregnet", "Kontroll"],
            [[r["project"], r["figure"], r["printed"], r["computed"], r["check"]] for r in table4_rows(data.projects)],
        ),
        finding_notes=notes,
        matrix=Table(
            f"Beslutningsmatrise {source.round_name}",
            [label for _k, label in MATRIX_COLUMNS],
            [[d[k] for k in keys] for d in matrix_dicts(source.matrix)],
        ),
        illustrative=illustrative,
    )


def report_title(data: ReportData) -> str:
    return f"Rapport {data.round_name.lower()}"


def report_subtitle(data: ReportData) -> str:
    dated = format_date(data.report_date) if data.report_date else ""
    return f"{data.partnership} – {data.scheme}" + (f" – {dated}" if dated else "")
