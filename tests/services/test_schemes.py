"""Several grant schemes and partnerships in one database: CLI, import, queries, pages and exports."""

from __future__ import annotations

import shutil

import pytest

from app import create_app
from db.page_queries import kpi_rows, project_list, round_names
from db.queries import portfolio, scheme_by_id, scheme_choices
from db.session import read_session, session_scope
from db.writes import SchemeError, create_scheme
from settings import load_config
from tests.cli import run_cli
from tests.conftest import _create_database, context, render_layout, snapshot, sqlite_url, write_workbook
from tests.services.test_import import table3
from web.exports import export_table

BODO = "Digital hjemmeoppfølging Salten"


def second_scheme_workbook(path):
    return write_workbook(
        path,
        {
            "Tabell 1": [
                ["Prosjektnavn", "Prosjektnummer", "Prosjekteier"],
                [BODO, "HSN-2025-01", "Bodø kommune og Nordlandssykehuset"],
            ],
            "Tabell 3": table3([[BODO, "1.250.000 kr", "400.000 kr"]]),
        },
    )


@pytest.fixture(scope="module")
def two_schemes(_loaded_template, postgres, tmp_path_factory):
    """The default data plus a second partnership's scheme with one project in «Vår 2026» (built once; the
    tests only read it)."""
    tmp_path = tmp_path_factory.mktemp("schemes")
    if postgres is not None:
        loaded_db = _create_database(postgres, template=_loaded_template)
    else:
        shutil.copy(_loaded_template, tmp_path / "two.sqlite")
        loaded_db = sqlite_url(tmp_path / "two.sqlite")
    result = run_cli(
        "schemes",
        "add",
        "--partnership",
        "Helsefellesskapet Salten",
        "--name",
        "Samhandlingsmidler",
        "--envelope",
        "5000000",
        "--first-year",
        "2025",
        "--db",
        loaded_db,
    )
    assert result.returncode == 0, result.stderr
    assert "er opprettet med id" in result.stdout
    scheme_id = int(result.stdout.strip().rsplit(" ", 1)[-1].rstrip("."))
    path = second_scheme_workbook(tmp_path / "salten.xlsx")
    result = run_cli("import", str(path), "--db", loaded_db, "--scheme", str(scheme_id), "--round", "Vår 2026")
    assert result.returncode == 0, result.stderr + result.stdout
    return loaded_db, scheme_id


def test_schemes_are_listed_with_their_partnership(two_schemes):
    url, scheme_id = two_schemes
    listing = run_cli("schemes", "list", "--db", url).stdout
    assert f"{scheme_id:>4}  Helsefellesskapet Salten – Samhandlingsmidler" in listing
    assert "Helsefellesskapet Troms og Ofoten – Rekrutterings- og samhandlingstilskudd" in listing


def test_each_scheme_sees_only_its_own_projects_rounds_and_money(two_schemes):
    url, scheme_id = two_schemes
    with read_session(url) as session:
        default = portfolio(session=session)
        other = portfolio(session=session, scheme_id=scheme_id)
        assert BODO not in {p.name for p in default.projects}
        assert [p.name for p in other.projects] == [BODO]
        assert other.envelope == 5_000_000 and other.partnership == "Helsefellesskapet Salten"
        assert other.spent_total == 400_000
        assert round_names(session=session, scheme_id=scheme_id) == ["Vår 2026"]
        assert "Vår 2026" not in round_names(session=session)
        _data, rows = project_list(session=session, round_name=None, today=default.report_date, scheme_id=scheme_id)
        assert [r.overview.name for r in rows] == [BODO]
        assert kpi_rows(session=session, scheme_id=scheme_id) == []
        assert [c.label for c in scheme_choices(session=session)][0].startswith("Helsefellesskapet Salten")


def test_unknown_scheme_falls_back_to_the_default(two_schemes):
    url, _scheme_id = two_schemes
    with read_session(url) as session:
        assert scheme_by_id(session=session, scheme_id=9999).partnership == "Helsefellesskapet Troms og Ofoten"


def test_a_new_scheme_is_checked_and_starts_with_eight_criteria(loaded_db):
    with session_scope(loaded_db) as session:
        with pytest.raises(SchemeError) as error:
            create_scheme(
                session,
                partnership=" ",
                name="Rekrutterings- og samhandlingstilskudd",
                yearly_envelope=-1,
                first_year=26,
            )
        assert "Partnerskap mangler" in str(error.value) and "negativ" in str(error.value)
        assert "årstall" in str(error.value)
        with pytest.raises(SchemeError, match="har allerede en ordning"):
            create_scheme(
                session,
                partnership="Helsefellesskapet Troms og Ofoten",
                name="Rekrutterings- og samhandlingstilskudd",
                yearly_envelope=1,
                first_year=2026,
            )
        scheme = create_scheme(
            session,
            partnership="Helsefellesskapet Finnmark",
            name="Samhandling",
            yearly_envelope=3_000_000,
            first_year=2026,
        )
        assert [c.number for c in scheme.criteria] == list(range(1, 9))


def test_import_into_a_missing_scheme_writes_nothing(loaded_db, tmp_path):
    before = snapshot(loaded_db)
    result = run_cli("import", str(second_scheme_workbook(tmp_path / "x.xlsx")), "--db", loaded_db, "--scheme", "77")
    assert result.returncode != 0
    assert "Tilskuddsordning 77 finnes ikke" in result.stderr + result.stdout
    assert snapshot(loaded_db) == before


PAGES = ["/", "/prosjekter", "/milepaeler", "/okonomi", "/gevinster", "/indikatorer", "/innrapportering", "/ssu"]


@pytest.fixture(scope="module")
def schemes_app(two_schemes):
    return create_app(load_config({"DATABASE_URL": two_schemes[0], "GEVINST_TODAY": "2026-03-01"}))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_filters_by_scheme(two_schemes, schemes_app, path):
    _url, scheme_id = two_schemes
    default, other = render_layout(schemes_app, path), render_layout(schemes_app, path, ordning=str(scheme_id))
    assert "Tilskuddsordning" in default and "Tilskuddsordning" in other
    assert f'"value": "{scheme_id}"' in other
    if path != "/indikatorer":
        assert "Høst 2025" in default and "Høst 2025" not in other
    assert "Hospiteringsordning" not in other
    if path in ("/", "/prosjekter", "/okonomi", "/ssu"):
        assert BODO in other and BODO not in default


def test_exports_follow_the_chosen_scheme(two_schemes):
    url, scheme_id = two_schemes
    other = export_table(context(url), "prosjekter", f"ordning={scheme_id}")
    default = export_table(context(url), "prosjekter", "")
    assert [row[1] for row in other.rows] == [BODO]
    assert BODO not in [row[1] for row in default.rows]
