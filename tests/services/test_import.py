"""The report ETL: the default workbook, another layout, idempotence, and bad files."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from db.models import Allocation, FinanceReport, ImportRecord, Milestone, Narrative, Project, RoundText
from db.queries import portfolio
from db.session import read_session
from tests.cli import run_cli
from tests.conftest import DEFAULT_WORKBOOK, import_file, snapshot, write_workbook

EXPECTED = {  # number: (granted per year, spent total, milestones, milestones done)
    "12910": (2295000, 900000, 4, 2),
    "221240": (3315000, 822043, 12, 9),
    "12369": (456068, 300000, 3, 2),
    "15266": (2924000, 2060000, 6, 3),
    "39011": (4913000, 546205, 14, 6),
    "49674": (1869150, 55814, 20, 5),
    "38007": (1700000, 958000, 17, 6),
}
EXPECTED_FINDINGS = [
    ("Hospiteringsordning", "remaining", 2492957, 5807957),
    ("Eldreløftet", "carry_over", 2763000, 3663000),
]


def summary(url: str) -> dict:
    result = run_cli("summary", "--db", url, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_report_figures(data: dict) -> None:
    assert data["allocated_per_year_total"] == 18_000_000
    by_number = {p["number"]: p for p in data["projects"] if p["number"]}
    for number, (granted, spent, total, done) in EXPECTED.items():
        p = by_number[number]
        assert (p["granted_per_year"], p["spent_total"], p["milestones"], p["milestones_done"]) == (
            granted,
            spent,
            total,
            done,
        ), number
        assert p["active"] is True
    ended = {p["name"]: p for p in data["projects"] if not p["active"]}
    assert {n: (p["granted_per_year"], p["spent_total"], p["number"]) for n, p in ended.items()} == {
        "Forprosjekt: Det trygge boalternativet": (502782, None, None),
        "Anskaffelse av CADD Solis pumpe": (25000, None, None),
    }
    assert [(f["project"], f["rule"], f["reported"], f["computed"]) for f in data["findings"]] == EXPECTED_FINDINGS


def test_default_workbook_loads_the_report(loaded_db):
    assert_report_figures(summary(loaded_db))
    with read_session(loaded_db) as s:
        assert s.scalar(select(func.count(Project.id))) == 9
        assert s.scalar(select(func.count(Allocation.id))) == 7 * 2 + 2
        assert s.scalar(select(func.sum(Allocation.amount)).where(Allocation.year == 2024)) == 18_000_000
        hosp = s.scalars(select(Project).filter_by(number="221240")).one()
        assert hosp.short_name == "Hospiteringsordning"
        rep = s.scalars(select(FinanceReport).filter_by(project_id=hosp.id)).one()
        assert (rep.remaining, rep.future_use, rep.future_use_text, rep.future_use_note) == (
            2492957,
            1248055,
            "1.248.055 kr + (hospitant fra UNN og fastleger)",
            "+ (hospitant fra UNN og fastleger)",
        )
        furumoen = s.scalars(select(Project).filter_by(number="39011")).one()
        assert furumoen.planned_end.isoformat() == "2028-06-30"
        rep = s.scalars(select(FinanceReport).filter_by(project_id=furumoen.id)).one()
        assert rep.next_year_total is None and rep.next_year_total_text.startswith("Uvisst")
        assert rep.next_year_total_note == rep.next_year_total_text
        m14 = s.scalars(select(Milestone).filter_by(project_id=furumoen.id, code="M14")).one()
        assert (m14.status, m14.period_text, m14.period_end.isoformat()) == ("pagaende", "Okt 2025", "2025-10-31")
        dho = s.scalars(select(Project).filter_by(number="49674")).one()
        unplaced = s.scalars(select(Milestone).filter_by(project_id=dho.id, period_end=None)).all()
        assert sorted(m.code for m in unplaced) == ["M13", "M14", "M15", "M16"]
        m10 = s.scalars(select(Milestone).filter_by(project_id=dho.id, code="M10")).one()
        assert (m10.status_text, m10.status) == ("Oppstart/pågående", "pagaende")
        assert s.scalar(select(func.count(Narrative.id))) == 28
        assert s.scalar(select(func.count(RoundText.id))) == 6
        record = s.scalars(select(ImportRecord)).one()
        assert record.file_name == "rapport_host_2025.xlsx" and len(record.sha256) == 64


def test_reimport_changes_nothing(loaded_db):
    before = snapshot(loaded_db)
    result = run_cli("import", str(DEFAULT_WORKBOOK), "--db", loaded_db)
    assert result.returncode == 0, result.stderr
    assert "ingen endringer" in result.stdout
    assert snapshot(loaded_db) == before


def test_dry_run_writes_nothing(db_url):
    result = run_cli("import", str(DEFAULT_WORKBOOK), "--db", db_url, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "prøvekjøring" in result.stdout
    with read_session(db_url) as s:
        assert s.scalar(select(func.count(Project.id))) == 0


def other_layout(path):
    """The same tables as the default workbook, laid out differently (as a secretariat might)."""
    nbsp = "\u00a0"
    projects = [
        ["Rapport høst 2025 – kopiert fra Word"],
        [],
        ["PROSJEKT NAVN", "Prosjektnr", "Prosjekteiere", "Prosjektleder", "Samarbeidspartnere"],
        ["Samhandling palliasjon", 12910, "UNN Tromsø & Tromsø kommune", "Bente Ervik", "UNN"],
        [
            "Hospiteringsordning for helsepersonell og fastleger i UNN og kommuner i Troms og Ofoten",
            221240,
            "UNN og Tromsø kommune",
            "Ida Marie Refsahl Haug",
            "24 kommuner",
        ],
        ["Bedre ernæringsoppfølging for skrøpelige eldre", "12369", "UNN og Tromsø kommune", "Ingvild", ""],
        ["Eldreløftet", 15266, "Tromsø kommune & UNN", "Gunnhild Ag", ""],
        ["Furumoen som utstillingsvindu for fremtidens helsetjenester", 39011, "UNN Narvik", "Linda", ""],
        ["Etablere felles tjeneste DHO mellom UNN og kommunene", 49674, "UNN", "Ingjerd", ""],
        ["Oppfølgings- og simuleringssenter Harstad", 38007, "Harstad Kommune og UNN", "Sandra", ""],
    ]
    money_rows = [
        ["Økonomi i prosjektene"],
        ["Tabell 3"],
        [],
        ["", "Prosjekt", "Innvilget sum årlig", "Brukte midler totalt"],
        ["", "Samhandling palliasjon", 2295000, f"900{nbsp}000 kr"],
        ["", "Hospiteringsordning", "3 315 000 kr", "822.043 kr"],
        ["", "Bedre ernærings-oppfølging", "456.068 kr", 300000],
        ["", "Eldreløftet", "2.924.000 kr", "2 060 000 kr"],
        ["", "Furumoen som utstillingsvindu", 4913000, "546.205 kr"],
        ["", "Etablere felles tjeneste DHO", "1.869.150 kr", "55.814 kr"],
        ["", "Oppfølgings- og simuleringssenter Harstad", "1.700.000 kr", "958.000 kr"],
        ["", "Sum", "17.472.218 kr", ""],
        ["", "Avsluttede prosjekter", None, None],
        ["", "Forprosjekt: Det trygge boalternativet", "502.782 kr", None],
        ["", "Anskaffelse av CADD Solis pumpe", "25.000 kr", None],
        ["", "Tabell 3: Oversikt over fordelte og brukte midler"],
        [],
        [],
        ["", "Prosjekt", "TGM", "Fremtidig bruk av TGM", "Videreførte midler til 2026", "Sum 2026 - hvis videreført"],
        ["", "Samhandling palliasjon", "3.690.000 kr", "1.620.000 kr", "2.070.000 kr", "4.365.000 kr"],
        ["", "Hospiteringsordning", "2.492.957 kr", "1.248.055 kr + (hospitant)", "1.244.902 kr", "4.559.902 kr"],
        ["", "Bedre ernæringsoppfølging", 612136, 156068, 456068, 912136],
        ["", "Eldreløftet", "3.788.000 kr", "125.000 kr + (lønn)", "2.763.000 kr – lønn", "5.687.000 kr"],
        ["", "Furumoen", "9.279.795 kr", "Farmasøyt og fagdager", "9.279.795 kr – fremtidig bruk", "Uvisst"],
        ["", "Etablere felles tjeneste DHO", "3.682.486 kr", "2.436.318 kr", "1.246.168 kr", "3.115.318 kr"],
        ["", "Oppfølgings- og simuleringssenter Harstad", "2.442.000 kr", "1.808.000 kr", "634.000 kr", "2.334.000 kr"],
    ]
    milestones = [["Oppnådde milepæler"], ["Prosjektnavn", "Milepæl", "Når", "Status", "Beskrivelse/hva"]]
    counts = {
        "Samhandling palliasjon": (4, 2),
        "Hospiteringsordning": (9, 9),
        "Bedre ernæringsoppfølging": (3, 2),
        "Eldreløftet": (6, 3),
        "Furumoen som utstillingsvindu": (14, 6),
        "Etablere felles tjeneste DHO": (10, 5),
        "Oppfølgings- og simuleringssenter Harstad": (10, 6),
    }
    merges = []
    for name, (total, done) in counts.items():
        first = len(milestones) + 1
        for n in range(1, total + 1):
            status = " Ferdig " if n <= done else ("Oppstart/pågående" if n == total else "Pågående")
            milestones.append([name if n == 1 else None, f"M{n}", "Høst 2025", status, f"Milepæl {n}"])
        if name == "Eldreløftet":
            merges.append(f"A{first}:A{first + total - 1}")
    planned = [["Prosjekt", "Planlagt milepæl", "Når", "Beskrivelse"]]
    for n in range(10, 13):
        planned.append(["Hospiteringsordning", f"M{n}", "Jan 2026", "Planlagt"])
    for n in range(11, 21):
        planned.append(["Etablere felles tjeneste DHO", f"M{n}", None, "Planlagt"])
    for n in range(11, 18):
        planned.append(["Oppfølgings- og simuleringssenter Harstad", f"M{n}", "2026", "Planlagt"])
    return write_workbook(
        path,
        {"Ark1": projects, "Økonomi": money_rows, "Milepæler og plan": milestones + [[], []] + planned},
        merges={"Milepæler og plan": merges},
    )


def test_another_layout_imports_with_the_same_figures(tmp_path, db_url):
    path = other_layout(tmp_path / "annen.xlsx")
    result = run_cli("import", str(path), "--db", db_url)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Høst 2025" in result.stdout
    assert_report_figures(summary(db_url))


def test_same_content_in_another_layout_changes_nothing(tmp_path, db_url):
    path = other_layout(tmp_path / "annen.xlsx")
    assert import_file(path, db_url).ok
    before = snapshot(db_url)
    copy = other_layout(tmp_path / "annen2.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(copy)
    book["Ark1"].title = "Prosjektene"
    book.save(copy)
    result = import_file(copy, db_url)
    assert result.ok and result.changed == 0
    after = snapshot(db_url)
    after.pop("import_record"), before.pop("import_record")
    assert after == before


def table3(rows):
    return [["Prosjekt", "Innvilget sum årlig", "Brukte midler totalt"], *rows]


BAD_FILES = {
    "not_xlsx": (b"Prosjekt;Innvilget\nEldreloftet;2924000\n", ["ikke en Excel-arbeidsbok"]),
    "empty": (b"", ["Filen er tom"]),
    "missing_header": (
        {"Tabell 3": [["Prosjekt", "Innvilget sum årlig", "Merknad"], ["Eldreløftet", "2.924.000 kr", ""]]},
        ["Tabell 3!A1", "mangler kolonnen «Brukte midler totalt»"],
    ),
    "negative_amount": (
        {"Tabell 3": table3([["Eldreløftet", "-2.924.000 kr", "2.060.000 kr"]])},
        ["Tabell 3!B2", "negativt"],
    ),
    "text_amount": (
        {"Tabell 3": table3([["Eldreløftet", "2.924.000 kr", "mye"]])},
        ["Tabell 3!C2", "fant ikke et beløp i «mye»"],
    ),
    "unknown_short_name": (
        {"Tabell 3": table3([["Eldrebølget", "2.924.000 kr", "2.060.000 kr"]])},
        ["Tabell 3!A2", "Fant ikke prosjektet «Eldrebølget»"],
    ),
    "ambiguous_short_name": (
        {
            "Tabell 1": [["Prosjektnavn", "Prosjektnummer", "Prosjekteier"], ["Samhandling rus", "777", "UNN"]],
            "Tabell 3": table3([["Samhandling", "2.924.000 kr", "2.060.000 kr"]]),
        },
        ["Tabell 3!A2", "passer med flere prosjekter: «Samhandling palliasjon», «Samhandling rus»"],
    ),
    "unknown_status": (
        {
            "M": [
                ["Prosjektnavn", "Milepæl", "Når", "Status", "Beskrivelse/hva"],
                ["Eldreløftet", "M1", "Høst 2025", "Nesten", "x"],
            ]
        },
        ["M!D2", "Ukjent status «Nesten»"],
    ),
    "no_tables": ({"Ark": [["Hei"], ["på deg"]]}, ["Fant ingen kjente tabeller"]),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_and_change_nothing(case, tmp_path, loaded_db):
    content, expected = BAD_FILES[case]
    path = tmp_path / f"{case}.xlsx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        write_workbook(path, content)
    before = snapshot(loaded_db)
    result = run_cli("import", str(path), "--db", loaded_db)
    assert result.returncode != 0
    assert "ingenting er lagret" in result.stderr
    for text in expected:
        assert text in result.stderr
    assert snapshot(loaded_db) == before


def test_every_problem_is_reported_at_once(tmp_path, loaded_db):
    path = write_workbook(
        tmp_path / "mange.xlsx",
        {
            "Tabell 3": table3(
                [
                    ["Eldreløftet", "-1 kr", "ukjent"],
                    ["Eldrebølget", "2.924.000 kr", "2.060.000 kr"],
                    ["Furumoen", "12,5", "1 kr"],
                ]
            )
        },
    )
    before = snapshot(loaded_db)
    result = run_cli("import", str(path), "--db", loaded_db)
    assert result.returncode == 1
    for cell in ("Tabell 3!B2", "Tabell 3!C2", "Tabell 3!A3", "Tabell 3!B4"):
        assert cell in result.stderr
    assert "4 feil" in result.stderr
    assert snapshot(loaded_db) == before


def test_a_folder_of_files_gives_a_result_per_file(tmp_path, db_url):
    folder = tmp_path / "innkomne"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes(DEFAULT_WORKBOOK.read_bytes())
    (folder / "b.xlsx").write_bytes(b"tull")
    result = run_cli("import", str(folder), "--db", db_url)
    assert result.returncode == 1
    assert "[1/2] a.xlsx: importert" in result.stdout
    assert "[2/2] b.xlsx: AVVIST" in result.stderr
    assert "1 av 2 filer uten feil" in result.stdout


def test_round_from_option_and_invalid_round(tmp_path, db_url):
    bad = run_cli("import", str(DEFAULT_WORKBOOK), "--db", db_url, "--round", "Sommer 2025")
    assert bad.returncode == 1 and "Rapporteringsrunden «Sommer 2025» er ikke gyldig" in bad.stderr
    ok = run_cli("import", str(DEFAULT_WORKBOOK), "--db", db_url, "--round", "vår 2026")
    assert ok.returncode == 0, ok.stderr
    with read_session(db_url) as s:
        data = portfolio(session=s)
        assert data.round_name == "Vår 2026" and data.round_year == 2026
        assert next(p for p in data.projects if p.number == "15266").years == 3


def test_database_constraints_hold_without_python_checks(loaded_db):
    from sqlalchemy.exc import IntegrityError

    from db.models import Score
    from db.session import session_scope

    with pytest.raises(IntegrityError), session_scope(loaded_db) as s:
        s.add(Score(project_id=1, round_id=1, assessor="project", dimension="criterion_3", value=4))
    with pytest.raises(IntegrityError), session_scope(loaded_db) as s:
        s.add(Score(project_id=1, round_id=1, assessor="project", dimension="ukjent", value=1, maximum=3))
    with pytest.raises(IntegrityError), session_scope(loaded_db) as s:
        s.add(Score(project_id=1, round_id=1, assessor="project", dimension="progress", value=5, maximum=10))
    with pytest.raises(IntegrityError), session_scope(loaded_db) as s:
        s.add(Allocation(project_id=1, year=2030, amount=-1))
    with pytest.raises(IntegrityError), session_scope(loaded_db) as s:
        s.add(Project(scheme_id=1, name="Ny", number="15266"))
    with pytest.raises(IntegrityError), session_scope(loaded_db) as s:
        s.add(Milestone(project_id=1, round_id=1, code="M1", kind="achieved"))
