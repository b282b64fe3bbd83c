"""Excel downloads: one callback for every export button, and the tables it can export.

Each exporter reads the same query and row builder as its page, with the page's filters.
"""

from __future__ import annotations

from typing import Callable
from urllib.parse import parse_qs

from dash import MATCH, Input, Output, State, callback, dcc, no_update

import runtime
from authz import READ
from components.export import ExportTable, to_xlsx
from components.finance import table3_rows, table4_rows
from db.queries import portfolio
from db.session import read_session

Exporter = Callable[..., ExportTable]
EXPORTERS: dict[str, Exporter] = {}


def exporter(key: str):
    def register(fn: Exporter) -> Exporter:
        EXPORTERS[key] = fn
        return fn
    return register


def _rows(dict_rows: list[dict], keys: list[str]) -> list[list]:
    return [[row.get(k) for k in keys] for row in dict_rows]


@exporter("okonomi-tabell3")
def _table3(session, params, today) -> ExportTable:
    data = portfolio(session=session, round_name=params.get("runde"), today=today, scheme_id=_scheme_id(session, params))
    keys = ["project", "granted", "spent", "years", "granted_total", "rate"]
    return ExportTable("Tabell 3", ["Prosjekt", "Innvilget sum årlig", "Brukte midler totalt", "År innvilget",
                                    "Innvilget hittil (beregnet)", "Forbruk (beregnet)"],
                       _rows(table3_rows(data.projects), keys))


@exporter("okonomi-tabell4")
def _table4(session, params, today) -> ExportTable:
    data = portfolio(session=session, round_name=params.get("runde"), today=today, scheme_id=_scheme_id(session, params))
    keys = ["project", "figure", "printed", "computed", "check"]
    return ExportTable("Tabell 4", ["Prosjekt", "Tall", "Oppgitt i rapporten", "Beregnet", "Kontroll"],
                       _rows(table4_rows(data.projects), keys))


def _scheme_id(session, params: dict) -> int | None:
    """The scheme the exported page showed (?ordning=ID), else the default scheme."""
    from components.filters import scheme_key
    from db.queries import scheme_by_id

    scheme = scheme_by_id(session=session, scheme_id=scheme_key(params.get("ordning")))
    return scheme.id if scheme else None


def export_table(key: str, params_text: str) -> ExportTable:
    params = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(params_text).items()}
    with read_session(runtime.database_url()) as session:
        return EXPORTERS[key](session, params, runtime.today())


@callback(Output({"type": "export-download", "table": MATCH, "params": MATCH}, "data"),
          Input({"type": "export-button", "table": MATCH, "params": MATCH}, "n_clicks"),
          State({"type": "export-button", "table": MATCH, "params": MATCH}, "id"),
          prevent_initial_call=True)
def download(n_clicks, ident):
    if not n_clicks or ident["table"] not in EXPORTERS:
        return no_update
    if not runtime.allowed(READ):
        return no_update
    table = export_table(ident["table"], ident["params"])
    return dcc.send_bytes(to_xlsx(table), f"{ident['table']}.xlsx")


@exporter("prosjekter")
def _projects(session, params, today) -> ExportTable:
    from components.projects import filter_projects, project_grid_rows
    from db.page_queries import project_list

    _data, rows = project_list(session=session, round_name=params.get("runde"), today=today,
                                 scheme_id=_scheme_id(session, params))
    rows = filter_projects(rows, search=params.get("sok", ""), status=params.get("status"),
                           owner=params.get("eier"), target_group=params.get("malgruppe"))
    keys = ["number", "full_name", "status", "owners", "target_groups", "light", "light_reasons",
            "granted_per_year", "spent_total", "spending_rate", "milestones", "overdue"]
    return ExportTable("Prosjekter", ["Prosjektnummer", "Prosjekt", "Status", "Prosjekteier", "Målgrupper",
                                      "Statusfarge", "Varsler", "Innvilget per år (kr)", "Brukt totalt (kr)",
                                      "Forbruk (andel)", "Milepæler ferdig", "Forfalte milepæler"],
                       _rows(project_grid_rows(rows), keys))


