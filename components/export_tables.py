"""The table each export button gives, built from the same service data as the page it sits on."""

from __future__ import annotations

from components.cells import count, day, kr, share
from components.export import ExportTable
from components.finance import TABLE3, TABLE4, table3_rows, table4_rows
from components.findings import findings_rows
from components.indicators import progress_text
from components.milestones import milestone_dicts
from components.money import EXPECTED, PRINTED
from components.projects import figures_from, project_grid_rows
from components.ssu import MATRIX_COLUMNS, matrix_dicts
from domain.vocabulary import ASSESSOR_LABELS, BENEFIT_TYPE_LABELS, SCORE_DIMENSION


def _rows(dict_rows: list[dict], keys: list[str]) -> list[list]:
    return [[row.get(k) for k in keys] for row in dict_rows]


def table3_export(figures) -> ExportTable:
    keys = [c.key for c in TABLE3]
    return ExportTable(
        "Tabell 3", [c.label for c in TABLE3], _rows(table3_rows(figures.projects if figures else []), keys)
    )


def table4_export(figures) -> ExportTable:
    keys = [c.key for c in TABLE4]
    return ExportTable(
        "Tabell 4", [c.label for c in TABLE4], _rows(table4_rows(figures.projects if figures else []), keys)
    )


def projects_export(rows, round_name: str | None) -> ExportTable:
    keys = [
        "number",
        "full_name",
        "status",
        "owners",
        "target_groups",
        "reported",
        "light",
        "light_reasons",
        "granted_per_year",
        "spent_total",
        "spending_rate",
        "milestones_done",
        "milestones_total",
        "overdue",
        "illustrative",
    ]
    typed = [
        {
            **row,
            "reported": "–"
            if not source.overview.active
            else ("ja" if source.overview.reported else f"nei, tall fra {figures_from(source.overview, round_name)}"),
            "granted_per_year": kr(row["granted_per_year"]),
            "spent_total": kr(row["spent_total"]),
            "spending_rate": share(row["spending_rate"]),
            "milestones_done": count(source.overview.milestones.done),  # numbers, not «2 av 4» (trial 24a)
            "milestones_total": count(source.overview.milestones.total),
            "overdue": count(row["overdue"]),
            "illustrative": "ja" if source.scores_illustrative or source.target_groups_illustrative else "nei",
        }
        for row, source in zip(project_grid_rows(rows, round_name), rows, strict=True)
    ]
    return ExportTable(
        "Prosjekter",
        [
            "Prosjektnummer",
            "Prosjekt",
            "Status",
            "Prosjekteier",
            "Målgrupper",
            f"Rapportert i {round_name}" if round_name else "Rapportert i runden",
            "Statusfarge",
            "Varsler",
            "Innvilget per år",
            "Brukt totalt (oppgitt)",
            "Forbruk (beregnet)",
            "Milepæler ferdig",
            "Milepæler i alt",
            "Forfalte milepæler",
            "Eksempeldata (poeng eller målgrupper)",
        ],
        _rows(typed, keys),
    )


def milestones_export(rows) -> ExportTable:
    keys = ["project", "code", "description", "period", "start", "end", "status", "kind", "overdue"]
    typed = [{**d, "start": day(r.start), "end": day(r.end)} for d, r in zip(milestone_dicts(rows), rows, strict=True)]
    return ExportTable(
        "Milepæler",
        [
            "Prosjekt",
            "Milepæl",
            "Beskrivelse",
            "Når (som skrevet)",
            "Start (tolket)",
            "Slutt (tolket)",
            "Status",
            "Type",
            "Forfalt",
        ],
        _rows(typed, keys),
    )


def indicators_export(kpis) -> ExportTable:
    return ExportTable(
        "Indikatorer",
        [
            "Prosjekt",
            "Gevinst",
            "Gevinsttype",
            "Gevinsteier",
            "Organisasjon",
            "Indikator",
            "Enhet",
            "Nullpunkt",
            "Nullpunkt dato",
            "Mål",
            "Måldato",
            "Status",
            "Eksempeldata",
        ],
        [
            [
                k.project,
                k.benefit,
                BENEFIT_TYPE_LABELS.get(k.benefit_type),
                k.owner,
                k.organisation,
                k.name,
                k.unit,
                k.baseline,
                day(k.baseline_date),
                k.target,
                day(k.target_date),
                progress_text(k),
                "ja" if k.illustrative or any(v.illustrative for v in k.values) else "nei",  # path or measurements
            ]
            for k in kpis
        ],
    )


def findings_export(findings) -> ExportTable:
    keys = ["project", "figure", "formula", "reported", "computed", "difference", "message"]
    return ExportTable(
        "Avvik",
        ["Prosjekt", "Tall", "Formel", PRINTED, EXPECTED, "Avvik", "Forklaring"],
        _rows(findings_rows(findings), keys),
    )


def scores_export(scores) -> ExportTable:
    return ExportTable(
        "Poeng",
        ["Prosjekt", "Vurdering", "Poeng", "Vurdert av", "Begrunnelse", "Eksempeldata"],
        [
            [
                r.project,
                SCORE_DIMENSION[r.dimension].label,
                count(r.value),
                ASSESSOR_LABELS[r.assessor],
                r.justification,
                "ja" if r.illustrative else "nei",
            ]
            for r in sorted(scores, key=lambda r: (r.project, r.dimension))
        ],
    )


def matrix_export(rows) -> ExportTable:
    columns = [*MATRIX_COLUMNS, ("illustrative", "Poeng er eksempeldata")]
    return ExportTable(
        "Beslutningsmatrise", [label for _key, label in columns], _rows(matrix_dicts(rows), [k for k, _l in columns])
    )
