"""Everything the round report contains, as plain tables and texts, made from the round's data."""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from components.cells import count
from components.finance import TABLE3, TABLE4, project_label, table3_rows, table4_rows
from components.milestones import milestone_dicts
from components.ssu import MATRIX_COLUMNS, matrix_dicts, proposals
from domain.formatting import and_listing, format_date, format_kr, local_today, lower_first
from domain.rounds import not_reported_short, stage
from domain.vocabulary import (
    CARRY_OVER,
    CRITERIA_DIMENSIONS,
    DONE,
    GRANTED_PER_YEAR,
    IN_PROGRESS,
    OVERALL_DIMENSIONS,
    PLANNED,
    REMAINING,
    RULE_NAMES,
    SCORE_DIMENSIONS,
    STATUS_LABELS,
    illustrative_scores_note,
)

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ABBREVIATIONS_FILE = DATA_DIR / "forkortelser.csv"
TEXTS_FILE = DATA_DIR / "rapporttekster.toml"


def _without_short(label: str, short: str) -> str:
    return label.replace(f"({short})", "").strip()


@cache
def abbreviation_list() -> tuple[tuple[str, str], ...]:
    """Every abbreviation the report may use, with its meaning: ``data/forkortelser.csv`` (the hand-made report's
    list) and the money figures' short names from the vocabulary. The report prints only those its text uses."""
    with ABBREVIATIONS_FILE.open(encoding="utf-8", newline="") as handle:
        listed = [(row["forkortelse"].strip(), row["betydning"].strip()) for row in csv.DictReader(handle)]
    money = [(m.short_label, _without_short(m.label, m.short_label)) for m in (REMAINING, CARRY_OVER, GRANTED_PER_YEAR)]
    return tuple(listed + money)


def abbreviation_pattern(abbreviation: str) -> re.Pattern:
    """The abbreviation as a word of its own ("DHO" in "DHO-løsning", not in "DHOX")."""
    return re.compile(rf"(?<![\w]){re.escape(abbreviation)}(?![\w])")


def abbreviations_used(text: str) -> list[tuple[str, str]]:
    """The listed abbreviations that ``text`` uses, in the list's order."""
    return [(short, meaning) for short, meaning in abbreviation_list() if abbreviation_pattern(short).search(text)]


@cache
def report_texts() -> dict[str, str]:
    """The report's fixed introductory paragraphs (templates), from ``data/rapporttekster.toml``."""
    with TEXTS_FILE.open("rb") as handle:
        return {key: value.strip() for key, value in tomllib.load(handle).items()}


def intro_text(key: str, values: dict[str, str]) -> list[str]:
    """The chapter's introductory paragraphs, filled with the round's figures."""
    return [p.strip() for p in report_texts()[key].format(**values).split("\n\n") if p.strip()]


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    """Typed cells (``components.cells``): each format writes them its own way."""


