"""Økonomi: granted vs spent, the report's tables 3 and 4 with printed and computed figures, the envelope."""

from __future__ import annotations

from dash import html

from components.cards import empty_state
from components.cells import count, kr, share
from components.export import export_button
from components.figures import envelope_figure, granted_spent_figure
from components.filters import pager, scheme_and_round, showing_text
from components.findings import findings_table
from components.money import CANNOT, COMPUTED, FIGURE_COLUMNS, PRINTED, figure_rows, printed_cell, status_is_finding
from components.tables import Col, chart_block, html_table
from domain.formatting import format_kr, format_percent
from domain.rounds import not_reported_short
from domain.vocabulary import FORMULAS_TEXT, GRANTED_PER_YEAR, GRANTED_TOTAL, SPENDING_RATE, SPENT

TABLE3 = [
    Col("project", "Prosjekt", link="href"),
    Col("granted", GRANTED_PER_YEAR.label, True),
    Col("spent", f"{SPENT.label} ({PRINTED.lower()})", True),
    Col("years", "År innvilget", True),
    Col("granted_total", f"{GRANTED_TOTAL.label} ({COMPUTED.lower()})", True),
    Col("rate", f"{SPENDING_RATE.label} ({COMPUTED.lower()})", True),
]
TABLE4 = [Col("project", "Prosjekt", group=True, link="href"), *FIGURE_COLUMNS]
APPLIED = [
    Col("project", "Prosjekt"),
    Col("year", "År", True),
    Col("applied", "Søkt", True),
    Col("granted", "Innvilget", True),
    Col("share", "Innvilget av søkt", True),
]


def project_label(p) -> str:
    """A project's name in a table of a round, marked when it has ended or did not report in the round."""
    if not p.active:
        return f"{p.display_name} (avsluttet)"
    if not p.reported:
        return f"{p.display_name} ({not_reported_short(p.source_round)})"
    return p.display_name


def table3_rows(projects) -> list[dict]:
    return [
        {
            "project": project_label(p),
            "href": f"/prosjekter/{p.ref}",
            "granted": kr(p.granted_per_year),
            "spent": printed_cell(p.money.spent),
            "years": count(p.years),
            "granted_total": kr(p.granted_total) or CANNOT,
            "rate": share(p.spending_rate) or CANNOT,
        }
        for p in projects
    ]


def table4_rows(projects) -> list[dict]:
    """Table 4 in long form: per active project with an approved report one row per figure (TGM, future use,
    VM, next year), each with its printed, check and computed value and the check's status."""
    rows = []
    for p in projects:
        if not p.active or p.source_round is None:
            continue  # ended, or no approved report yet: no figures to show
        for index, row in enumerate(figure_rows(p.money)):
            rows.append(
                {
                    "project": project_label(p),
                    "href": f"/prosjekter/{p.ref}",
                    **row,
                    "row_class": "row-finding"
                    if status_is_finding(row["status"])
                    else ("group-start" if index == 0 else None),
                }
            )
    return rows


def granted_spent_rows(projects) -> list[dict]:
    return [
        {"name": p.display_name, "granted_total": p.granted_total, "spent": p.spent_total, "rate": p.spending_rate}
        for p in projects
        if p.active and p.granted_total is not None
    ]


def spending_summary(projects, threshold: float = 0.20) -> str:
    """'3 av 7 prosjekter har brukt under 20 % av innvilget beløp …'"""
    rated = [p for p in projects if p.active and p.spending_rate is not None]
    if not rated:
        return "Ingen prosjekter har rapportert forbruk i denne runden."
    low = [p for p in rated if p.spending_rate < threshold]
    lowest = min(rated, key=lambda p: p.spending_rate)
    highest = max(rated, key=lambda p: p.spending_rate)
    return (
        f"{len(low)} av {len(rated)} prosjekter har brukt under {format_percent(threshold, 0)} av innvilget beløp. "
        f"Lavest forbruk: {lowest.display_name} ({format_percent(lowest.spending_rate)}); "
        f"høyest: {highest.display_name} ({format_percent(highest.spending_rate)})."
    )


def applied_rows(rows) -> list[dict]:
    return [
        {
            "project": r.project,
            "year": str(r.year),
            "applied": format_kr(r.applied),
            "granted": format_kr(r.granted),
            "share": format_percent(r.granted / r.applied) if r.granted is not None and r.applied else "–",
        }
        for r in rows
    ]


