"""Indikatorer (gevinstrealisering): each benefit with its KPIs, baseline, target and values over time."""

from __future__ import annotations

from itertools import groupby

import dash
from dash import Input, Output, callback, ctx, html

import runtime
from components.cards import empty_state
from components.export import export_button
from components.filters import (
    dropdown, filter_bar, page_number, pager, scheme_dropdown, scheme_key, url_with_scheme,
)
from components.indicators import kpi_card, progress_of
from db.page_queries import kpi_rows
from db.queries import scheme_by_id, scheme_choices
from db.session import read_session

dash.register_page(__name__, path="/indikatorer", name="Indikatorer", title="Indikatorer – Gevinstportalen",
                   nav_order=5)


PROJECTS_PER_PAGE = 10


def layout(prosjekt: str | None = None, bak: str | None = None, ordning: str | None = None,
           side: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        choices = scheme_choices(session=session)
        all_kpis = kpi_rows(session=session, scheme_id=scheme.id) if scheme else []
    options = list({k.project_ref: k.project for k in all_kpis}.items())
    kpis = [k for k in all_kpis if (not prosjekt or k.project_ref == prosjekt)
            and (bak != "ja" or progress_of(k).behind)]
    controls = filter_bar("indikatorer-url", [
        scheme_dropdown("indikatorer-ordning", choices, scheme),
        dropdown("indikatorer-prosjekt", "Prosjekt", [{"label": n, "value": r} for r, n in options], prosjekt),
        dropdown("indikatorer-bak", "Bak planen", [{"label": "Bare indikatorer bak planen", "value": "ja"}], bak),
    ])
    content = [
        html.H1("Indikatorer"),
        html.P("Gevinstrealiseringsplanen: hver gevinst med type, gevinsteier og indikatorer med nullpunkt, mål og "
               "målte verdier. «Bak planen» betyr at siste måling ligger under den rette linjen fra nullpunkt til mål.",
               className="lead"),
        controls,
    ]
    if not kpis:
        content.append(empty_state("Ingen indikatorer", "Ingen indikatorer passer med filtrene."
                                   if all_kpis else "Ingen gevinster med indikatorer er registrert ennå."))
        return html.Div(content)
    behind = sum(1 for k in kpis if progress_of(k).behind)
    groups = [(project, list(group)) for project, group in groupby(kpis, key=lambda k: k.project)]
    pages = -(-len(groups) // PROJECTS_PER_PAGE)
    page = page_number(side, pages)
    shown = groups[(page - 1) * PROJECTS_PER_PAGE:page * PROJECTS_PER_PAGE]
    count = f"{len(kpis)} indikatorer i {len(groups)} prosjekter, {behind} bak planen."
    if pages > 1:
        count += f" Viser prosjekt {(page - 1) * PROJECTS_PER_PAGE + 1}–{(page - 1) * PROJECTS_PER_PAGE + len(shown)}."
    content.append(html.P(count, id="indikatorer-count"))
    navigation = pager("/indikatorer", {"prosjekt": prosjekt, "bak": bak, "ordning": ordning}, page, pages,
                       what="indikatorer")
    content.append(navigation)
    for project, group in shown:
        content.append(html.Section([html.H2(project)] + [kpi_card(k, graph_id=f"indikatorer-kpi-{k.id}")
                                                          for k in group], className="kpi-project"))
    content.append(navigation)
    content.append(export_button("indikatorer", {"prosjekt": prosjekt, "bak": bak, "ordning": scheme.id}))
    return html.Div(content)


@callback(Output("indikatorer-url", "search"), Input("indikatorer-prosjekt", "value"),
          Input("indikatorer-bak", "value"), Input("indikatorer-ordning", "value"), prevent_initial_call=True)
def update_url(project, behind, scheme):
    return url_with_scheme({"prosjekt": project, "bak": behind}, scheme, triggered=ctx.triggered_id,
                           scheme_control="indikatorer-ordning", scheme_bound=("prosjekt",))
