"""Figure and table builders from plain data, without a server."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import pytest

from components.cells import cell_text
from components.export import ExportTable, to_xlsx
from components.figures import gantt_figure, granted_spent_figure, heatmap_figure, kpi_figure, month_ticks
from components.filters import as_list, query_string
from components.finance import spending_summary, table3_rows, table4_rows
from components.milestones import milestone_dicts, timeline_summary
from components.money import printed_text
from components.projects import paragraphs, score_rows
from components.scores import comparison_rows, score_matrix
from domain.money import MoneyFigure
from services import portfolio, projects
from services.portfolio import filter_milestones, filter_projects, owner_names
from tests.conftest import context

TODAY = date(2025, 10, 3)


@pytest.fixture(scope="module")
def data(tmp_path_factory, _loaded_template, postgres):
    """The pages' plain data for the default data (read once; the builders only read it)."""
    from tests.conftest import _create_database, sqlite_url

    url = _create_database(postgres, template=_loaded_template) if postgres else sqlite_url(_loaded_template)
    ctx = context(url)
    overview = portfolio.overview(ctx, round_name=None, scheme=None)
    milestones = portfolio.milestones(ctx, round_name=None, scheme=None).shown
    scores = portfolio.benefits(ctx, round_name=None, scheme=None).scores
    kpis = portfolio.all_indicators(ctx, project=None, scheme=None)
    detail = projects.project_page(ctx, ref="15266", round_name=None).detail
    return overview.data, overview.rows, milestones, scores, kpis, detail


def test_table3_and_table4_rows_show_printed_check_and_computed(data):
    overview = data[0]
    t3 = {r["project"]: {k: cell_text(v) for k, v in r.items()} for r in table3_rows(overview.projects)}
    assert (t3["Eldreløftet"]["granted"], t3["Eldreløftet"]["spent"]) == ("2 924 000 kr", "2 060 000 kr")
    assert t3["CADD Solis pumpe (avsluttet)"]["years"] == "1"
    t4 = [{k: cell_text(v) if k != "row_class" else v for k, v in r.items()} for r in table4_rows(overview.projects)]
    hosp = next(i for i, r in enumerate(t4) if r["project"] == "Hospiteringsordning")
    tgm = t4[hosp]
    assert (tgm["printed"], tgm["expected"], tgm["computed"]) == ("2 492 957 kr", "5 807 957 kr", "5 807 957 kr")
    assert tgm["status"] == "Avvik \u22123 315 000 kr" and tgm["row_class"] == "row-finding"
    assert t4[hosp + 1]["printed"] == "1 248 055 kr + (hospitant fra UNN og fastleger)"
    vm = t4[hosp + 2]
    assert vm["status"] == "stemmer"  # VM follows from the printed TGM: no cascade
    assert (vm["printed"], vm["expected"], vm["computed"]) == (
        "1 244 902 kr – nye hospitanter",
        "1 244 902 kr",
        "4 559 902 kr",
    )
    furumoen = next(i for i, r in enumerate(t4) if r["project"] == "Furumoen som utstillingsvindu")
    next_year = t4[furumoen + 3]
    assert next_year["printed"].startswith("Uvisst") and next_year["expected"] == "kan ikke beregnes"
    assert next_year["status"].startswith(
        "oppgitt som tekst, kan ikke kontrolleres (kontroll: VM er oppgitt som «9 279 795 kr – fremtidig bruk», og "
    )
    assert t4[furumoen + 2]["computed"] == "kan ikke beregnes" and next_year["computed"] == "kan ikke beregnes"


def test_spending_summary_sentence(data):
    assert spending_summary(data[0].projects) == (
        "4 av 7 prosjekter har brukt under 20 % av innvilget beløp. Lavest forbruk: DHO – felles tjeneste "
        "(1,5 %); høyest: Eldreløftet (35,2 %)."
    )


def test_printed_text_keeps_words():
    assert printed_text(MoneyFigure("x", 2763000, "– eventuelle lønnsutgifter")) == (
        "2 763 000 kr – eventuelle lønnsutgifter"
    )
    assert printed_text(MoneyFigure("x", None, "Uvisst")) == "Uvisst"
    assert printed_text(MoneyFigure("x")) == "–"


