"""Indikatorer (gevinstrealisering): each benefit with its KPIs, baseline, target and values over time."""

from __future__ import annotations

from itertools import groupby

import dash
from dash import Input, Output, callback, ctx, html

import runtime
from components.cards import empty_state
from components.export import export_button
from components.filters import (
    dropdown, filter_bar, page_number, pager, scheme_dropdown, scheme_key, url_with_scheme, weighted_pages,
)
from components.indicators import kpi_card, progress_of
from db.page_queries import kpi_projects, kpi_rows
from db.queries import scheme_by_id, scheme_choices
from db.session import read_session

dash.register_page(__name__, path="/indikatorer", name="Indikatorer", title="Indikatorer – Gevinstportalen",
                   nav_order=5)


KPIS_PER_PAGE = 20


def layout(prosjekt: str | None = None, bak: str | None = None, ordning: str | None = None,
           side: str | None = None, **_ignored):
    """Whole projects, about 20 indicators per page: the page's KPIs are read from the database, never all
    of them, except with «bak planen», which has to look at every indicator's values."""
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        choices = scheme_choices(session=session)
        with_kpis = kpi_projects(session=session, scheme_id=scheme.id) if scheme else []
        chosen = [p for p in with_kpis if not prosjekt or p[1] == prosjekt]
        behind_kpis = None
        if bak == "ja" and chosen:
            behind_kpis = [k for k in kpi_rows(session=session, project_ids=[p[0] for p in chosen],
                                               scheme_id=scheme.id) if progress_of(k).behind]
            counts = {p[0]: 0 for p in chosen}
            for k in behind_kpis:
                counts[k.project_id] += 1
            chosen = [(pid, ref, name, counts[pid]) for pid, ref, name, _n in chosen if counts[pid]]
        pages = weighted_pages(chosen, [p[3] for p in chosen], KPIS_PER_PAGE)
        page = page_number(side, len(pages))
        on_page = pages[page - 1] if pages else []
        ids = {p[0] for p in on_page}
        if behind_kpis is not None:
            kpis = [k for k in behind_kpis if k.project_id in ids]
        else:
            kpis = kpi_rows(session=session, project_ids=list(ids), scheme_id=scheme.id) if ids else []
    controls = filter_bar("indikatorer-url", [
        scheme_dropdown("indikatorer-ordning", choices, scheme),
        dropdown("indikatorer-prosjekt", "Prosjekt", [{"label": name, "value": ref} for _id, ref, name, _n in with_kpis],
                 prosjekt),
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
                                   if with_kpis else "Ingen gevinster med indikatorer er registrert ennå."))
        return html.Div(content)
    behind = sum(1 for k in kpis if progress_of(k).behind)
    count = f"{len(kpis)} indikatorer, {behind} bak planen."
    if len(pages) > 1:
        first = sum(len(p) for p in pages[:page - 1]) + 1
        count = (f"{sum(p[3] for p in chosen)} indikatorer i {len(chosen)} prosjekter. Viser prosjekt "
                 f"{first}–{first + len(on_page) - 1}: {count}")
    content.append(html.P(count, id="indikatorer-count"))
    navigation = pager("/indikatorer", {"prosjekt": prosjekt, "bak": bak, "ordning": ordning}, page, len(pages),
                       what="indikatorer")
    content.append(navigation)
    for project, group in groupby(kpis, key=lambda k: k.project):
        group = list(group)
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