@dataclass(frozen=True)
class TimelinePoint:
    """One milestone on the report's timeline (figure 2)."""

    project: str
    code: str
    start: date | None
    end: date | None
    status: str | None
    achieved: bool
    overdue: bool


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
    proposals: list[tuple[str, str]] = field(default_factory=list)
    """(project, proposal) for the case document's «Forslag til vedtak», in the matrix's order."""
    abbreviations: list[tuple[str, str]] = field(default_factory=lambda: list(abbreviation_list()))
    as_of: date | None = None
    """The day the round is judged on (what is overdue)."""
    reported: int = 0
    """Active projects that reported in the round."""
    active: int = 0
    """Active projects of the scheme."""
    scores_illustrative: bool = False
    scores_note: str = ""
    """Which projects' scores are illustrative, as a sentence ('' when none): «Poengene er eksempeldata.» only when
    every project's are (trial 24a: a project's own reported scores were labelled illustrative)."""
    groups_note: str = ""
    """Which projects' target groups are illustrative, as a sentence ('' when none): «Målgruppene er eksempeldata.»
    (session-24 note: figure 1 did not say so)."""
    unchecked_notes: list[str] = field(default_factory=list)
    """Per project, the printed figures that cannot be checked (trial 25b: «Alle oppgitte tall stemmer» beside
    Furumoen's «kan ikke kontrolleres»)."""
    ended: list[tuple[str, int | None]] = field(default_factory=list)
    """Ended projects of the scheme: name and yearly grant."""
    timeline: list[TimelinePoint] = field(default_factory=list)
    milestone_counts: Table = field(default_factory=lambda: Table("", [], []))
    """Per project, its milestones counted by the portfolio (the timeline's table)."""
    granted_all: int = 0
    """The scheme's projects' yearly grants together (the portfolio's own sum)."""
    spent_all: int = 0

    @property
    def empty(self) -> bool:
        """No active project has an approved report, in this round or before."""
        return not self.sections

    @property
    def coverage(self) -> str:
        """'2 av 7 aktive prosjekter har rapportert i Vår 2026; de andre er vist med siste godkjente rapport og
        merket «ikke rapportert».'"""
        text = f"{self.reported} av {self.active} aktive prosjekter har rapportert i {self.round_name}"
        if self.reported < self.active:
            text += "; de andre er vist med siste godkjente rapport og merket «ikke rapportert»"
        dated = f" Milepæler er vurdert per {format_date(self.as_of)}." if self.as_of else ""
        return text + "." + dated

    @property
    def criteria_scores(self) -> dict[str, list[int | None]]:
        """Per project, its score on each criterion of the scheme, in order."""
        names = sorted({name for values in self.scores.values() for name in values})
        return {
            name: [self.scores.get(f"criterion_{n}", {}).get(name) for n, _t, _d in self.criteria] for name in names
        }

    def intro_values(self) -> dict[str, str]:
        """The figures the introductory paragraphs are filled with (``data/rapporttekster.toml``)."""
        ended = [f"«{name}» ({format_kr(granted)} per år)" if granted else f"«{name}»" for name, granted in self.ended]
        if ended:
            listing = and_listing(ended)
            ended_sentence = f"{str(len(ended))} av prosjektene er avsluttet: {listing}. "
            ended_sentence += "De er ikke en del av rapporteringen. "
        else:
            ended_sentence = ""
        placed = [p for p in self.timeline if p.start and p.end]
        unplaced = len(self.timeline) - len(placed)
        progress, delivers = OVERALL_DIMENSIONS[0], OVERALL_DIMENSIONS[1]
        achieved = [p for p in self.timeline if p.achieved]
        return {
            "active": str(self.active),
            "reported_sentence": self.coverage,
            "ended_sentence": ended_sentence,
            "ended_table_sentence": ", der de avsluttede prosjektene står til slutt" if ended else "",
            "as_of": format_date(self.as_of or self.report_date) if (self.as_of or self.report_date) else "i dag",
            "partnership": self.partnership,
            "criteria": str(len(self.criteria)),
            "achieved": str(len(achieved)),
            "achieved_done": str(sum(1 for p in achieved if p.status == DONE)),
            "planned": str(len(self.timeline) - len(achieved)),
            "unplaced_sentence": (
                f"{unplaced} milepæler har en periode som ikke kan plasseres på tidslinjen; de står i tabellene."
                if unplaced
                else ""
            ),
            "progress_scale": progress.scale,
            "progress_top": str(progress.maximum),
            "criteria_scale": CRITERIA_DIMENSIONS[0].scale,
            "delivers_scale": delivers.scale,
            "delivers_top": str(delivers.maximum),
            "envelope": format_kr(self.envelope),
            "round_name": self.round_name,
            "granted_all": format_kr(self.granted_all),
            "spent_all": format_kr(self.spent_all),
            "next_year": str((self.as_of or self.report_date or local_today()).year + 1),
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
    as_of: date | None = None
    """The day the round is judged on (what is overdue): the same whenever the document is made."""


def report_data(source: RoundSource) -> ReportData:
    """The report's tables and texts as of the round: every active project with its latest approved report up to
    the round, marked where that is not the round itself; ``ReportData.empty`` when there is none at all."""
    data = source.portfolio
    shown = [p for p in data.projects if p.active and p.source_round is not None]
    shown_ids = {p.id for p in shown}
    ended = [p for p in data.projects if not p.active]
    names = {p.id: project_label(p) for p in shown}
    display = {p.id: p.display_name for p in shown}
    groups: dict[str, list[str]] = {}
    grouped: dict[str, bool] = {}  # project -> any of its target groups is illustrative
    for project_id, name, flag in source.target_groups:
        if project_id in shown_ids:
            project = source.projects[project_id].display_name
            groups.setdefault(name, []).append(project)
            grouped[project] = grouped.get(project, False) or flag
    groups_note = illustrative_scores_note(set(grouped), {p for p, flag in grouped.items() if flag}, "Målgruppene")
    milestone_keys = ["project", "code", "period", "status", "description"]
    milestones = [r for r in source.milestones if r.project_id in shown_ids]
    # Tabell 2 holds what is reported done or under way, «veien videre» what has not started (domain.rounds.stage)
    achieved = [r for r in milestones if stage(r.status, r.kind) != PLANNED]
    planned = [r for r in milestones if stage(r.status, r.kind) == PLANNED]
    own = [s for s in source.scores if s.assessor == "project" and s.project_id in shown_ids]
    scores_illustrative = any(s.illustrative for s in own)
    note = illustrative_scores_note({s.project for s in own}, {s.project for s in own if s.illustrative})
    by_project: dict[str, dict[str, int]] = {}
    for s in own:
        by_project.setdefault(s.project, {})[s.dimension] = s.value
    notes = [f"{f.project}: {f.message}" for f in data.findings if any(p.display_name == f.project for p in shown)]
    keys = [k for k, _l in MATRIX_COLUMNS]
    facts = source.projects
    matrix_title = f"Beslutningsmatrise {source.round_name}"
    scored = [r for r in source.matrix if any(v is not None for v in r.scores.values())]  # as the figures count
    matrix_note = illustrative_scores_note({r.project for r in scored}, {r.project for r in scored if r.illustrative})
    if matrix_note:
        matrix_title += " – " + lower_first(matrix_note.rstrip("."))
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
                    facts[p.id].name + ("" if p.reported else f" ({not_reported_short(p.source_round)})"),
                    p.number or "–",
                    facts[p.id].owners or "–",
                    facts[p.id].leaders or "–",
                    facts[p.id].partners or "–",
                ]
                for p in shown
            ],
        ),
        sections=[ProjectSection(names[p.id], p.number, source.narratives.get(p.id, {})) for p in shown],
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
            [c.label for c in TABLE3],
            [[r[c.key] for c in TABLE3] for r in table3_rows(shown + ended)],
        ),
        table4=Table(
            "Tabell 4: Gjenværende og videreførte midler (oppgitt, kontroll og beregnet)",
            [c.label for c in TABLE4],
            [[r[c.key] for c in TABLE4] for r in table4_rows(shown)],
        ),
        finding_notes=notes,
        unchecked_notes=[
            f"{p.display_name}: {and_listing([RULE_NAMES[u].label for u in p.money.unchecked])} kan ikke kontrolleres; "
            "et tall formelen trenger er bare oppgitt med ord, eller mangler."
            for p in shown
            if p.money.unchecked
        ],
        matrix=Table(
            matrix_title,
            [label for _k, label in MATRIX_COLUMNS],
            [[d[k] for k in keys] for d in matrix_dicts(source.matrix)],
        ),
        illustrative=bool(groups_note) or scores_illustrative,
        proposals=proposals(source.matrix),
        as_of=source.as_of,
        reported=sum(1 for p in shown if p.reported),
        active=sum(1 for p in data.projects if p.active),
        scores_illustrative=scores_illustrative,
        scores_note=note,
        groups_note=groups_note,
        ended=[(p.display_name, p.granted_per_year) for p in ended],
        timeline=[
            TimelinePoint(
                display[r.project_id], r.code, r.start, r.end, r.status, stage(r.status, r.kind) != PLANNED, r.overdue
            )
            for r in milestones
        ],
        milestone_counts=Table(
            "Milepæler per prosjekt",
            ["Prosjekt", "Milepæler", *(STATUS_LABELS[s] for s in (DONE, IN_PROGRESS, PLANNED)), "Forfalt"]
            + ["Uten periode"],
            [
                [
                    p.display_name,
                    count(p.milestones.total),
                    count(p.milestones.done),
                    count(p.milestones.in_progress),
                    count(p.milestones.planned),
                    count(p.milestones.overdue),
                    count(p.milestones.unplaced),
                ]
                for p in shown
            ],
        ),
        granted_all=data.allocated_per_year_total,
        spent_all=data.spent_total,
    )


def report_title(data: ReportData) -> str:
    return f"Rapport {data.round_name.lower()}"


def report_subtitle(data: ReportData) -> str:
    dated = format_date(data.report_date) if data.report_date else ""
    return f"{data.partnership} – {data.scheme}" + (f" – {dated}" if dated else "")