def test_gantt_has_every_placed_milestone_and_marks_overdue(data):
    rows = data[2]
    fig = gantt_figure(rows, as_of=date(2026, 1, 15))
    go.Figure(fig)  # a valid Plotly figure, built as a plain dict
    labels = [y for trace in fig["data"] for y in trace["y"]]
    assert "Furumoen som utstillingsvindu – M14" in labels
    assert len(labels) == sum(1 for r in rows if r.end is not None)
    assert {t["name"] for t in fig["data"]} <= {
        "Ferdig",
        "Pågående",
        "Oppstart",
        "Planlegging",
        "Planlagt",
        "Forsinket",
    }
    assert fig["layout"]["template"] == "none"  # no heavy template in the payload
    assert all(text.endswith(("2024", "2025", "2026", "2027")) for text in fig["layout"]["xaxis"]["ticktext"])


def test_milestone_filters_and_unplaced_listing(data):
    rows = data[2]
    dho = filter_milestones(rows, project_refs=["49674"])
    assert len(dho) == 20
    assert [r.code for r in dho if r.end is None] == ["M13", "M14", "M15", "M16"]
    assert len(filter_milestones(rows, statuses=["ferdig"])) == 33
    overdue = filter_milestones(rows, only_overdue=True)
    assert all(r.overdue for r in overdue) and overdue
    assert "4 står i listen under" in timeline_summary(dho)
    row = next(d for d in milestone_dicts(dho) if d["code"] == "M10")
    assert row["status"] == "Pågående («Oppstart/pågående»)"


def test_heatmap_prints_values_in_cells(data):
    scores = data[3]
    from db.defaults import CRITERIA

    crit = [(i + 1, t, d) for i, (t, d) in enumerate(CRITERIA)]
    projects, values, hover = score_matrix(scores, crit)
    assert len(projects) == 7 and all(len(r) == 8 for r in values)
    fig = heatmap_figure(projects, [f"K{n}" for n, _t, _d in crit], values, hover)
    go.Figure(fig)
    cells = fig["layout"]["annotations"]  # one printed value per cell, its colour chosen per fill
    assert len(cells) == 7 * 8 and cells[0]["text"] == str(values[0][0])
    assert (cells[0]["x"], cells[0]["y"]) == ("K1", projects[0])


def test_comparison_shows_secretariat_after_slash_and_change():
    from db.page_queries import ScoreRow

    now = [
        ScoreRow(1, "A", "project", "progress", 2, None, False, "Høst 2026"),
        ScoreRow(1, "A", "secretariat", "progress", 1, None, False, "Høst 2026"),
    ]
    before = [ScoreRow(1, "A", "project", "progress", 3, None, False, "Vår 2026")]
    row = comparison_rows(now, before)[0]
    assert row["Fremdrift"] == "2 / 1 (−1)"


def test_project_filters(data):
    rows = data[1]
    assert [r.overview.display_name for r in filter_projects(rows, status="avsluttet")] == [
        "Det trygge boalternativet",
        "CADD Solis pumpe",
    ]
    assert [r.overview.number for r in filter_projects(rows, search="gunnhild")] == ["15266"]
    assert len(filter_projects(rows, target_group="Fastlege")) == 3
    assert len(filter_projects(rows, owner="Narvik")) == 1
    assert "UNN" in owner_names(rows) and "Tromsø kommune" in owner_names(rows)
    # a suspended compound is one owner (trial 25a: «Digitaliserings-», «utviklings-» and «samhandlingssenteret»)
    assert not [name for name in owner_names(rows) if name.endswith("-") or name == "samhandlingssenteret"]


def test_project_detail_rows(data):
    detail = data[5]
    rows = score_rows(detail)
    assert rows[0]["dimension"] == "1. Samarbeidsmodeller" and rows[0]["project"] == "3"
    assert rows[0]["secretariat"] == "–"
    assert [p.children for p in paragraphs("Et avsnitt.\n\n- punkt én\n\n- punkt to")[1].children] == [
        "punkt én",
        "punkt to",
    ]


def test_kpi_figure_marks_baseline_target_and_values(data):
    lsu = next(k for k in data[4] if k.name == "LSU-møter per år")
    fig = kpi_figure(lsu)
    go.Figure(fig)
    names = [t["name"] for t in fig["data"]]
    assert names == ["Planlagt vei", "Nullpunkt", "Mål", "Målt"]


def test_granted_spent_figure_prints_norwegian_amounts():
    fig = granted_spent_figure([{"name": "A", "granted_total": 4590000, "spent": 900000, "rate": 0.196}])
    go.Figure(fig)
    assert list(fig["data"][0]["text"]) == ["4 590 000 kr"] and fig["layout"]["separators"] == ", "


