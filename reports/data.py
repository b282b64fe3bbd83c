"""Everything the round report contains, read once from the database into plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from components.finance import table3_rows, table4_rows
from components.milestones import milestone_dicts
from components.ssu import MATRIX_COLUMNS, matrix_dicts
from db.models import Narrative, Project, ProjectTargetGroup, RoundText
from db.page_queries import criteria, milestone_rows, score_rows
from db.queries import find_round, portfolio, scheme_by_id
from db.ssu import matrix
from domain.formatting import format_date, format_kr
from domain.money import RULE_FORMULAS, RULE_LABELS

ABBREVIATIONS = [
    ("UNN", "Universitetssykehuset Nord-Norge"), ("SSU", "Strategisk samarbeidsutvalg"),
    ("DHO", "Digital hjemmeoppfølging"), ("PSHT", "Pasientsentrert helsetjenesteteam"),
    ("PHT", "Primærhelsetjenesten"), ("SPHT", "Spesialisthelsetjenesten"), ("LSU", "Lokalt samarbeidsutvalg"),
    ("TGM", "Totalt gjenværende midler"), ("VM", "Videreførte midler"), ("ISÅ", "Innvilget sum årlig"),
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
    progress: dict[str, int | None]
    criteria: list[tuple[int, str, str]]
    criteria_scores: dict[str, list[int | None]]
    delivers: dict[str, int | None]
    continues: dict[str, int | None]
    table3: Table
    table4: Table
    finding_notes: list[str]
    matrix: Table
    illustrative: bool
    abbreviations: list[tuple[str, str]] = field(default_factory=lambda: list(ABBREVIATIONS))

    @property
    def empty(self) -> bool:
        return not self.sections

    def tables(self) -> list[Table]:
        return [self.project_table, self.milestones_achieved, self.milestones_planned, self.table3, self.table4,
                self.matrix]


def round_report_data(session: Session, *, round_name: str | None, today: date,
                      scheme_id: int | None = None) -> ReportData | None:
    """None when the round does not exist; ReportData.empty when it holds no projects' data."""
    scheme = scheme_by_id(session=session, scheme_id=scheme_id)
    if scheme is None:
        return None
    round_ = find_round(session=session, scheme_id=scheme.id, name=round_name)
    if round_ is None:
        return None
    data = portfolio(session=session, round_name=round_.name, today=today, scheme_id=scheme.id)
    active = [p for p in data.projects if p.active]
    projects = {p.id: p for p in session.scalars(select(Project).filter_by(scheme_id=scheme.id))}
    reported = {row.project_id for row in milestone_rows(session=session, round_id=round_.id, today=today)}
    reported |= {p.id for p in active if p.spent_total is not None}
    shown = [p for p in active if p.id in reported]
    texts: dict[int, dict[str, str]] = {}
    for n in session.scalars(select(Narrative).filter_by(round_id=round_.id)):
        texts.setdefault(n.project_id, {})[n.kind] = n.text
    groups: dict[str, list[str]] = {}
    illustrative = False
    for link in session.scalars(select(ProjectTargetGroup)):
        if link.project_id in {p.id for p in shown}:
            groups.setdefault(link.target_group.name, []).append(projects[link.project_id].display_name)
            illustrative |= link.is_illustrative
    rows = milestone_rows(session=session, round_id=round_.id, today=today)
    milestone_keys = ["project", "code", "period", "status", "description"]
    achieved = [r for r in rows if r.kind == "achieved"]
    planned = [r for r in rows if r.kind == "planned"]
    scores = score_rows(session=session, round_ids=[round_.id])
    own = [s for s in scores if s.assessor == "project"]
    illustrative |= any(s.illustrative for s in own)
    crit = criteria(session=session)
    by_project: dict[str, dict[str, int]] = {}
    for s in own:
        by_project.setdefault(s.project, {})[s.dimension] = s.value
    notes = [f"{f.project}: {RULE_LABELS.get(f.rule, f.rule)} er oppgitt til {format_kr(f.reported)}, men "
             f"{RULE_FORMULAS.get(f.rule, '')} gir {format_kr(f.computed)}." for f in data.findings]
    _name, matrix_rows = matrix(session, round_name=round_.name, today=today, scheme_id=scheme.id)
    keys = [k for k, _l in MATRIX_COLUMNS]
    return ReportData(
        round_id=round_.id, round_name=round_.name, report_date=round_.report_date, scheme=data.scheme_name, partnership=data.partnership,
        envelope=data.envelope,
        round_texts={t.kind: t.text for t in session.scalars(select(RoundText).filter_by(round_id=round_.id))},
        project_table=Table("Tabell 1: Informasjon om prosjektene",
                            ["Prosjektnavn", "Prosjektnummer", "Prosjekteier", "Prosjektledere", "Samarbeidspartnere"],
                            [[projects[p.id].name, p.number or "–", projects[p.id].owners or "–",
                              projects[p.id].leaders or "–", projects[p.id].partners or "–"] for p in shown]),
        sections=[ProjectSection(p.display_name, p.number, texts.get(p.id, {})) for p in shown],
        target_groups=groups,
        milestones_achieved=Table("Tabell 2: Oppnådde milepæler", ["Prosjekt", "Milepæl", "Når", "Status", "Beskrivelse"],
                                  [[d[k] for k in milestone_keys] for d in milestone_dicts(achieved)]),
        milestones_planned=Table("Planlagte milepæler (veien videre)", ["Prosjekt", "Milepæl", "Når", "Status",
                                                                         "Beskrivelse"],
                                 [[d[k] for k in milestone_keys] for d in milestone_dicts(planned)]),
        progress={name: v.get("progress") for name, v in by_project.items()},
        criteria=crit,
        criteria_scores={name: [v.get(f"criterion_{n}") for n, _t, _d in crit] for name, v in by_project.items()},
        delivers={name: v.get("delivers") for name, v in by_project.items()},
        continues={name: v.get("continues") for name, v in by_project.items()},
        table3=Table("Tabell 3: Fordelte og brukte midler",
                     ["Prosjekt", "Innvilget sum årlig", "Brukte midler totalt", "År", "Innvilget hittil", "Forbruk"],
                     [[r["project"], r["granted"], r["spent"], r["years"], r["granted_total"], r["rate"]]
                      for r in table3_rows(data.projects)]),
        table4=Table("Tabell 4: Gjenværende og videreførte midler (oppgitt og beregnet)",
                     ["Prosjekt", "Tall", "Oppgitt", "Beregnet", "Kontroll"],
                     [[r["project"], r["figure"], r["printed"], r["computed"], r["check"]]
                      for r in table4_rows(data.projects)]),
        finding_notes=notes,
        matrix=Table(f"Beslutningsmatrise {round_.name}", [label for _k, label in MATRIX_COLUMNS],
                     [[d[k] for k in keys] for d in matrix_dicts(matrix_rows)]),
        illustrative=illustrative,
    )


def report_title(data: ReportData) -> str:
    return f"Rapport {data.round_name.lower()}"


def report_subtitle(data: ReportData) -> str:
    dated = format_date(data.report_date) if data.report_date else ""
    return f"{data.partnership} – {data.scheme}" + (f" – {dated}" if dated else "")
