"""The project list (Prosjekter) and one project's page: plain data in, rows and components out."""

from __future__ import annotations

from dash import dcc, html

from components.cards import empty_state, illustrative_badge, illustrative_note
from components.export import export_button
from components.figures import gantt_figure
from components.filters import dropdown, filter_bar, query_string, round_dropdown, scheme_dropdown, text_filter
from components.indicators import kpi_card
from components.milestones import milestone_table
from components.money import FIGURE_COLUMNS, figure_rows
from components.project_table import project_grid
from components.reporting import audit_table
from components.tables import Col, hidden_chart, html_table
from domain.formatting import format_date, format_kr
from domain.traffic import traffic_light
from domain.vocabulary import (
    CRITERIA_DIMENSIONS,
    DECISION_LABELS,
    DELIVERS,
    FORMULAS_TEXT,
    ILLUSTRATIVE,
    NARRATIVE_KINDS,
    OVERALL_DIMENSIONS,
    PROGRESS,
    PROJECT_STATUS_LABELS,
    illustrative_scores_note,
)

STATUS_OPTIONS = [{"label": "Aktive", "value": "aktiv"}, {"label": "Avsluttede", "value": "avsluttet"}]


def light_for(row, round_name: str | None) -> object:
    ov = row.overview
    return traffic_light(
        active=ov.active,
        spending_rate=ov.spending_rate,
        overdue=ov.milestones.overdue,
        progress=row.progress,
        delivers=row.delivers,
        reported=ov.reported,
        round_name=round_name,
        source_round=ov.source_round,
        illustrative=row.scores_illustrative,
        findings=tuple(f.label for f in ov.findings),
    )


def figures_from(ov, round_name: str | None) -> str:
    """Which round a project's figures come from, when not from the round shown."""
    if ov.reported or not ov.active:
        return ""
    return f"{ov.source_round} (ikke rapportert i {round_name})" if ov.source_round else "ingen godkjent rapport"


def project_grid_rows(rows: list, round_name: str | None) -> list[dict]:
    out = []
    for row in rows:
        ov = row.overview
        light = light_for(row, round_name)
        out.append(
            {
                "ref": row.ref,
                "name": ov.display_name,
                "full_name": ov.name,
                "number": ov.number or "–",
                "status": PROJECT_STATUS_LABELS["active" if ov.active else "ended"],
                "owners": row.owners or "–",
                "target_groups": ", ".join(row.target_groups) or "–",
                "light": light.label,
                "light_level": light.level,
                "light_reasons": "; ".join(light.reasons),
                "granted_per_year": ov.granted_per_year,
                "spent_total": ov.spent_total,
                "spending_rate": ov.spending_rate,
                "milestones": f"{ov.milestones.done} av {ov.milestones.total}" if ov.milestones.total else "–",
                "overdue": ov.milestones.overdue,
                "progress": row.progress,
            }
        )
    return out


def projects_page(view, filters: dict) -> html.Div:
    """The project list with search and filters (``filters``: the query's sok, status, eier, malgruppe)."""
    if view.data is None or not view.rows:
        return html.Div(
            [
                html.H1("Prosjekter"),
                empty_state("Ingen prosjekter ennå", "Importer en rapport med «python -m etl import FIL.xlsx»."),
            ]
        )
    rows, shown, data = view.rows, view.shown, view.data
    controls = filter_bar(
        "prosjekter-url",
        [
            scheme_dropdown("prosjekter-ordning", view.scope),
            text_filter("prosjekter-sok", "Søk", filters.get("sok"), "Navn, nummer, eier eller leder"),
            dropdown("prosjekter-status", "Status", STATUS_OPTIONS, filters.get("status")),
            dropdown("prosjekter-eier", "Prosjekteier", view.owners, filters.get("eier")),
            dropdown("prosjekter-malgruppe", "Målgruppe", view.target_groups, filters.get("malgruppe")),
            round_dropdown("prosjekter-runde", view.scope.rounds, data.round_name),
        ],
    )
    count = f"Viser {len(shown)} av {len(rows)} prosjekter" if len(shown) != len(rows) else f"{len(rows)} prosjekter"
    body = (
        project_grid(project_grid_rows(shown, data.round_name), grid_id="prosjekter-rutenett")
        if shown
        else empty_state("Ingen treff", "Ingen prosjekter passer med filtrene. Fjern ett eller flere filtre.")
    )
    return html.Div(
        [
            html.H1("Prosjekter"),
            html.P(
                f"{count}, rapporteringsrunde {data.round_name}. Statusfargen beregnes fra forbruk, forfalte "
                "milepæler og fremdrift; begrunnelsen står i kolonnen Varsler.",
                className="lead",
                id="prosjekter-antall",
                **{"data-announce": "count"},
            ),
            controls,
            html.P([illustrative_badge(), " ", _illustrative_note(shown)], className="muted")  # the rows shown
            if _illustrative_note(shown)
            else None,
            body,
            export_button("prosjekter", {**filters, "runde": data.round_name, "ordning": view.scope.scheme_id}),
        ]
    )