def finances_page(view, *, scheme_param) -> html.Div:
    data = view.data
    controls = scheme_and_round("okonomi", view.scope, data.round_name if data else None)
    if data is None or not data.projects or data.round_name is None:
        return html.Div(
            [
                html.H1("Økonomi"),
                controls,
                empty_state("Ingen økonomitall", "Det finnes ingen prosjekter eller rapporteringsrunder å vise ennå."),
            ]
        )
    years = data.granted_years + (
        f"; ingen tildeling registrert for {data.round_year}" if data.round_year_unallocated else ""
    )
    params = {"runde": data.round_name, "ordning": view.scope.scheme_id}
    navigation = pager(
        "/okonomi", {"runde": data.round_name, "ordning": scheme_param}, view.page, view.pages, what="prosjekter"
    )
    chart_rows = granted_spent_rows(view.on_page)
    chart_table = html_table(
        [
            Col("name", "Prosjekt"),
            Col("granted", "Innvilget hittil", True),
            Col("spent", "Brukt", True),
            Col("rate", "Forbruk", True),
        ],
        [
            {
                "name": r["name"],
                "granted": format_kr(r["granted_total"]),
                "spent": format_kr(r["spent"]),
                "rate": format_percent(r["rate"]),
            }
            for r in chart_rows
        ],
        caption=f"Innvilget og brukt per prosjekt {years}",
    )
    envelope_table = html_table(
        [
            Col("year", "År"),
            Col("allocated", "Innvilget", True),
            Col("envelope", "Ramme", True),
            Col("left", "Ikke fordelt", True),
        ],
        [
            {
                "year": str(y),
                "allocated": format_kr(v),
                "envelope": format_kr(data.envelope),
                "left": format_kr(data.envelope - v),
            }
            for y, v in data.allocations_by_year.items()
        ],
        caption="Innvilget per år mot rammen",
    )
    showing = showing_text(view.first, len(view.on_page), len(data.projects))
    return html.Div(
        [
            html.H1("Økonomi"),
            html.P(
                f"Innvilget og brukt per prosjekt, {data.round_name}. Tallene fra rapporten står uendret; "
                "beregnede tall står ved siden av, og avvik er merket.",
                className="lead",
            ),
            controls,
            html.P(
                showing + " Summer, avvik og rammen gjelder alle prosjektene; eksporten har alle radene.",
                className="muted",
                id="okonomi-utvalg",
                **{"data-announce": "count"},
            )
            if showing
            else None,
            navigation,
            chart_block(
                title=f"Innvilget hittil og brukt per prosjekt ({years})",
                summary=spending_summary(data.projects),
                figure=granted_spent_figure(chart_rows),
                table=chart_table,
                graph_id="okonomi-diagram",
            ),
            html.H2("Tabell 3: Fordelte og brukte midler"),
            html_table(
                TABLE3,
                table3_rows(view.on_page),
                caption="Innvilget sum årlig og brukte midler, som oppgitt",
                table_id="okonomi-tabell3",
            ),
            export_button("okonomi-tabell3", params),
            html.H2("Tabell 4: Gjenværende og videreførte midler"),
            html.P(
                FORMULAS_TEXT + " Hver oppgitt verdi kontrolleres mot formelen brukt på de oppgitte tallene den "
                "bygger på.",
                className="formula",
            ),
            html_table(
                TABLE4,
                table4_rows(view.on_page),
                caption="Oppgitt, kontroll og beregnet side om side",
                table_id="okonomi-tabell4",
                row_class_key="row_class",
            ),
            export_button("okonomi-tabell4", params),
            html.H2("Avvik i trykte tall"),
            findings_table(data.findings, table_id="okonomi-avvik"),
            export_button("avvik", params) if data.findings else None,
            html.H2("Søkt og innvilget"),
            html_table(
                APPLIED,
                applied_rows(view.applied),
                caption="Søknadsbeløp mot innvilget, der søknaden er registrert",
                table_id="okonomi-sokt",
            )
            if view.applied
            else html.P("Ingen søknader er registrert ennå."),
            chart_block(
                title="Innvilget per år mot årlig ramme",
                summary=" ".join(
                    f"{y}: {format_kr(v)} av {format_kr(data.envelope)}." for y, v in data.allocations_by_year.items()
                ),
                figure=envelope_figure(data.allocations_by_year, data.envelope),
                table=envelope_table,
                graph_id="okonomi-ramme",
            ),
            navigation,
        ]
    )
