"""Økonomi: granted vs spent, the report's tables 3 and 4 with printed and computed figures, the envelope."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, ctx, html

import runtime
from components.cards import empty_state
from components.export import export_button
from components.figures import envelope_figure, granted_spent_figure
from components.filters import (
    dropdown, filter_bar, page_slice, pager, scheme_dropdown, scheme_key, showing_text, url_with_scheme,
)
from components.finance import granted_spent_rows, spending_summary, table3_rows, table4_rows
from components.findings import findings_table
from components.tables import Col, chart_block, html_table
from db.page_queries import applications_vs_granted, round_names
from db.queries import portfolio, scheme_by_id, scheme_choices
from db.session import read_session
from domain.formatting import format_kr, format_percent

dash.register_page(__name__, path="/okonomi", name="Økonomi", title="Økonomi – Gevinstportalen", nav_order=3)

TABLE3 = [Col("project", "Prosjekt"), Col("granted", "Innvilget sum årlig", True),
          Col("spent", "Brukte midler totalt", True), Col("years", "År innvilget", True),
          Col("granted_total", "Innvilget hittil (beregnet)", True), Col("rate", "Forbruk (beregnet)", True)]
TABLE4 = [Col("project", "Prosjekt"), Col("figure", "Tall"), Col("printed", "Oppgitt i rapporten", True),
          Col("computed", "Beregnet", True), Col("check", "Kontroll")]
APPLIED = [Col("project", "Prosjekt"), Col("year", "År", True), Col("applied", "Søkt", True),
           Col("granted", "Innvilget", True), Col("share", "Innvilget av søkt", True)]


def layout(runde: str | None = None, ordning: str | None = None, side: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        scheme = scheme_by_id(session=session, scheme_id=scheme_key(ordning))
        scheme_id = scheme.id if scheme else None
        choices = scheme_choices(session=session)
        data = portfolio(session=session, round_name=runde, today=runtime.today(), scheme_id=scheme_id)
        rounds = round_names(session=session, scheme_id=scheme_id)
        applied = applications_vs_granted(session=session, scheme_id=scheme_id)
    controls = filter_bar("okonomi-url", [
        scheme_dropdown("okonomi-ordning", choices, scheme),
        dropdown("okonomi-runde", "Rapporteringsrunde", rounds, data.round_name if data else None, clearable=False)])
    if data is None or not data.projects or data.round_name is None:
        return html.Div([html.H1("Økonomi"), controls, empty_state(
            "Ingen økonomitall", "Det finnes ingen prosjekter eller rapporteringsrunder å vise ennå.")])
    years = f"{data.first_year}–{data.round_year}"
    on_page, page, pages = page_slice(data.projects, side)
    names_on_page = {p.display_name for p in on_page}
    applied = [row for row in applied if row["project"] in names_on_page]
    navigation = pager("/okonomi", {"runde": data.round_name, "ordning": ordning}, page, pages, what="prosjekter")
    chart_rows = granted_spent_rows(on_page)
    chart_table = html_table(
        [Col("name", "Prosjekt"), Col("granted", "Innvilget hittil", True), Col("spent", "Brukt", True),
         Col("rate", "Forbruk", True)],
        [{"name": r["name"], "granted": format_kr(r["granted_total"]), "spent": format_kr(r["spent"]),
          "rate": format_percent(r["rate"])} for r in chart_rows],
        caption=f"Innvilget og brukt per prosjekt {years}")
    envelope_table = html_table(
        [Col("year", "År"), Col("allocated", "Innvilget", True), Col("envelope", "Ramme", True),
         Col("left", "Ikke fordelt", True)],
        [{"year": str(y), "allocated": format_kr(v), "envelope": format_kr(data.envelope),
          "left": format_kr(data.envelope - v)} for y, v in data.allocations_by_year.items()],
        caption="Innvilget per år mot rammen")
    return html.Div([
        html.H1("Økonomi"),
        html.P(f"Innvilget og brukt per prosjekt, {data.round_name}. Tallene fra rapporten står uendret; "
               "beregnede tall står ved siden av, og avvik er merket.", className="lead"),
        controls,
        html.P(showing_text(page, len(on_page), len(data.projects)) + " Summer, avvik og rammen gjelder alle "
               "prosjektene; eksporten har alle radene.", className="muted", id="okonomi-utvalg") if pages > 1 else None,
        navigation,
        chart_block(title=f"Innvilget hittil og brukt per prosjekt ({years})", summary=spending_summary(data.projects),
                    figure=granted_spent_figure(chart_rows), table=chart_table, graph_id="okonomi-chart"),
        html.H2("Tabell 3: Fordelte og brukte midler"),
        html_table(TABLE3, table3_rows(on_page), caption="Innvilget sum årlig og brukte midler, som oppgitt",
                   table_id="okonomi-tabell3"),
        export_button("okonomi-tabell3", {"runde": data.round_name, "ordning": scheme.id}),
        html.H2("Tabell 4: Gjenværende og videreførte midler"),
        html.P("TGM = innvilget per år × antall år − brukt totalt. VM = TGM − fremtidig bruk. "
               "Sum neste år = innvilget per år + VM. Hver oppgitt verdi kontrolleres mot formelen brukt på de "
               "oppgitte tallene den bygger på.", className="formula"),
        html_table(TABLE4, table4_rows(on_page), caption="Oppgitte og beregnede tall side om side",
                   table_id="okonomi-tabell4", row_class_key="row_class"),
        export_button("okonomi-tabell4", {"runde": data.round_name, "ordning": scheme.id}),
        html.H2("Avvik i trykte tall"),
        findings_table(data.findings, table_id="okonomi-findings"),
        export_button("avvik", {"runde": data.round_name, "ordning": scheme.id}) if data.findings else None,
        html.H2("Søkt og innvilget"),
        html_table(APPLIED, applied, caption="Søknadsbeløp mot innvilget, der søknaden er registrert",
                   table_id="okonomi-applied") if applied else html.P(
            "Ingen søknader er registrert ennå."),
        chart_block(title="Innvilget per år mot årlig ramme",
                    summary=" ".join(f"{y}: {format_kr(v)} av {format_kr(data.envelope)}."
                                     for y, v in data.allocations_by_year.items()),
                    figure=envelope_figure(data.allocations_by_year, data.envelope), table=envelope_table,
                    graph_id="okonomi-envelope"),
        navigation,
    ])


@callback(Output("okonomi-url", "search"), Input("okonomi-runde", "value"), Input("okonomi-ordning", "value"),
          prevent_initial_call=True)
def update_url(round_name, scheme):
    return url_with_scheme({"runde": round_name}, scheme, triggered=ctx.triggered_id, scheme_control="okonomi-ordning")