@exporter("milepaeler")
def _milestones(session, params, today) -> ExportTable:
    from components.filters import as_list
    from components.milestones import filter_milestones, milestone_dicts
    from db.page_queries import milestone_rows
    from db.queries import find_round

    round_ = find_round(session=session, scheme_id=_scheme_id(session, params), name=params.get("runde"))
    rows = milestone_rows(session=session, round_id=round_.id if round_ else None, today=today)
    rows = filter_milestones(rows, project_refs=as_list(params.get("prosjekt")),
                             statuses=as_list(params.get("status")), only_overdue=params.get("forfalt") == "ja")
    keys = ["project", "code", "description", "period", "dates", "status", "kind", "overdue"]
    return ExportTable("Milepæler", ["Prosjekt", "Milepæl", "Beskrivelse", "Når (som skrevet)", "Tolket periode",
                                     "Status", "Type", "Forfalt"], _rows(milestone_dicts(rows), keys))


@exporter("indikatorer")
def _indicators(session, params, today) -> ExportTable:
    from components.indicators import BENEFIT_TYPE_LABELS, progress_text
    from db.page_queries import kpi_rows

    rows = [k for k in kpi_rows(session=session, scheme_id=_scheme_id(session, params)) if not params.get("prosjekt") or k.project_ref == params["prosjekt"]]
    return ExportTable("Indikatorer", [
        "Prosjekt", "Gevinst", "Gevinsttype", "Gevinsteier", "Organisasjon", "Indikator", "Enhet", "Nullpunkt",
        "Nullpunkt dato", "Mål", "Måldato", "Status", "Eksempeldata"], [[
            k.project, k.benefit, BENEFIT_TYPE_LABELS.get(k.benefit_type), k.owner, k.organisation, k.name, k.unit,
            k.baseline, k.baseline_date, k.target, k.target_date, progress_text(k), "ja" if k.illustrative else "nei",
        ] for k in rows])


@exporter("avvik")
def _findings(session, params, today) -> ExportTable:
    from components.findings import findings_rows

    data = portfolio(session=session, round_name=params.get("runde"), today=today, scheme_id=_scheme_id(session, params))
    keys = ["project", "figure", "formula", "reported", "computed", "difference", "message"]
    return ExportTable("Avvik", ["Prosjekt", "Tall", "Formel", "Oppgitt", "Beregnet", "Avvik", "Forklaring"],
                       _rows(findings_rows(data.findings), keys))


@exporter("gevinster")
def _scores(session, params, today) -> ExportTable:
    from db.page_queries import score_rows
    from db.queries import find_round

    round_ = find_round(session=session, scheme_id=_scheme_id(session, params), name=params.get("runde"))
    rows = score_rows(session=session, round_ids=[round_.id] if round_ else [])
    labels = {"progress": "Fremdrift", "delivers": "Leverer mål og gevinster", "continues": "Videreføres"}
    return ExportTable("Poeng", ["Prosjekt", "Vurdering", "Poeng", "Vurdert av", "Begrunnelse", "Eksempeldata"], [
        [r.project, labels.get(r.dimension, r.dimension.replace("criterion_", "Kriterium ")), r.value,
         "Prosjektet" if r.assessor == "project" else "Sekretariatet", r.justification,
         "ja" if r.illustrative else "nei"] for r in sorted(rows, key=lambda r: (r.project, r.dimension))])


@exporter("ssu-matrise")
def _matrix(session, params, today) -> ExportTable:
    from components.ssu import MATRIX_COLUMNS, matrix_dicts
    from db.ssu import matrix

    _name, rows = matrix(session, round_name=params.get("runde"), today=today, scheme_id=_scheme_id(session, params))
    keys = [key for key, _label in MATRIX_COLUMNS]
    return ExportTable("Beslutningsmatrise", [label for _key, label in MATRIX_COLUMNS], _rows(matrix_dicts(rows), keys))
