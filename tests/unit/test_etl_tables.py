"""The ETL's table finder and report parser on grids in memory: no file, no database."""

from __future__ import annotations

from etl.report_parse import ProjectMatcher, parse_report
from etl.report_schema import ALL_TABLES
from etl.workbook import Grid, find_tables


def grid(sheet: str, rows: list[list], merged: dict[tuple[int, int], object] | None = None) -> Grid:
    cells = {
        (r, c): value
        for r, row in enumerate(rows, start=1)
        for c, value in enumerate(row, start=1)
        if value is not None
    }
    cells.update(merged or {})
    return Grid(sheet, cells, len(rows), max((len(row) for row in rows), default=0))


TABLE3 = ["Prosjekt", "Innvilget sum årlig", "Brukte midler totalt"]


def test_a_table_is_found_by_its_headers_below_titles_and_in_any_column():
    sheet = grid(
        "Økonomi", [["Rapport høst 2025"], [], ["", *TABLE3], ["", "Eldreløftet", "2.924.000 kr", "2 060 000"]]
    )
    tables, problems = find_tables([sheet], ALL_TABLES)
    assert problems == []
    assert [(t.spec.key, t.header_row) for t in tables] == [("finances", 3)]
    assert tables[0].rows[0].values == {"project": "Eldreløftet", "granted": "2.924.000 kr", "spent": "2 060 000"}
    assert tables[0].rows[0].refs["spent"] == "Økonomi!D4"


def test_headers_ignore_case_spaces_and_hyphens():
    sheet = grid("T", [["PROSJEKT", "Innvilget sum-årlig", "brukte  midler totalt"], ["Eldreløftet", 1, 2]])
    tables, _problems = find_tables([sheet], ALL_TABLES)
    assert tables[0].spec.key == "finances"


def test_sum_rows_captions_and_two_blank_rows_end_or_skip():
    sheet = grid(
        "T",
        [
            TABLE3,
            ["Eldreløftet", 1, 1],
            ["Sum", 2, 2],
            ["Avsluttede prosjekter", None, None],
            ["CADD Solis pumpe", "25.000 kr", None],
            ["Tabell 3: Oversikt"],
            ["Etter", 1, 1],
        ],
    )
    rows = find_tables([sheet], ALL_TABLES)[0][0].rows
    assert [(r.values["project"], r.section) for r in rows] == [("Eldreløftet", None), ("CADD Solis pumpe", "ended")]
    blank_end = grid("T", [TABLE3, ["A", 1, 1], [], [], ["B", 1, 1]])
    assert [r.values["project"] for r in find_tables([blank_end], ALL_TABLES)[0][0].rows] == ["A"]


def test_a_project_name_carries_down_and_merged_cells_count_everywhere():
    header = ["Prosjektnavn", "Milepæl", "Når", "Status"]
    sheet = grid(
        "M",
        [
            header,
            ["Eldreløftet", "M1", "Vår 2025", "Ferdig"],
            [None, "M2", "Høst 2025", "Pågående"],
            [None, "M3", "2026", "Planlegging"],
        ],
        merged={(4, 1): "Furumoen"},
    )
    rows = find_tables([sheet], ALL_TABLES)[0][0].rows
    assert [(r.values["project"], r.values["code"]) for r in rows] == [
        ("Eldreløftet", "M1"),
        ("Eldreløftet", "M2"),
        ("Furumoen", "M3"),
    ]


def test_a_header_that_almost_matches_is_named():
    sheet = grid("T", [["Prosjekt", "Innvilget sum årlig", "Merknad"], ["Eldreløftet", 1, ""]])
    tables, problems = find_tables([sheet], ALL_TABLES)
    assert tables == []
    assert [str(p) for p in problems] == [
        "T!A1: Rad 1 ser ut som overskriften til tabell 3 (fordelte og brukte midler), men mangler kolonnen "
        "«Brukte midler totalt»."
    ]


def test_shortened_names_match_one_project_or_none():
    matcher = ProjectMatcher(["Hospiteringsordning for helsepersonell", "Samhandling palliasjon", "Samhandling rus"])
    assert matcher.match("Hospiteringsordning") == ("Hospiteringsordning for helsepersonell", [])
    assert matcher.match("Samhandling")[0] is None and len(matcher.match("Samhandling")[1]) == 2
    assert matcher.match("Hosp") == (None, [])  # too short to be a prefix


def test_parse_keeps_printed_text_and_its_note_and_checks_every_row():
    sheets = [
        grid("T1", [["Prosjektnavn", "Prosjektnummer", "Prosjekteier"], ["Eldreløftet", "15266", "UNN"]]),
        grid("T3", [TABLE3, ["Eldreløftet", "2.924.000 kr", "2.060.000 kr"], ["Ukjent", "1 kr", "-5 kr"]]),
        grid(
            "T4",
            [
                ["Prosjekt", "TGM", "Fremtidig bruk av TGM", "Videreførte midler", "Sum 2026"],
                ["Eldreløftet", "3.788.000 kr", "125.000 kr + (lønn)", "Uvisst", "5.687.000 kr"],
            ],
        ),
    ]
    tables, problems = find_tables(sheets, ALL_TABLES)
    report, problems = parse_report(tables, {}, {})
    assert [str(p) for p in problems] == [
        "T3!A3: Fant ikke prosjektet «Ukjent» i tabell 3 blant prosjektene i tabell 1 eller i databasen."
    ]
    finances = report.finances[0]
    assert (finances.granted.value, finances.granted.text, finances.spent.value) == (2924000, "2.924.000 kr", 2060000)
    figures = report.remaining[0].figures
    assert (figures["future_use"].value, figures["future_use"].note) == (125000, "+ (lønn)")
    assert (figures["carry_over"].value, figures["carry_over"].note) == (None, "Uvisst")


def test_parse_refuses_bad_values_with_their_cells():
    sheets = [
        grid(
            "P",
            [["Prosjekt", "Vurdering", "Poeng"], ["Eldreløftet", "Fremdrift", 4], ["Eldreløftet", "Kriterium 2", "to"]],
        ),
        grid("M", [["Prosjektnavn", "Milepæl", "Når", "Status"], ["Eldreløftet", "X1", "snart", "Ferdig"]]),
    ]
    tables, _ = find_tables(sheets, ALL_TABLES)
    _report, problems = parse_report(tables, {"Eldreløftet": "15266"}, {})
    assert [p.where for p in problems] == ["M!B2", "P!C2", "P!C3"]  # a period that cannot be placed is kept
    assert "«M7»" in problems[0].message and "fra 0 til 3" in problems[1].message