def _illustrative_note(rows) -> str:
    """Whose target groups and scores in the list are illustrative, by name when few (trial 25b: «Målgrupper og
    poeng for fremdrift er eksempeldata» stood above projects that had reported their own scores)."""
    names = {r.overview.display_name for r in rows}
    scored = {r.overview.display_name for r in rows if r.progress is not None or r.delivers is not None}
    notes = [
        illustrative_scores_note(
            names, {r.overview.display_name for r in rows if r.target_groups_illustrative}, "Målgruppene"
        ),
        illustrative_scores_note(scored, {r.overview.display_name for r in rows if r.scores_illustrative}),
    ]
    text = " ".join(n for n in notes if n)
    return f"{text} Rapporten viste dem bare som diagram." if text else ""


def paragraphs(text: str | None) -> list:
    """Plain text with blank-line paragraphs and '- ' bullets as components (never as HTML)."""
    if not text:
        return [html.P("Ikke rapportert.", className="muted")]
    parts: list = []
    bullets: list = []
    for block in text.split("\n\n"):
        block = block.strip()
        if block.startswith("- "):
            bullets.append(html.Li(block[2:]))
            continue
        if bullets:
            parts.append(html.Ul(bullets))
            bullets = []
        parts.append(html.P(block))
    if bullets:
        parts.append(html.Ul(bullets))
    return parts


def facts_rows(detail) -> list[dict]:
    p = detail.project
    groups = ", ".join(name for name, _ in detail.target_groups) or "–"
    illustrative = any(flag for _, flag in detail.target_groups)
    return [
        {"label": "Prosjektnummer", "value": p.number or "–"},
        {"label": "Prosjektnavn", "value": p.name},
        {"label": "Prosjekteier", "value": p.owners or "–"},
        {"label": "Prosjektledere", "value": p.leaders or "–"},
        {"label": "Samarbeidspartnere", "value": p.partners or "–"},
        {"label": "Status", "value": PROJECT_STATUS_LABELS[p.status]},
        {"label": "Planlagt slutt", "value": p.planned_end_text or "Ikke oppgitt"},
        {"label": "Målgrupper", "value": f"{groups} (eksempeldata)" if illustrative else groups},
    ]


def money_rows(detail) -> list[dict]:
    applied = {year: amount for year, amount, _ in detail.applications}
    rows = [
        {
            "year": str(year),
            "granted": format_kr(amount),
            "applied": format_kr(applied[year]) if year in applied else "–",
        }
        for year, amount, _ in detail.allocations
    ]
    for year in sorted(set(applied) - {y for y, _, _ in detail.allocations}):
        rows.append({"year": str(year), "granted": "–", "applied": format_kr(applied[year])})
    return rows


def score_rows(detail) -> list[dict]:
    """One row per dimension: the project's score and the secretariat's, with justifications and change."""
    titles = {number: f"{number}. {title}" for number, title, _ in detail.criteria}
    dimensions = [(d.key, titles.get(d.criterion, d.label)) for d in CRITERIA_DIMENSIONS]
    dimensions += [(d.key, d.titled) for d in OVERALL_DIMENSIONS]
    mine = {(s.assessor, s.dimension): s for s in detail.scores}
    before = {(s.assessor, s.dimension): s for s in detail.previous_scores}
    rows = []
    for key, label in dimensions:
        own, sec, prev = mine.get(("project", key)), mine.get(("secretariat", key)), before.get(("project", key))
        change = "–"
        if own is not None and prev is not None:
            delta = own.value - prev.value
            change = "uendret" if delta == 0 else (f"+{delta}" if delta > 0 else f"\u2212{-delta}")
            if delta and prev.illustrative:  # as the matrix and /gevinster say it (trial 25b: unmarked here)
                change += f" (mot {ILLUSTRATIVE})"
        rows.append(
            {
                "dimension": label,
                "project": "–" if own is None else str(own.value),
                "project_why": own.justification if own and own.justification else "–",
                "secretariat": "–" if sec is None else str(sec.value),
                "secretariat_why": sec.justification if sec and sec.justification else "–",
                "change": change,
            }
        )
    return rows


