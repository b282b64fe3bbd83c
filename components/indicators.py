"""KPI cards for the indicators page and the project page."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import quote

from dash import html

from components.cards import empty_state, illustrative_note
from components.export import export_button
from components.figures import kpi_figure
from components.filters import dropdown, filter_bar, pager, scheme_dropdown
from components.tables import Col, hidden_chart, html_table
from domain.formatting import count_of, format_date, format_measure, format_percent
from domain.kpis import judged_on_examples, progress_of
from domain.vocabulary import BENEFIT_TYPE_LABELS


def progress_text(kpi) -> str:
    prog = progress_of(kpi)
    if prog.latest is None:
        return "Ingen målinger ennå."
    text = f"Siste måling {format_measure(prog.latest, kpi.unit)} ({format_date(prog.latest_date)})"
    if prog.share_of_way is not None:
        text += f", {format_percent(prog.share_of_way, 0)} av veien fra nullpunkt til mål"
    examples = " (vurdert mot eksempeldata)" if judged_on_examples(kpi) else ""
    if prog.behind is True:
        planned = format_measure(prog.expected_shown, kpi.unit)
        text += f". Bak planen{examples}: planlagt vei gir om lag {planned} på denne datoen."
    elif prog.behind is False:
        text += f". I rute etter planlagt vei{examples}."
    else:
        text += "."
    return text


def behind_count(kpis) -> str:
    """«10 indikatorer, 4 bak planen.», naming how many of those behind are judged on illustrative figures."""
    behind = [k for k in kpis if progress_of(k).behind]
    on_examples = sum(1 for k in behind if judged_on_examples(k))
    text = f"{count_of(len(kpis), 'indikator', 'indikatorer')}, {len(behind)} bak planen"
    if on_examples and on_examples == len(behind):
        return text + (" (vurdert mot eksempeldata)." if on_examples == 1 else " (alle vurdert mot eksempeldata).")
    if on_examples:
        return text + f" ({on_examples} av dem vurdert mot eksempeldata)."
    return text + "."


def value_rows(kpi) -> list[dict]:
    path = " (eksempeldata)" if kpi.illustrative else ""  # the baseline and target, marked as the measurements are
    rows = []
    if kpi.baseline is not None:
        rows.append(
            {
                "when": format_date(kpi.baseline_date),
                "what": "Nullpunkt" + path,
                "value": f"{format_measure(kpi.baseline, kpi.unit)}",
            }
        )
    for v in kpi.values:
        rows.append(
            {
                "when": format_date(v.when),
                "what": "Målt" + (" (eksempeldata)" if v.illustrative else ""),
                "value": f"{format_measure(v.value, kpi.unit)}",
            }
        )
    for r in kpi.revisions:
        rows.append(
            {
                "when": format_date(r.previous_date),
                "what": f"Tidligere mål (endret {format_date(r.revised_on)}: {r.reason})",
                "value": f"{format_measure(r.previous_value, kpi.unit)}",
            }
        )
    if kpi.target is not None:
        rows.append(
            {
                "when": format_date(kpi.target_date),
                "what": "Mål" + path,
                "value": f"{format_measure(kpi.target, kpi.unit)}",
            }
        )
    return rows


def illustrative_parts(kpi) -> tuple[bool, str | None]:
    """Whether the card's title is marked «eksempeldata» (its latest measurement, or without one its path, is
    illustrative), and what else is illustrative once a reported measurement came (the session-22 trial: a card
    with a reported, approved measurement was still titled «eksempeldata»)."""
    latest = max(kpi.values, key=lambda v: v.when) if kpi.values else None
    if latest is not None and not latest.illustrative:
        older = any(v.illustrative for v in kpi.values)
        if kpi.illustrative:
            return False, "Nullpunkt og mål er eksempeldata" + (", og det er eldre målinger også." if older else ".")
        return False, "Eldre målinger merket «eksempeldata» er illustrerte." if older else None
    return kpi.illustrative or latest is not None and latest.illustrative, None


def kpi_card(kpi, *, graph_id: str) -> html.Section:
    marked, note = illustrative_parts(kpi)
    prog = progress_of(kpi)
    status = "behind" if prog.behind else "ok" if prog.behind is False else "none"
    title = kpi.name + (" (eksempeldata)" if marked else "")
    return html.Section(
        className=f"kpi-card kpi-{status}",
        children=[
            html.H3(title),
            html.P(note, className="muted") if note else None,
            html.P([html.Strong("Gevinst: "), kpi.benefit, f" · {BENEFIT_TYPE_LABELS.get(kpi.benefit_type, '')}"]),
            html.P(
                [
                    html.Strong("Gevinsteier: "),
                    ", ".join(filter(None, [kpi.owner, kpi.organisation])) or "–",
                    html.Strong(" · Måles: "),
                    ", ".join(filter(None, [kpi.method, kpi.frequency])) or "–",
                ]
            ),
            html.P(
                [  # the arrow is for the eye; the text says it (trial 25a: «black down-pointing triangle» read aloud)
                    html.Span("▼ " if prog.behind else "▲ ", **{"aria-hidden": "true"})
                    if prog.behind is not None
                    else None,
                    progress_text(kpi),
                ],
                className="kpi-progress",
            ),
            hidden_chart(graph_id, kpi_figure(kpi)),
            html.Details(
                [
                    html.Summary("Vis tallene som tabell"),
                    html_table(
                        [Col("when", "Dato"), Col("what", "Hva"), Col("value", "Verdi", True)],
                        value_rows(kpi),
                        caption=kpi.name,
                    ),
                ],
                className="table-alternative",
            ),
        ],
    )


def indicators_page(view, *, query: dict) -> html.Div:
    """Every benefit with its indicators, whole projects about 20 indicators per page.
    ``query``: the page's prosjekt, bak and ordning as given."""
    controls = filter_bar(
        "indikatorer-url",
        [
            scheme_dropdown("indikatorer-ordning", view.scope),
            dropdown(
                "indikatorer-prosjekt",
                "Prosjekt",
                [{"label": name, "value": ref} for _id, ref, name, _n in view.projects],
                query.get("prosjekt"),
            ),
            dropdown(
                "indikatorer-bak",
                "Bak planen",
                [{"label": "Bare indikatorer bak planen", "value": "ja"}],
                query.get("bak"),
            ),
        ],
    )
    content = [
        html.H1("Indikatorer"),
        html.P(
            "Gevinstrealiseringsplanen: hver gevinst med type, gevinsteier og indikatorer med nullpunkt, mål og "
            "målte verdier. «Bak planen» betyr at siste måling ligger under den rette linjen fra nullpunkt til mål.",
            className="lead",
        ),
        controls,
    ]
    kpis = view.kpis
    if any(k.illustrative or any(v.illustrative for v in k.values) for k in kpis):
        content.insert(
            2, illustrative_note("Indikatorer merket «eksempeldata» har illustrerte verdier, ikke innrapporterte tall.")
        )
    if not kpis:
        content.append(
            empty_state(
                "Ingen indikatorer",
                "Ingen indikatorer passer med filtrene."
                if view.projects
                else "Ingen gevinster med indikatorer er registrert ennå.",
            )
        )
        return html.Div(content)
    count = behind_count(kpis)
    if view.pages > 1:
        on_page = len({k.project_id for k in kpis})
        count = (
            f"{count_of(view.chosen_kpis, 'indikator', 'indikatorer')} i "
            f"{count_of(view.chosen_projects, 'prosjekt', 'prosjekter')}. Viser prosjekt "
            f"{view.first_project}–{view.first_project + on_page - 1}: {count}"
        )
    navigation = pager(
        "/indikatorer",
        {key: query.get(key) for key in ("prosjekt", "bak", "ordning")},
        view.page,
        view.pages,
        what="indikatorer",
    )
    content += [html.P(count, id="indikatorer-antall"), navigation]
    for (project, ref), group in groupby(kpis, key=lambda k: (k.project, k.project_ref)):
        heading = html.H2(html.A(project, href=f"/prosjekter/{quote(ref)}"))  # the trial 23: no way to the project
        content.append(
            html.Section(
                [heading] + [kpi_card(k, graph_id=f"indikatorer-indikator-{k.id}") for k in group],
                className="kpi-project",
            )
        )
    content += [
        navigation,
        export_button(
            "indikatorer", {"prosjekt": query.get("prosjekt"), "bak": query.get("bak"), "ordning": view.scope.scheme_id}
        ),
    ]
    return html.Div(content)
