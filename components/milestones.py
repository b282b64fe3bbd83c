"""Milestone tables and filters (pure)."""

from __future__ import annotations

from dash import html

from components.tables import Col, html_table
from domain.formatting import format_date
from domain.statuses import STATUS_LABELS


def status_label(row) -> str:
    label = STATUS_LABELS.get(row.status or "planlagt", row.status_text or "–")
    if row.status_text and row.status_text.strip().lower() != label.lower():
        label += f" («{row.status_text}»)"
    return label


def filter_milestones(rows: list, *, project_refs: list[str] | None = None, statuses: list[str] | None = None,
                      only_overdue: bool = False) -> list:
    kept = []
    for row in rows:
        if project_refs and row.project_ref not in project_refs:
            continue
        if statuses and (row.status or "planlagt") not in statuses:
            continue
        if only_overdue and not row.overdue:
            continue
        kept.append(row)
    return kept


def milestone_dicts(rows: list, *, show_project: bool = True) -> list[dict]:
    return [{
        "project": r.project, "code": r.code, "description": r.description or "–",
        "period": r.period_text or "–",
        "dates": f"{format_date(r.start)} – {format_date(r.end)}" if r.end else (r.period_problem or "–"),
        "status": status_label(r), "kind": "Oppnådd/rapportert" if r.kind == "achieved" else "Planlagt",
        "overdue": "Forfalt" if r.overdue else "",
        "row_class": "row-overdue" if r.overdue else None,
    } for r in rows]


def milestone_table(rows: list, *, table_id: str, show_project: bool = True, caption: str | None = None) -> html.Div:
    columns = ([Col("project", "Prosjekt")] if show_project else []) + [
        Col("code", "Milepæl"), Col("description", "Beskrivelse"), Col("period", "Når (som skrevet)"),
        Col("dates", "Tolket periode"), Col("status", "Status"), Col("kind", "Type"), Col("overdue", "Forfalt"),
    ]
    return html_table(columns, milestone_dicts(rows, show_project=show_project),
                      caption=caption or "Milepæler med periode og status", table_id=table_id,
                      row_class_key="row_class")


def timeline_summary(rows: list) -> str:
    placed = [r for r in rows if r.end is not None]
    overdue = sum(1 for r in rows if r.overdue)
    done = sum(1 for r in rows if r.status == "ferdig")
    return (f"{len(rows)} milepæler, {done} ferdige, {overdue} forfalt uten å være meldt ferdig. "
            f"{len(placed)} har en periode som kan plasseres på tidslinjen"
            + (f"; {len(rows) - len(placed)} står i listen under." if len(placed) < len(rows) else "."))


def milestone_grid(rows: list, *, grid_id: str):
    """All milestones in a sortable, filterable grid (for long lists)."""
    import dash_ag_grid as dag

    columns = [
        {"field": "project", "headerName": "Prosjekt", "minWidth": 200, "flex": 1},
        {"field": "code", "headerName": "Milepæl", "width": 110},
        {"field": "description", "headerName": "Beskrivelse", "flex": 2, "minWidth": 260, "wrapText": True,
         "autoHeight": True},
        {"field": "period", "headerName": "Når (som skrevet)", "width": 160},
        {"field": "dates", "headerName": "Tolket periode", "width": 220},
        {"field": "status", "headerName": "Status", "width": 170},
        {"field": "kind", "headerName": "Type", "width": 170},
        {"field": "overdue", "headerName": "Forfalt", "width": 110,
         "cellClassRules": {"light-rod": "params.value == 'Forfalt'"}},
    ]
    return dag.AgGrid(
        id=grid_id, rowData=milestone_dicts(rows), columnDefs=columns,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"pagination": True, "paginationPageSize": 25, "paginationPageSizeSelector": False,
                         "domLayout": "autoHeight",
                         "localeText": {"noRowsToShow": "Ingen milepæler", "page": "Side", "of": "av",
                                        "to": "–", "firstPage": "Første side", "lastPage": "Siste side",
                                        "nextPage": "Neste side", "previousPage": "Forrige side"}},
        style={"width": "100%"}, className="ag-theme-quartz",
    )
