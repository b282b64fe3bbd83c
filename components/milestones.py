"""Milestone tables and filters (pure)."""

from __future__ import annotations

from urllib.parse import quote

from dash import html

from components.cards import empty_state
from components.export import export_button
from components.figures import gantt_figure
from components.filters import dropdown, filter_bar, pager, round_dropdown, scheme_dropdown, showing_text
from components.grid_locale import grid_options
from components.tables import Col, chart_block, html_table, named_grid
from domain.formatting import count_of, format_date
from domain.rounds import not_reported_short, stage
from domain.vocabulary import DONE, MILESTONE_KIND_LABELS, PLANNED, STATUS_LABELS

STATUS_OPTIONS = [{"label": label, "value": code} for code, label in STATUS_LABELS.items()]


def status_label(row) -> str:
    if row.status is None and stage(None, row.kind) != PLANNED:  # counted as under way: never «Planlagt»
        return f"«{row.status_text}»" if row.status_text else "–"
    label = STATUS_LABELS.get(row.status or PLANNED, row.status_text or "–")
    if row.status_text and row.status_text.strip().lower() != label.lower():
        label += f" («{row.status_text}»)"
    return label


def milestone_dicts(rows: list, *, show_project: bool = True) -> list[dict]:
    return [
        {
            "project": r.project if r.reported else f"{r.project} ({not_reported_short(r.source_round)})",
            "href": f"/prosjekter/{quote(r.project_ref)}",  # the project's link in the tables and the grid
            "code": r.code,
            "description": r.description or "–",
            "period": r.period_text or "–",
            "dates": f"{format_date(r.start)} – {format_date(r.end)}" if r.end else (r.period_problem or "–"),
            "status": status_label(r),
            "kind": MILESTONE_KIND_LABELS[r.kind],
            "overdue": "Forfalt" if r.overdue else "",
            "row_class": "row-overdue" if r.overdue else None,
        }
        for r in rows
    ]


def milestone_table(rows: list, *, table_id: str, show_project: bool = True, caption: str | None = None) -> html.Div:
    columns = ([Col("project", "Prosjekt", link="href")] if show_project else []) + [
        Col("code", "Milepæl"),
        Col("description", "Beskrivelse"),
        Col("period", "Når (som skrevet)"),
        Col("dates", "Tolket periode"),
        Col("status", "Status"),
        Col("kind", "Type"),
        Col("overdue", "Forfalt"),
    ]
    return html_table(
        columns,
        milestone_dicts(rows, show_project=show_project),
        caption=caption or "Milepæler med periode og status",
        table_id=table_id,
        row_class_key="row_class",
    )


def timeline_summary(rows: list) -> str:
    placed = [r for r in rows if r.end is not None]
    overdue = sum(1 for r in rows if r.overdue)
    done = sum(1 for r in rows if r.status == DONE)
    return (
        f"{count_of(len(rows), 'milepæl', 'milepæler')}, {done} ferdige, {overdue} forfalt uten å være meldt ferdig. "
        f"{len(placed)} har en periode som kan plasseres på tidslinjen"
        + (f"; {len(rows) - len(placed)} står i listen under." if len(placed) < len(rows) else ".")
    )


def milestone_grid(rows: list, *, grid_id: str, label: str = "Alle milepælene i utvalget"):
    """All milestones in a sortable, filterable grid (for long lists)."""
    import dash_ag_grid as dag

    columns = [
        {"field": "project", "headerName": "Prosjekt", "minWidth": 200, "flex": 1, "cellRenderer": "ProjectLink"},
        {"field": "code", "headerName": "Milepæl", "width": 110},
        {
            "field": "description",
            "headerName": "Beskrivelse",
            "flex": 2,
            "minWidth": 260,
            "wrapText": True,
            "autoHeight": True,
        },
        {"field": "period", "headerName": "Når (som skrevet)", "width": 160},
        {"field": "dates", "headerName": "Tolket periode", "width": 220},
        {"field": "status", "headerName": "Status", "width": 170},
        {"field": "kind", "headerName": "Type", "width": 170},
        {
            "field": "overdue",
            "headerName": "Forfalt",
            "width": 110,
            "cellClassRules": {"light-rod": "params.value == 'Forfalt'"},
        },
    ]
    return named_grid(
        dag.AgGrid(
            id=grid_id,
            rowData=milestone_dicts(rows),
            columnDefs=columns,
            defaultColDef={"sortable": True, "filter": True, "resizable": True},
            dashGridOptions=grid_options(
                no_rows="Ingen milepæler",
                pagination=True,
                paginationPageSize=25,
                paginationPageSizeSelector=False,
                domLayout="autoHeight",
            ),
            style={"width": "100%"},
            className="ag-theme-quartz",
        ),
        label,
    )


