"""Milepæler: a timeline of every milestone from the parsed periods, with filters in the URL.

Milestones whose period could not be parsed are listed beside the chart, never dropped.
"""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx, html

import runtime
from components.cards import empty_state
from components.export import export_button
from components.figures import gantt_figure
from components.filters import (
    as_list, dropdown, filter_bar, page_slice, pager, scheme_dropdown, scheme_key, showing_text, url_with_scheme,
)
from components.milestones import filter_milestones, milestone_grid, milestone_table, timeline_summary
from components.tables import chart_block
from db.page_queries import milestone_rows, round_names
from db.queries import find_round, project_count, scheme_by_id, scheme_choices
from db.session import read_session
from domain.statuses import STATUS_LABELS

dash.register_page(__name__, path="/milepaeler", name="Milepæler", title="Milepæler – Gevinstportalen",
                   nav_order=2)

STATUS_OPTIONS = [{"label": label, "value": code} for code, label in STATUS_LABELS.items()]


def layout(prosjekt=None, status=None, forfalt: str | None = None, runde: str | None = None,
           ordning: str | None = None, side: str | None = None, **_ignored):
    """The timeline shows 20 projects at a time (the filters narrow it further); the export has every row."""
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        choices = scheme_choices(session=session)
        round_ = find_round(session=session, scheme_id=scheme.id, name=runde) if scheme else None
        rows = milestone_rows(session=session, round_id=round_.id if round_ else None, today=runtime.today())
        rounds = round_names(session=session, scheme_id=scheme.id if scheme else None)
        has_projects = project_count(session=session) > 0
    projects = {r.project_ref: r.project for r in rows}
    chosen_projects = as_list(prosjekt)
    chosen_statuses = as_list(status)
    only_overdue = forfalt == "ja"
    controls = filter_bar("milepaeler-url", [
        scheme_dropdown("milepaeler-ordning", choices, scheme),
        dropdown("milepaeler-prosjekt", "Prosjekt", [{"label": n, "value": r} for r, n in projects.items()],
                 chosen_projects, multi=True),
        dropdown("milepaeler-status", "Status", STATUS_OPTIONS, chosen_statuses, multi=True),
        dropdown("milepaeler-forfalt", "Forfalt", [{"label": "Bare forfalte", "value": "ja"}],
                 "ja" if only_overdue else None),
        dropdown("milepaeler-runde", "Rapporteringsrunde", rounds, round_.name if round_ else None,
                 clearable=False),
    ])
    if not has_projects or round_ is None:
        return html.Div([html.H1("Milepæler"), controls if scheme else None, empty_state(
            "Ingen milepæler", "Det finnes ingen rapporteringsrunde med milepæler ennå.")])
    shown = filter_milestones(rows, project_refs=chosen_projects, statuses=chosen_statuses,
                              only_overdue=only_overdue)
    refs_on_page, page, pages = page_slice(list(dict.fromkeys(r.project_ref for r in shown)), side)
    all_shown, on_page = shown, set(refs_on_page)
    shown = [r for r in shown if r.project_ref in on_page]
    placed = [r for r in shown if r.end is not None]
    unplaced = [r for r in shown if r.end is None]
    navigation = pager("/milepaeler", {"prosjekt": prosjekt, "status": status, "forfalt": forfalt, "runde": runde,
                                       "ordning": ordning}, page, pages, what="milepæler")
    content = [
        html.H1("Milepæler"),
        html.P(f"Oppnådde og planlagte milepæler i {round_.name}. En milepæl er forfalt når perioden er over "
               "og den ikke er meldt ferdig. Stolpene har både farge og mønster for status; forfalte har svart kant.",
               className="lead"),
        controls,
    ]
    if pages > 1:
        total = len({r.project_ref for r in all_shown})
        content += [html.P(showing_text(page, len(refs_on_page), total) + " Velg prosjekter eller status i "
                           "filtrene for å se andre utvalg.", className="muted", id="milepaeler-utvalg"), navigation]
    if not shown:
        content.append(empty_state("Ingen treff", "Ingen milepæler passer med filtrene."))
        return html.Div(content)
    if placed:
        content.append(chart_block(
            title="Tidslinje over milepæler", summary=timeline_summary(all_shown),
            figure=gantt_figure(placed, today=runtime.today()),
            table=milestone_table(placed, table_id="milepaeler-table-alt"), graph_id="milepaeler-gantt"))
    content += [
        html.H2(f"Milepæler uten tolkbar periode ({len(unplaced)})"),
        milestone_table(unplaced, table_id="milepaeler-unplaced",
                        caption="Perioden mangler eller kan ikke tolkes; teksten står slik den ble skrevet")
        if unplaced else html.P("Alle milepælene har en periode som kan plasseres.", className="muted"),
        html.H2("Alle milepælene i utvalget"),
        milestone_grid(shown, grid_id="milepaeler-all"),
        export_button("milepaeler", {"prosjekt": chosen_projects, "status": chosen_statuses,
                                     "forfalt": "ja" if only_overdue else None, "runde": round_.name,
                                     "ordning": scheme.id}),
        navigation,
    ]
    return html.Div(content)


@callback(Output("milepaeler-url", "search"),
          Input("milepaeler-prosjekt", "value"), Input("milepaeler-status", "value"),
          Input("milepaeler-forfalt", "value"), Input("milepaeler-runde", "value"),
          Input("milepaeler-ordning", "value"), prevent_initial_call=True)
def update_url(projects, statuses, overdue, round_name, scheme):
    return url_with_scheme({"prosjekt": ",".join(projects or []), "status": ",".join(statuses or []),
                            "forfalt": overdue, "runde": round_name}, scheme, triggered=ctx.triggered_id,
                           scheme_control="milepaeler-ordning", scheme_bound=("runde", "prosjekt"))
