"""Økonomi: granted vs spent, the report's tables 3 and 4 with printed and computed figures, the envelope."""

from __future__ import annotations

from dash import html

from components.cards import empty_state
from components.export import export_button
from components.figures import envelope_figure, granted_spent_figure
from components.filters import pager, scheme_and_round, showing_text
from components.findings import findings_table
from components.money import printed_text
from components.tables import Col, chart_block, html_table
from domain.formatting import format_kr, format_percent
from domain.vocabulary import CARRY_OVER, FORMULAS_TEXT, FUTURE_USE, GRANTED_PER_YEAR, NEXT_YEAR, REMAINING, SPENT

TABLE3 = [
    Col("project", "Prosjekt"),
    Col("granted", GRANTED_PER_YEAR.label, True),
    Col("spent", SPENT.label, True),
    Col("years", "År innvilget", True),
    Col("granted_total", "Innvilget hittil (beregnet)", True),
    Col("rate", "Forbruk (beregnet)", True),
]
TABLE4 = [
    Col("project", "Prosjekt"),
    Col("figure", "Tall"),
    Col("printed", "Oppgitt i rapporten", True),
    Col("computed", "Beregnet", True),
    Col("check", "Kontroll"),
]
APPLIED = [
    Col("project", "Prosjekt"),
    Col("year", "År", True),
    Col("applied", "Søkt", True),
    Col("granted", "Innvilget", True),
    Col("share", "Innvilget av søkt", True),
]


def table3_rows(projects) -> list[dict]:
    return [
        {
            "project": p.display_name + ("" if p.active else " (avsluttet)"),
            "granted": format_kr(p.granted_per_year),
            "spent": printed_text(p.money.spent),
            "years": str(p.years),
            "granted_total": format_kr(p.granted_total),
            "rate": format_percent(p.spending_rate),
        }
        for p in projects
    ]


def _pair(figure, shown_value: int | None) -> tuple[str, str, str]:
    shown = printed_text(figure)
    if figure.finding is not None:
        return shown, format_kr(shown_value), f"Avvik {format_kr(figure.finding.difference, signed=True)}"
    if shown_value is None:
        return shown, "kan ikke beregnes", ""
    if figure.printed is None:
        return shown, format_kr(shown_value), "ikke oppgitt som tall"
    return shown, format_kr(shown_value), "stemmer"


def table4_rows(projects) -> list[dict]:
    """Table 4 in long form: per project one row per figure (TGM, future use, VM, next year)."""
    rows = []
    for p in projects:
        if not p.active:
            continue
        money = p.money
        figures = [
            (REMAINING.label, _pair(money.remaining, money.remaining.computed)),
            (FUTURE_USE.label, (printed_text(money.future_use), "", "")),
            (CARRY_OVER.label, _pair(money.carry_over, money.carry_over.expected)),
            (NEXT_YEAR.label, _pair(money.next_year_total, money.next_year_total.expected)),
        ]
        for index, (label, (printed, computed, check)) in enumerate(figures):
            rows.append(
                {
                    "project": p.display_name if index == 0 else "",
                    "figure": label,
                    "printed": printed,
                    "computed": computed,
                    "check": check,
                    "row_class": "row-finding"
                    if check.startswith("Avvik")
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
    years = f"{data.first_year}–{data.round_year}"
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
                caption="Oppgitte og beregnede tall side om side",
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