def milestones_page(view, *, filters: dict) -> html.Div:
    """The round's milestones: the timeline, those without a period that can be placed, and every row.
    ``filters``: the query's prosjekt and status lists, forfalt, runde and ordning as given."""
    chosen_projects, chosen_statuses, only_overdue = filters["prosjekt"], filters["status"], filters["forfalt"]
    controls = filter_bar(
        "milepaeler-url",
        [
            scheme_dropdown("milepaeler-ordning", view.scope),
            dropdown(
                "milepaeler-prosjekt",
                "Prosjekt",
                [{"label": n, "value": r} for r, n in view.projects.items()],
                chosen_projects,
                multi=True,
            ),
            dropdown("milepaeler-status", "Status", STATUS_OPTIONS, chosen_statuses, multi=True),
            dropdown(
                "milepaeler-forfalt",
                "Forfalt",
                [{"label": "Bare forfalte", "value": "ja"}],
                "ja" if only_overdue else None,
            ),
            round_dropdown("milepaeler-runde", view.scope.rounds, view.round_name),
        ],
    )
    if not view.has_projects or view.round_name is None:
        return html.Div(
            [
                html.H1("Milepæler"),
                controls if view.scope.scheme_id is not None else None,
                empty_state("Ingen milepæler", "Det finnes ingen rapporteringsrunde med milepæler ennå."),
            ]
        )
    shown = view.on_page
    placed = [r for r in shown if r.end is not None]
    unplaced = [r for r in shown if r.end is None]
    navigation = pager(
        "/milepaeler",
        {key: filters["query"].get(key) for key in ("prosjekt", "status", "forfalt", "runde", "ordning")},
        view.page,
        view.pages,
        what="milepæler",
    )
    content = [
        html.H1("Milepæler"),
        html.P(
            f"Oppnådde og planlagte milepæler i {view.round_name}, vurdert per {format_date(view.as_of)}. En "
            "milepæl er forfalt når perioden er over og den ikke er meldt ferdig. Prosjekter som ikke har rapportert "
            "i runden, vises med milepælene fra sin siste godkjente rapport. Stolpene har både farge og mønster "
            "for status; forfalte har svart kant.",
            className="lead",
        ),
        controls,
    ]
    if view.pages > 1:
        content += [
            html.P(
                showing_text(view.first, len({r.project_ref for r in shown}), view.shown_projects)
                + " Velg prosjekter eller status i "
                "filtrene for å se andre utvalg.",
                className="muted",
                id="milepaeler-utvalg",
                **{"data-announce": "count"},
            ),
            navigation,
        ]
    if not shown:
        content.append(empty_state("Ingen treff", "Ingen milepæler passer med filtrene."))
        return html.Div(content)
    if placed:
        content.append(
            chart_block(
                title="Tidslinje over milepæler",
                summary=timeline_summary(view.shown),
                figure=gantt_figure(placed, as_of=view.as_of),
                table=milestone_table(placed, table_id="milepaeler-tabell-alternativ"),
                graph_id="milepaeler-tidslinje",
            )
        )
    content += [
        html.H2(f"Milepæler uten tolkbar periode ({len(unplaced)})"),
        milestone_table(
            unplaced,
            table_id="milepaeler-uplassert",
            caption="Perioden mangler eller kan ikke tolkes; teksten står slik den ble skrevet",
        )
        if unplaced
        else html.P("Alle milepælene har en periode som kan plasseres.", className="muted"),
        html.H2("Alle milepælene i utvalget"),
        milestone_grid(shown, grid_id="milepaeler-alle"),
        export_button(
            "milepaeler",
            {
                "prosjekt": chosen_projects,
                "status": chosen_statuses,
                "forfalt": "ja" if only_overdue else None,
                "runde": view.round_name,
                "ordning": view.scope.scheme_id,
            },
        ),
        navigation,
    ]
    return html.Div(content)
