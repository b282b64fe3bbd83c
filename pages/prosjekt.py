"""One project: facts, purpose, milestones, money per year, scores, KPIs, texts, SSU decisions, history."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

import runtime
from authz import READ_DRAFTS, REPORT
from components.cards import empty_state, illustrative_badge
from components.figures import gantt_figure
from components.indicators import kpi_card
from components.milestones import milestone_table
from components.projects import (
    NARRATIVE_TITLES, facts_rows, money_rows, paragraphs, round_money_rows, score_rows,
)
from components.tables import GRAPH_CONFIG, Col, html_table
from components.filters import query_string
from components.reporting import audit_table, template_filename
from db.page_queries import project_detail
from db.reporting import audit_entries, current_reporting_round, template_data
from db.session import read_session
from etl.template import build_template
from domain.formatting import format_date, format_kr
from domain.traffic import traffic_light

dash.register_page(__name__, path_template="/prosjekter/<nummer>", name="Prosjekt",
                   title="Prosjekt – Gevinstportalen")


def layout(nummer: str | None = None, runde: str | None = None, **_ignored):
    with read_session(runtime.database_url()) as session:
        detail = project_detail(session=session, ref=nummer or "", round_name=runde, today=runtime.today())
        reporting_round = current_reporting_round(session, scheme_id=detail.project.scheme_id) if detail else None
        history = audit_entries(session, project_id=detail.project.id) \
            if detail and runtime.allowed(READ_DRAFTS, detail.project.id) else None
    if detail is None:
        return html.Div([html.H1("Fant ikke prosjektet"), html.P(
            f"Det finnes ikke noe prosjekt med nummer «{nummer}»."), dcc.Link("Til prosjektlisten", href="/prosjekter")],
            className="empty-state")
    p = detail.project
    ov = detail.overview
    progress = next((s.value for s in detail.scores if s.assessor == "project" and s.dimension == "progress"), None)
    delivers = next((s.value for s in detail.scores if s.assessor == "project" and s.dimension == "delivers"), None)
    light = traffic_light(active=p.status == "active", spending_rate=ov.computed.spending_rate if ov else None,
                          overdue=ov.milestones.overdue if ov else 0, progress=progress, delivers=delivers)
    scores_illustrative = any(s.illustrative for s in detail.scores)
    sections = [
        dcc.Link("← Alle prosjekter", href="/prosjekter", className="back-link"),
        html.H1(p.name),
        html.P([f"Prosjektnummer {p.number or '–'} · {'Aktiv' if p.status == 'active' else 'Avsluttet'} · "
                f"rapporteringsrunde {detail.round_name or '–'} · status ",
                html.Strong(light.label, className=f"light-{light.level}"),
                f" ({'; '.join(light.reasons)})"], className="lead", id="prosjekt-status"),
        html.Div([
            html.Button(f"Last ned rapporteringsmal for {reporting_round.name}", id="prosjekt-mal-knapp",
                        className="button-secondary", type="button"),
            dcc.Download(id="prosjekt-mal"),
            dcc.Store(id="prosjekt-mal-ident", data={"project": p.id, "round": reporting_round.id}),
            " ",
            dcc.Link("Rapporter for prosjektet (opplasting og skjema)",
                     href=f"/innrapportering/{detail.ref}" + query_string({"runde": reporting_round.name}),
                     className="button-link"),
        ], className="actions") if p.status == "active" and reporting_round is not None
        and runtime.allowed(REPORT, p.id) else None,
        html.H2("Fakta"),
        html_table([Col("label", "Felt"), Col("value", "Verdi")], facts_rows(detail),
                   caption="Prosjektet (rapportens tabell 1)", table_id="prosjekt-fakta"),
        html.H2("Formål"),
        html.Div(paragraphs(detail.narratives.get("purpose")), className="prose"),
        html.H2("Milepæler"),
    ]
    if detail.milestones:
        placed = [m for m in detail.milestones if m.end is not None]
        if placed:
            sections.append(html.Div(dcc.Graph(id="prosjekt-gantt", figure=gantt_figure(placed, today=runtime.today(), show_project=False),
                                               config=GRAPH_CONFIG), role="figure",
                                     **{"aria-label": f"Tidslinje med {len(placed)} milepæler. Tabellen under viser de samme."}))
        sections.append(milestone_table(detail.milestones, table_id="prosjekt-milepaeler", show_project=False))
    else:
        sections.append(html.P("Ingen milepæler er rapportert i denne runden.", className="muted"))
    sections += [
        html.H2("Økonomi"),
        html_table([Col("year", "År"), Col("granted", "Innvilget", True), Col("applied", "Søkt", True)],
                   money_rows(detail), caption="Innvilget og søkt per år", table_id="prosjekt-okonomi-ar"),
    ]
    round_rows = round_money_rows(detail)
    if round_rows:
        sections.append(html_table([Col("label", "Tall"), Col("printed", "Oppgitt i rapporten", True),
                                    Col("computed", "Beregnet", True)], round_rows,
                                   caption=f"Pengene i {detail.round_name}: oppgitt og beregnet",
                                   table_id="prosjekt-okonomi-runde"))
    sections += [
        html.H2(["Poeng", " ", illustrative_badge()] if scores_illustrative else "Poeng"),
        html_table([Col("dimension", "Kriterium"), Col("project", "Prosjektets poeng", True),
                    Col("project_why", "Begrunnelse"), Col("secretariat", "Sekretariatets poeng", True),
                    Col("secretariat_why", "Begrunnelse"), Col("change", "Endring siden forrige runde")],
                   score_rows(detail), caption="Egenvurdering og sekretariatets vurdering side om side",
                   table_id="prosjekt-poeng") if detail.scores else html.P("Ingen poeng er rapportert.", className="muted"),
        html.H2("Gevinster og indikatorer"),
        html.Div([kpi_card(k, graph_id=f"prosjekt-kpi-{k.id}") for k in detail.kpis]) if detail.kpis else html.P(
            "Ingen gevinster med indikatorer er registrert.", className="muted"),
    ]
    for kind, title in NARRATIVE_TITLES:
        if kind in detail.narratives:
            sections += [html.H2(title), html.Div(paragraphs(detail.narratives[kind]), className="prose")]
    sections.append(html.H2("SSU-vedtak"))
    if detail.decisions:
        sections.append(html_table(
            [Col("case", "Sak"), Col("date", "Møtedato"), Col("decision", "Vedtak"), Col("amount", "Beløp neste år", True),
             Col("text", "Vedtakstekst")],
            [{"case": d.case_number, "date": format_date(d.meeting_date), "decision": d.decision.capitalize(),
              "amount": format_kr(d.amount_next_year), "text": d.text or "–"} for d in detail.decisions],
            caption="SSUs vedtak om prosjektet", table_id="prosjekt-vedtak"))
    else:
        sections.append(html.P("SSU har ikke registrert noe vedtak om prosjektet ennå.", className="muted"))
    sections += [
        html.H2("Historikk per runde"),
        html_table([Col("round", "Runde"), Col("spent", "Brukt totalt", True), Col("milestones", "Milepæler ferdig", True),
                    Col("progress", "Fremdrift (0–3)", True)],
                   [{"round": h["round"], "spent": format_kr(h["spent"]),
                     "milestones": f"{h['milestones_done']} av {h['milestones']}",
                     "progress": "–" if h["progress"] is None else
                     f"{h['progress']}{' (eksempeldata)' if h['progress_illustrative'] else ''}"}
                    for h in detail.history], caption="Prosjektet på tvers av rapporteringsrunder",
                   table_id="prosjekt-historikk"),
    ]
    if history is not None:
        sections += [html.H2("Historikk: endringer i rapportert data"),
                     audit_table(history[:100], table_id="prosjekt-endringslogg")]
    return html.Article(sections, className="project-page")


@callback(Output("prosjekt-mal", "data"), Input("prosjekt-mal-knapp", "n_clicks"), State("prosjekt-mal-ident", "data"),
          prevent_initial_call=True)
def download_template(_clicks, ident):
    if not runtime.allowed(REPORT, ident["project"]):
        return no_update
    with read_session(runtime.database_url()) as session:
        data = template_data(session, project_id=ident["project"], round_id=ident["round"])
    return dcc.send_bytes(build_template(data), template_filename(data))
