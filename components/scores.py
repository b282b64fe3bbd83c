"""Gevinster: benefit scores per criterion (0–3) as a heat map, a bar chart per other score dimension,
every score with its change since the previous round, and the justifications."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from urllib.parse import quote

from dash import html

from components.cards import empty_state, illustrative_note
from components.export import export_button
from components.figures import BLUE, GREEN, ORANGE, PURPLE, heatmap_figure, score_bars_figure
from components.filters import pager, scheme_and_round, showing_text
from components.tables import Col, chart_block, html_table
from domain.formatting import count_of, format_decimal
from domain.vocabulary import (
    ASSESSOR_LABELS,
    CRITERIA_DIMENSIONS,
    ILLUSTRATIVE,
    OVERALL_DIMENSIONS,
    SCORE_DIMENSION,
    SCORE_DIMENSIONS,
    illustrative_scores_note,
)

BAR_COLOURS = (BLUE, GREEN, ORANGE, PURPLE)


def _unreported_text(rows, round_name: str | None) -> str:
    """' 6 prosjekter har ikke rapportert i Vår 2026; poengene deres er fra siste godkjente rapport, …'"""
    missing = {r.project_id for r in rows if not r.reported}
    if not missing:
        return ""
    return (
        f" {count_of(len(missing), 'prosjekt', 'prosjekter')} har ikke rapportert i {round_name}; poengene deres er "
        "fra siste godkjente rapport, og prosjektet er merket med det."
    )


def score_matrix(rows: list, criteria: list[tuple[int, str, str]], *, assessor: str = "project"):
    """Projects × criteria values (None where missing) and hover text with the justification."""
    projects = sorted({r.project for r in rows if r.assessor == assessor})
    by_key = {(r.project, r.dimension): r for r in rows if r.assessor == assessor}
    values, hover = [], []
    for project in projects:
        vrow, hrow = [], []
        for number, _title, _text in criteria:
            s = by_key.get((project, f"criterion_{number}"))
            vrow.append(None if s is None else s.value)
            hrow.append((s.justification or "Ingen begrunnelse") if s else "Ikke vurdert")
        values.append(vrow)
        hover.append(hrow)
    return projects, values, hover


def dimension_values(rows: list, dimension: str, *, assessor: str = "project") -> dict[str, int]:
    return {r.project: r.value for r in rows if r.assessor == assessor and r.dimension == dimension}


def comparison_rows(current: list, previous: list) -> list[dict]:
    """Per project: every dimension, self vs secretariat, and the change since the last round."""
    mine = defaultdict(dict)
    refs = {}
    for r in current:
        mine[(r.project, r.assessor)][r.dimension] = r.value
        refs[r.project] = r.project_ref
    before = defaultdict(dict)
    examples = defaultdict(set)  # project -> dimensions whose earlier score is illustrative
    for r in previous:
        if r.assessor == "project":
            before[r.project][r.dimension] = r.value
            if r.illustrative:
                examples[r.project].add(r.dimension)
    rows = []
    for project in sorted({r.project for r in current}):
        own, sec = mine[(project, "project")], mine[(project, "secretariat")]
        row = {"project": project, "href": f"/prosjekter/{quote(refs[project])}" if refs[project] else None}
        for dimension in SCORE_DIMENSIONS:
            key = dimension.key
            value = own.get(key)
            text = "–" if value is None else str(value)
            if key in sec:
                text += f" / {sec[key]}"
            if value is not None and key in before[project]:
                delta = value - before[project][key]
                if delta:  # a change from an illustrative score says so, as in the matrix (session-24 note)
                    against = f" mot {ILLUSTRATIVE}" if key in examples[project] else ""
                    text += f" ({'+' if delta > 0 else '−'}{abs(delta)}{against})"
            row[dimension.short_label] = text
        rows.append(row)
    return rows


def average(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _dimension_label(dimension: str, criteria) -> str:
    scale = SCORE_DIMENSION[dimension]
    if scale.criterion:
        return f"{scale.label}: {criteria[scale.criterion - 1][1]}"
    return scale.label


def benefits_page(view, *, scheme_param) -> html.Div:
    controls = scheme_and_round("gevinster", view.scope, view.round_name)
    if not view.scores:
        return html.Div(
            [
                html.H1("Gevinster"),
                controls,
                empty_state(
                    "Ingen poeng i denne runden", "Prosjektene har ikke rapportert poeng for denne rapporteringsrunden."
                ),
            ]
        )
    crit = view.criteria
    everything = view.scores
    on_page = set(view.project_names)
    current = [r for r in everything if r.project in on_page]
    own = [r for r in everything if r.assessor == "project"]
    examples = illustrative_scores_note({r.project for r in own}, {r.project for r in own if r.illustrative})
    _all_projects, all_values, _hover = score_matrix(everything, crit)
    best = max(range(len(crit)), key=lambda i: average(row[i] for row in all_values) or 0)
    worst = min(range(len(crit)), key=lambda i: average(row[i] for row in all_values) or 0)
    navigation = pager(
        "/gevinster", {"runde": view.round_name, "ordning": scheme_param}, view.page, view.pages, what="prosjekter"
    )
    projects, values, hover = score_matrix(current, crit)
    short = [f"K{n}" for n, _t, _d in crit]
    heat_table = html_table(
        [Col("project", "Prosjekt")] + [Col(k, k, True) for k in short],
        [
            {"project": p, **{k: "–" if v is None else str(v) for k, v in zip(short, row, strict=True)}}
            for p, row in zip(projects, values, strict=True)
        ],
        caption=f"Poeng {CRITERIA_DIMENSIONS[0].scale} per kriterium (prosjektenes egenvurdering)",
    )
    showing = showing_text(view.first, len(view.project_names), view.all_projects)
    blocks = [
        html.H1("Gevinster"),
        # which projects' scores are illustrative, not a badge over reported ones too (session-24 note)
        illustrative_note(examples) if examples else None,
        html.P(
            f"Prosjektenes egenvurdering av gevinster mot de {len(crit)} kriteriene i {view.round_name} "
            f"({CRITERIA_DIMENSIONS[0].meaning}). Der sekretariatet har vurdert, står dets poeng etter skråstreken."
            + _unreported_text(everything, view.round_name),
            className="lead",
        ),
        controls,
        html.P(
            showing + " Snittene gjelder alle prosjektene.",
            className="muted",
            id="gevinster-utvalg",
            **{"data-announce": "count"},
        )
        if showing
        else None,
        navigation,
        chart_block(
            title=f"Gevinster per kriterium ({CRITERIA_DIMENSIONS[0].scale})",
            summary=(
                f"Høyest snitt: kriterium {crit[best][0]} «{crit[best][1]}» "
                f"({format_decimal(average(r[best] for r in all_values))}). Lavest: kriterium {crit[worst][0]} "
                f"«{crit[worst][1]}» ({format_decimal(average(r[worst] for r in all_values))})."
            ),
            figure=heatmap_figure(projects, short, values, hover),
            table=heat_table,
            graph_id="gevinster-varmekart",
        ),
        html.Details(
            [
                html.Summary(f"Hva betyr kriteriene K1–K{len(crit)}?"),
                html.Ol([html.Li([html.Strong(title + ": "), text]) for _n, title, text in crit]),
            ],
            className="criteria-help",
            id="gevinster-kriterier",
            open=False,
        ),
    ]
    for index, dimension in enumerate(OVERALL_DIMENSIONS):
        all_vals = dimension_values(everything, dimension.key)
        vals = {name: value for name, value in all_vals.items() if name in on_page}
        names = sorted(vals)
        if not all_vals:  # trial 26b: an empty 0–10 chart with «Snitt – av 10; lavest –, høyest –»
            blocks += [
                html.H2(dimension.titled),
                html.P(f"Ingen prosjekter har gitt poeng for {dimension.in_sentence} ennå.", className="muted"),
            ]
            continue
        blocks.append(
            chart_block(
                title=dimension.titled,
                summary=f"Snitt {format_decimal(average(all_vals.values()))} av {dimension.maximum}; lavest "
                f"{min(all_vals.values()) if all_vals else '–'}, høyest {max(all_vals.values()) if all_vals else '–'}.",
                figure=score_bars_figure(
                    names, [vals[n] for n in names], top=dimension.maximum, colour=BAR_COLOURS[index % len(BAR_COLOURS)]
                ),
                table=html_table(
                    [Col("project", "Prosjekt"), Col("value", "Poeng", True)],
                    [{"project": n, "value": f"{vals[n]} av {dimension.maximum}"} for n in names],
                    caption=dimension.titled,
                ),
                graph_id=f"gevinster-{dimension.key}",
            )
        )
    labels = [d.short_label for d in SCORE_DIMENSIONS]
    blocks += [
        html.H2("Alle poeng med endring siden forrige runde"),
        html.P("Format: prosjektets poeng / sekretariatets poeng (endring siden forrige runde).", className="muted"),
        html_table(
            [Col("project", "Prosjekt", link="href")] + [Col(label, label, True) for label in labels],
            comparison_rows(current, view.previous),
            caption="Egenvurdering og sekretariatets vurdering",
            table_id="gevinster-alle",
        ),
        html.H2("Begrunnelser"),
        html.P("Begrunnelsen for hvert poeng, per prosjekt. Åpne et prosjekt for å lese.", className="muted"),
        html.Div(
            [
                html.Details(
                    [
                        html.Summary(project),
                        html.Ul(
                            [
                                html.Li(
                                    f"{_dimension_label(r.dimension, crit)}: {r.value} "
                                    f"({ASSESSOR_LABELS[r.assessor].lower()}) – "
                                    f"{r.justification or 'ingen begrunnelse'}"
                                )
                                for r in rows
                            ]
                        ),
                    ],
                    className="justification",
                )
                for project, rows in groupby(
                    sorted(current, key=lambda r: (r.project, r.dimension, r.assessor)), key=lambda r: r.project
                )
            ],
            id="gevinster-begrunnelser",
        ),
        navigation,
        export_button("gevinster", {"runde": view.round_name, "ordning": view.scope.scheme_id}),
    ]
    return html.Div(blocks)