def _score_of(detail, key: str) -> int | None:
    return next((s.value for s in detail.scores if s.assessor == "project" and s.dimension == key), None)


def project_page(view) -> html.Div | html.Article:
    detail = view.detail
    if detail is None:
        return None
    p, ov = detail.project, detail.overview
    own = [s for s in detail.scores if s.assessor == "project" and s.dimension in (PROGRESS, DELIVERS)]
    light = traffic_light(
        active=p.active,
        spending_rate=ov.spending_rate if ov else None,
        overdue=ov.milestones.overdue if ov else 0,
        progress=_score_of(detail, PROGRESS),
        delivers=_score_of(detail, DELIVERS),
        reported=detail.reported or not p.active,
        round_name=detail.round_name,
        source_round=detail.source_round,
        illustrative=any(s.illustrative for s in own),
        findings=tuple(f.label for f in ov.findings) if ov else (),
    )
    sections = [
        dcc.Link("← Alle prosjekter", href="/prosjekter", className="back-link"),
        html.H1(p.name),
        html.P(
            [
                f"Prosjektnummer {p.number or '–'} · {PROJECT_STATUS_LABELS[p.status]} · "
                f"rapporteringsrunde {detail.round_name or '–'} · status ",
                html.Strong(light.label, className=f"light-{light.level}"),
                f" ({'; '.join(light.reasons)})",
            ],
            className="lead",
            id="prosjekt-status",
        ),
        illustrative_note("Målgrupper og poeng merket «eksempeldata» er illustrasjoner, ikke innrapporterte tall.")
        if any(s.illustrative for s in detail.scores) or any(flag for _, flag in detail.target_groups)
        else None,
        _not_reported_notice(detail),
        _reporting_actions(view),
        html.H2("Fakta"),
        html_table(
            [Col("label", "Felt"), Col("value", "Verdi")],
            facts_rows(detail),
            caption="Prosjektet (rapportens tabell 1)",
            table_id="prosjekt-fakta",
        ),
        html.H2("Formål"),
        html.Div(paragraphs(detail.narratives.get("purpose")), className="prose"),
        html.H2("Milepæler"),
        *_milestones(detail),
        html.H2("Økonomi"),
        html_table(
            [Col("year", "År"), Col("granted", "Innvilget", True), Col("applied", "Søkt", True)],
            money_rows(detail),
            caption="Innvilget og søkt per år",
            table_id="prosjekt-okonomi-ar",
        ),
    ]
    if ov is not None and detail.source_round is not None:
        sections += [
            html.P(FORMULAS_TEXT, className="formula"),
            html_table(
                FIGURE_COLUMNS,
                figure_rows(ov.money, granted_total=ov.granted_total, inputs=True),
                caption=f"Pengene per {detail.round_name} (fra rapporten for {detail.source_round}): oppgitt, "
                "kontroll og beregnet",
                table_id="prosjekt-okonomi-runde",
            ),
        ]
    illustrative = any(s.illustrative for s in detail.scores)
    sections += [
        html.H2("Poeng" + (" (eksempeldata)" if illustrative else "")),
        html_table(
            [
                Col("dimension", "Kriterium"),
                Col("project", "Prosjektets poeng", True),
                Col("project_why", "Begrunnelse"),
                Col("secretariat", "Sekretariatets poeng", True),
                Col("secretariat_why", "Begrunnelse"),
                Col("change", "Endring siden forrige runde"),
            ],
            score_rows(detail),
            caption="Egenvurdering og sekretariatets vurdering side om side",
            table_id="prosjekt-poeng",
        )
        if detail.scores
        else html.P("Ingen poeng er rapportert.", className="muted"),
        html.H2("Gevinster og indikatorer"),
        html.Div([kpi_card(k, graph_id=f"prosjekt-indikator-{k.id}") for k in detail.kpis])
        if detail.kpis
        else html.P("Ingen gevinster med indikatorer er registrert.", className="muted"),
    ]
    for kind in NARRATIVE_KINDS:
        if kind.key != "purpose" and kind.key in detail.narratives:
            sections += [html.H2(kind.label), html.Div(paragraphs(detail.narratives[kind.key]), className="prose")]
    sections += [html.H2("SSU-vedtak"), _decisions(detail), html.H2("Historikk per runde"), _history(detail)]
    if view.changes is not None:
        sections += [
            html.H2("Historikk: endringer i rapportert data"),
            audit_table(view.changes, table_id="prosjekt-endringslogg"),
        ]
    return html.Article(sections, className="project-page")


