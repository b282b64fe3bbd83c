"""The portfolio's project table (dash-ag-grid) and its rows."""

from __future__ import annotations

import dash_ag_grid as dag

from db.queries import ProjectOverview
from domain.formatting import format_kr, format_percent


def project_rows(projects: list[ProjectOverview]) -> list[dict]:
    """One plain row per project; numbers stay numbers for sorting, text is Norwegian."""
    rows = []
    for p in projects:
        rows.append({
            "number": p.number or "–",
            "name": p.display_name,
            "full_name": p.name,
            "status": "Aktiv" if p.active else "Avsluttet",
            "granted_per_year": p.granted_per_year,
            "granted_per_year_text": format_kr(p.granted_per_year),
            "spent_total": p.spent_total,
            "spent_total_text": format_kr(p.spent_total),
            "spending_rate": p.computed.spending_rate,
            "spending_rate_text": format_percent(p.computed.spending_rate),
            "remaining": p.computed.remaining,
            "remaining_text": format_kr(p.computed.remaining),
            "milestones_text": f"{p.milestones.done} av {p.milestones.total}" if p.milestones.total else "–",
            "overdue": p.milestones.overdue,
            "findings": len(p.findings),
        })
    return rows


def project_grid(rows: list[dict], *, grid_id: str) -> dag.AgGrid:
    columns = [
        {"field": "number", "headerName": "Nr.", "width": 95},
        {"field": "name", "headerName": "Prosjekt", "flex": 2, "minWidth": 220,
         "tooltipField": "full_name"},
        {"field": "status", "headerName": "Status", "width": 110},
        {"field": "granted_per_year", "headerName": "Innvilget per år", "type": "rightAligned",
         "valueFormatter": {"function": "formatKr(params.value)"}, "width": 160},
        {"field": "spent_total", "headerName": "Brukt totalt", "type": "rightAligned",
         "valueFormatter": {"function": "formatKr(params.value)"}, "width": 150},
        {"field": "spending_rate", "headerName": "Forbruk", "type": "rightAligned",
         "valueFormatter": {"function": "formatPercent(params.value)"}, "width": 110},
        {"field": "remaining", "headerName": "Gjenstående (beregnet)", "type": "rightAligned",
         "valueFormatter": {"function": "formatKr(params.value)"}, "width": 190},
        {"field": "milestones_text", "headerName": "Milepæler ferdig", "width": 150},
        {"field": "findings", "headerName": "Avvik", "type": "rightAligned", "width": 90},
    ]
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=columns,
        defaultColDef={"sortable": True, "filter": True, "resizable": True},
        dashGridOptions={"domLayout": "autoHeight", "tooltipShowDelay": 300,
                         "localeText": {"noRowsToShow": "Ingen prosjekter å vise"}},
        style={"width": "100%"},
        className="ag-theme-quartz",
    )