def test_envelope_and_score_figures_are_valid_plotly():
    from components.figures import envelope_figure, score_bars_figure

    fig = envelope_figure({2024: 17_000_000, 2025: 18_500_000}, 18_000_000)
    assert go.Figure(fig).layout.shapes[0].y0 == 18_000_000
    assert fig["layout"]["annotations"][0]["text"] == "Ramme 18 000 000 kr"
    bars = go.Figure(score_bars_figure(["A", "B"], [2, None], top=3))
    assert list(bars.data[0].text) == ["2 av 3", "–"]


def test_month_ticks_are_norwegian():
    assert month_ticks(date(2025, 9, 10), date(2025, 11, 1))[1] == ["sep. 2025", "okt. 2025", "nov. 2025"]


def test_query_string_round_trip():
    assert query_string({"runde": "Høst 2025", "status": None, "prosjekt": ""}) == "?runde=H%C3%B8st+2025"
    assert as_list("a,b") == ["a", "b"] and as_list(None) == []


def test_export_workbook_opens(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "x.xlsx"
    path.write_bytes(to_xlsx(ExportTable("Tabell 3", ["Prosjekt", "Beløp"], [["=1+1", 5], ["Eldreløftet", 2924000]])))
    sheet = load_workbook(path).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Prosjekt", "Beløp"],
        ["=1+1", 5],
        ["Eldreløftet", 2924000],
    ]
    assert sheet["A2"].data_type == "s"  # a string cell: never evaluated, no «'» added


@pytest.mark.parametrize(
    "key",
    [
        "okonomi-tabell3",
        "okonomi-tabell4",
        "prosjekter",
        "milepaeler",
        "indikatorer",
        "avvik",
        "gevinster",
        "ssu-matrise",
    ],
)
def test_every_exporter_gives_a_table(loaded_db, key):
    from web.exports import EXPORTERS, export_table

    table = export_table(context(loaded_db), key, "")
    assert set(EXPORTERS) >= {key}
    assert table.headers and table.rows
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert to_xlsx(table)[:2] == b"PK"


def test_table_rows_are_dash_components_in_wire_format():
    """html_table builds its body as plain dicts; they must equal what Dash's own components give."""
    import json

    from dash import html

    from components.tables import Col, html_table

    table = html_table(
        [Col("a", "A"), Col("b", "B", True)],
        [{"a": "x", "b": ["1 ", html.Strong("kr")]}, {"a": None, "b": "2"}],
        caption="T",
    )
    expected = html.Tbody(
        [
            html.Tr([html.Td("x"), html.Td(["1 ", html.Strong("kr")], className="num amount")]),
            html.Tr([html.Td("–"), html.Td("2", className="num amount")]),
        ]
    )
    body = table.children.children[2]
    encode = __import__("plotly").utils.PlotlyJSONEncoder
    assert json.loads(json.dumps(body, cls=encode)) == json.loads(json.dumps(expected, cls=encode))


def test_the_project_list_names_whose_figures_are_illustrative(data):
    """Trial 25b: «Målgrupper og poeng for fremdrift er eksempeldata» stood above projects with their own scores."""
    from dataclasses import replace

    from components.projects import _illustrative_note

    _data, rows, *_ = data
    assert _illustrative_note(rows) == (
        "Målgruppene til 6 av 9 prosjekter er eksempeldata. Poengene er eksempeldata. Rapporten viste dem bare som "
        "diagram."
    )
    first = next(i for i, r in enumerate(rows) if r.scores_illustrative)
    mixed = list(rows)
    mixed[first] = replace(rows[first], scores_illustrative=False)  # as after its leader reported real scores
    scored = sum(1 for r in rows if r.progress is not None or r.delivers is not None)
    assert f"Poengene til {scored - 1} av {scored} prosjekter er eksempeldata." in _illustrative_note(mixed)


def test_a_dimension_nobody_scored_gets_a_sentence_not_an_empty_chart(loaded_db):
    """Trial 26b: /gevinster drew an empty 0–10 chart («Snitt – av 10; lavest –, høyest –») for a dimension no
    project had scored."""
    import json
    from dataclasses import replace

    from components.scores import benefits_page

    view = portfolio.benefits(context(loaded_db), round_name=None, scheme=None)
    without = replace(view, scores=[r for r in view.scores if r.dimension != "delivers"])
    page = json.dumps(benefits_page(without, scheme_param=None).to_plotly_json(), default=str, ensure_ascii=False)
    assert "Ingen prosjekter har gitt poeng for «leverer mål og gevinster» ennå." in page
    assert "gevinster-delivers" not in page and "gevinster-continues" in page