def project_not_found(ref: str | None) -> html.Div:
    return html.Div(
        [
            html.H1("Fant ikke prosjektet"),
            html.P(f"Det finnes ikke noe prosjekt med nummer «{ref}»."),
            dcc.Link("Til prosjektlisten", href="/prosjekter"),
        ],
        className="empty-state",
    )


def _reporting_actions(view):
    if view.reporting_round is None:
        return None
    round_id, round_name = view.reporting_round
    detail = view.detail
    return html.Div(
        [
            html.Button(
                f"Last ned rapporteringsmal for {round_name}",
                id="prosjekt-mal-knapp",
                className="button-secondary",
                type="button",
            ),
            dcc.Download(id="prosjekt-mal"),
            dcc.Store(id="prosjekt-mal-valg", data={"project": detail.project.id, "round": round_id}),
            " ",
            dcc.Link(
                "Rapporter for prosjektet (opplasting og skjema)",
                href=f"/innrapportering/{detail.ref}" + query_string({"runde": round_name}),
                className="button-link",
            ),
        ],
        className="actions",
    )


def _not_reported_notice(detail):
    """Said first when the project's figures are not from the round shown."""
    if detail.reported or not detail.project.active or detail.round_name is None:
        return None
    if detail.source_round:
        text = (
            f"Prosjektet har ikke rapportert i {detail.round_name}. Tallene under er fra siste godkjente rapport, "
            f"{detail.source_round}."
        )
    else:
        text = f"Prosjektet har ikke rapportert i {detail.round_name}, og har ingen godkjent rapport ennå."
    return html.P(text, className="notice not-reported", id="prosjekt-ikke-rapportert", role="status")


def _milestones(detail) -> list:
    if not detail.milestones:
        return [html.P("Ingen milepæler er rapportert i denne runden.", className="muted")]
    placed = [m for m in detail.milestones if m.end is not None]
    parts = []
    if placed:
        parts += [
            html.P(f"Tidslinje med {len(placed)} milepæler. Tabellen under viser de samme.", className="chart-summary"),
            hidden_chart("prosjekt-tidslinje", gantt_figure(placed, as_of=detail.as_of, show_project=False)),
        ]
    parts.append(milestone_table(detail.milestones, table_id="prosjekt-milepaeler", show_project=False))
    return parts


def _decisions(detail):
    if not detail.decisions:
        return html.P("SSU har ikke registrert noe vedtak om prosjektet ennå.", className="muted")
    return html_table(
        [
            Col("case", "Sak"),
            Col("date", "Møtedato"),
            Col("decision", "Vedtak"),
            Col("amount", "Beløp neste år", True),
            Col("text", "Vedtakstekst"),
        ],
        [
            {
                "case": d.case_number,
                "date": format_date(d.meeting_date),
                "decision": DECISION_LABELS[d.decision],
                "amount": format_kr(d.amount_next_year),
                "text": d.text or "–",
            }
            for d in detail.decisions
        ],
        caption="SSUs vedtak om prosjektet",
        table_id="prosjekt-vedtak",
    )


def _history(detail):
    progress = next(d for d in OVERALL_DIMENSIONS if d.key == PROGRESS)
    return html_table(
        [
            Col("round", "Runde"),
            Col("spent", "Brukt totalt", True),
            Col("milestones", "Milepæler ferdig", True),
            Col("progress", progress.titled, True),
        ],
        [
            {
                "round": h["round"],
                "spent": format_kr(h["spent"]),
                "milestones": f"{h['milestones_done']} av {h['milestones']}",
                "progress": "–"
                if h["progress"] is None
                else f"{h['progress']}{' (eksempeldata)' if h['progress_illustrative'] else ''}",
            }
            for h in detail.history
        ],
        caption="Prosjektet på tvers av rapporteringsrunder",
        table_id="prosjekt-historikk",
    )
