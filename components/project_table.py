"""The project table (dash-ag-grid): sortable, filterable, each name a link to its project page."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import html

from components.grid_locale import grid_options
from components.money import CANNOT
from components.tables import named_grid
from domain.vocabulary import PROJECT_STATUS_LABELS

ACTIVE = PROJECT_STATUS_LABELS["active"]

KR = {"function": "formatKr(params.value)"}
PAGE_SIZE = 20  # rows are measured for their height (wrapped warnings): render a page at a time


def project_grid(rows: list[dict], *, grid_id: str, label: str = "Prosjekter") -> html.Div:
    """Rows from components.projects.project_grid_rows."""
    columns = [
        {
            "field": "light",
            "headerName": "Status",
            "width": 140,
            "tooltipField": "light_reasons",
            "cellClassRules": {
                "light-rod": "params.data.light_level == 'rod'",
                "light-gul": "params.data.light_level == 'gul'",
                "light-gronn": "params.data.light_level == 'gronn'",
                "light-ikke-rapportert": "params.data.light_level == 'ikke-rapportert'",
            },
        },
        {"field": "number", "headerName": "Nr.", "width": 95},
        {
            "field": "name",
            "headerName": "Prosjekt",
            "flex": 2,
            "minWidth": 200,
            "wrapText": True,
            "autoHeight": True,
            "tooltipField": "full_name",
            "cellRenderer": "ProjectLink",
        },
        {
            "field": "granted_per_year",
            "headerName": "Innvilget per år",
            "type": "rightAligned",
            "valueFormatter": KR,
            "width": 135,
        },
        {
            "field": "spent_total",
            "headerName": "Brukt totalt",
            "type": "rightAligned",
            "valueFormatter": KR,
            "width": 130,
        },
        {
            "field": "spending_rate",
            "headerName": "Forbruk",
            "type": "rightAligned",
            "valueFormatter": {
                "function": f"formatPercent(params.value, params.data.status === '{ACTIVE}' ? '{CANNOT}' : '–')"
            },
            "width": 95,
        },
        {"field": "milestones", "headerName": "Milepæler ferdig", "width": 110},
        {"field": "overdue", "headerName": "Forfalt", "type": "rightAligned", "width": 85},
        {
            "field": "light_reasons",
            "headerName": "Varsler",
            "flex": 2,
            "minWidth": 220,
            "wrapText": True,
            "autoHeight": True,
        },
    ]
    return named_grid(
        dag.AgGrid(
            id=grid_id,
            rowData=rows,
            columnDefs=columns,
            # headers and names wrap, so every column fits a 1366 px screen (trial 25a: «Varsler» was cut off)
            defaultColDef={
                "sortable": True,
                "filter": True,
                "resizable": True,
                "wrapHeaderText": True,
                "autoHeaderHeight": True,
            },
            dashGridOptions=grid_options(
                no_rows="Ingen prosjekter passer med filtrene",
                domLayout="autoHeight",
                tooltipShowDelay=300,
                **(
                    {"pagination": True, "paginationPageSize": PAGE_SIZE, "paginationPageSizeSelector": False}
                    if len(rows) > PAGE_SIZE
                    else {}
                ),
            ),
            getRowId="params.data.ref",
            style={"width": "100%"},
            className="ag-theme-quartz",
        ),
        label,
    )
