"""Gevinster: benefit scores per criterion (0–3), progress (0–3) and the two 0–10 scores for a round."""

from __future__ import annotations

from itertools import groupby

import dash
from dash import Input, Output, callback, ctx, html

import runtime
from components.cards import empty_state, illustrative_badge
from components.export import export_button
from components.figures import GREEN, ORANGE, heatmap_figure, score_bars_figure
from components.filters import (
    dropdown, filter_bar, page_slice, pager, scheme_dropdown, scheme_key, showing_text, url_with_scheme,
)
from components.scores import average, comparison_rows, dimension_values, score_matrix
from components.tables import Col, chart_block, html_table
from db.page_queries import criteria, round_names, score_rows
from db.queries import find_round, rounds, scheme_by_id, scheme_choices
from db.session import read_session
from domain.formatting import format_decimal

dash.register_page(__name__, path="/gevinster", name="Gevinster", title="Gevinster – Gevinstportalen", nav_order=4)


def layout(runde: str | None = None, ordning: str | None = None, side: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        choices = scheme_choices(session=session)
        round_ = find_round(session=session, scheme_id=scheme.id, name=runde) if scheme else None
        all_rounds = rounds(session=session, scheme_id=scheme.id) if scheme else []
        previous = None
        if round_ is not None and all_rounds.index(round_) > 0:
            previous = all_rounds[all_rounds.index(round_) - 1]
        current = score_rows(session=session, round_ids=[round_.id] if round_ else [])
        names_on_page, page, pages = page_slice(sorted({r.project for r in current}), side)
        ids_on_page = sorted({r.project_id for r in current if r.project in set(names_on_page)})
        # the previous round is only compared with, project by project: read just this page's projects
        before = score_rows(session=session, round_ids=[previous.id] if previous and ids_on_page else [],
                            project_ids=ids_on_page)
        crit = criteria(session=session, scheme_id=scheme.id if scheme else None)
        names = round_names(session=session, scheme_id=scheme.id if scheme else None)
    controls = filter_bar("gevinster-url", [
        scheme_dropdown("gevinster-ordning", choices, scheme),
        dropdown("gevinster-runde", "Rapporteringsrunde", names, round_.name if round_ else None, clearable=False)])
    if not current:
        return html.Div([html.H1("Gevinster"), controls, empty_state(
            "Ingen poeng i denne runden", "Prosjektene har ikke rapportert poeng for denne rapporteringsrunden.")])
    illustrative = any(r.illustrative for r in current)
    badge = illustrative_badge() if illustrative else None
    _all_projects, all_values, _hover = score_matrix(current, crit)
    best = max(range(len(crit)), key=lambda i: average(row[i] for row in all_values) or 0)
    worst = min(range(len(crit)), key=lambda i: average(row[i] for row in all_values) or 0)
    on_page = set(names_on_page)
    everything, current = current, [r for r in current if r.project in on_page]
    navigation = pager("/gevinster", {"runde": round_.name, "ordning": ordning}, page, pages, what="prosjekter")
    projects, values, hover = score_matrix(current, crit)
    heat_table = html_table([Col("project", "Prosjekt")] + [Col(f"K{n}", f"K{n}", True) for n, _t, _d in crit],
                            [{"project": p, **{f"K{n}": "–" if v is None else str(v)
                                               for (n, _t, _d), v in zip(crit, row)}}
                             for p, row in zip(projects, values)],
                            caption="Poeng 0–3 per kriterium (prosjektenes egenvurdering)")
    blocks = [
        html.H1(["Gevinster", " ", badge] if badge else "Gevinster"),
        html.P(f"Prosjektenes egenvurdering av gevinster mot de 8 kriteriene i {round_.name} (0 = ingen, "
               "3 = i stor grad). Der sekretariatet har vurdert, står dets poeng etter skråstreken.",
               className="lead"),
        controls,
        html.P(showing_text(page, len(names_on_page), len(_all_projects)) + " Snittene gjelder alle prosjektene.",
               className="muted", id="gevinster-utvalg") if pages > 1 else None,
        navigation,
        chart_block(
            title="Gevinster per kriterium (0–3)",
            summary=(f"Høyest snitt: kriterium {crit[best][0]} «{crit[best][1]}» "
                     f"({format_decimal(average(r[best] for r in all_values))}). Lavest: kriterium {crit[worst][0]} "
                     f"«{crit[worst][1]}» ({format_decimal(average(r[worst] for r in all_values))})."),
            figure=heatmap_figure(projects, [f"K{n}" for n, _t, _d in crit], values, hover), table=heat_table,
            graph_id="gevinster-heatmap", badge=badge),
        html.Details([html.Summary("Hva betyr kriteriene K1–K8?"), html.Ol(
            [html.Li([html.Strong(title + ": "), text]) for _n, title, text in crit])],
            className="criteria-help", id="gevinster-kriterier", open=False),
    ]
    for dimension, title, top, colour in (("progress", "Fremdrift (0–3)", 3, "#0072B2"),
                                          ("delivers", "Leverer mål og gevinster (0–10)", 10, GREEN),
                                          ("continues", "Sannsynlig videreført eller spredt (0–10)", 10, ORANGE)):
        all_vals = dimension_values(everything, dimension)
        vals = {name: value for name, value in all_vals.items() if name in on_page}
        names_ = sorted(vals)
        blocks.append(chart_block(
            title=title,
            summary=f"Snitt {format_decimal(average(all_vals.values()))} av {top}; lavest "
                    f"{min(all_vals.values()) if all_vals else '–'}, høyest {max(all_vals.values()) if all_vals else '–'}.",
            figure=score_bars_figure(names_, [vals[n] for n in names_], top=top, colour=colour),
            table=html_table([Col("project", "Prosjekt"), Col("value", "Poeng", True)],
                             [{"project": n, "value": f"{vals[n]} av {top}"} for n in names_], caption=title),
            graph_id=f"gevinster-{dimension}", badge=badge))
    comp = comparison_rows(current, before, crit)
    labels = [f"K{n}" for n, _t, _d in crit] + ["Fremdrift", "Leverer", "Videreføres"]
    blocks += [
        html.H2("Alle poeng med endring siden forrige runde"),
        html.P("Format: prosjektets poeng / sekretariatets poeng (endring siden forrige runde).", className="muted"),
        html_table([Col("project", "Prosjekt")] + [Col(label, label, True) for label in labels], comp,
                   caption="Egenvurdering og sekretariatets vurdering", table_id="gevinster-alle"),
        html.H2("Begrunnelser"),
        html.P("Begrunnelsen for hvert poeng, per prosjekt. Åpne et prosjekt for å lese.", className="muted"),
        html.Div([html.Details([
            html.Summary(project),
            html.Ul([html.Li(f"{_dimension_label(r.dimension, crit)}: {r.value} "
                             f"({'prosjektet' if r.assessor == 'project' else 'sekretariatet'}) – "
                             f"{r.justification or 'ingen begrunnelse'}") for r in rows]),
        ], className="justification") for project, rows in groupby(
            sorted(current, key=lambda r: (r.project, r.dimension, r.assessor)), key=lambda r: r.project)],
            id="gevinster-begrunnelser"),
        navigation,
        export_button("gevinster", {"runde": round_.name, "ordning": scheme.id}),
    ]
    return html.Div(blocks)


def _dimension_label(dimension: str, crit) -> str:
    if dimension.startswith("criterion_"):
        n = int(dimension.split("_")[1])
        return f"Kriterium {n}: {crit[n - 1][1]}"
    return {"progress": "Fremdrift", "delivers": "Leverer mål og gevinster", "continues": "Videreføres"}[dimension]


@callback(Output("gevinster-url", "search"), Input("gevinster-runde", "value"), Input("gevinster-ordning", "value"),
          prevent_initial_call=True)
def update_url(round_name, scheme):
    return url_with_scheme({"runde": round_name}, scheme, triggered=ctx.triggered_id,
                           scheme_control="gevinster-ordning")
