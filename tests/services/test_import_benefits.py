"""Scores, benefits with KPIs, and applications in report workbooks."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models import Application, Benefit, Kpi, KpiTargetRevision, KpiValue, Project, Score
from db.session import read_session
from domain.vocabulary import score_dimension_list
from tests.conftest import import_file, snapshot, write_workbook

KPI_HEADER = [
    "Prosjekt",
    "Gevinst",
    "Gevinsttype",
    "Indikator",
    "Enhet",
    "Nullpunkt",
    "Nullpunkt dato",
    "Mål",
    "Måldato",
]


def test_default_data_holds_scores_kpis_and_the_application(loaded_db):
    with read_session(loaded_db) as s:
        assert s.scalar(select(func.count(Score.id))) == 7 * 11
        assert s.scalar(select(func.count(Score.id)).where(Score.is_illustrative.is_(False))) == 0
        eld = s.scalars(select(Project).filter_by(number="15266")).one()
        apps = {a.year: a.amount_applied for a in s.scalars(select(Application).filter_by(project_id=eld.id))}
        assert apps == {2024: 3_440_000, 2025: 8_650_000}
        lsu = s.scalars(select(Kpi).filter_by(name="LSU-møter per år")).one()
        assert (lsu.baseline_value, lsu.target_value, lsu.is_illustrative) == (0, 4, False)
        assert [(v.value, v.is_illustrative) for v in lsu.values] == [(3, False)]
        types = set(s.scalars(select(Benefit.benefit_type)))
        assert types == {"economic", "quality", "other_org"}
        assert s.scalar(select(func.count(KpiValue.id))) == 12


def test_each_indicator_keeps_its_own_method_and_frequency(loaded_db):
    """Trial 23b: DHO's second indicator of one benefit showed the first one's «Måles slik» and «Hyppighet»."""
    from db.page_queries import kpi_rows

    with read_session(loaded_db) as s:
        rows = {k.name: k for k in kpi_rows(session=s)}
    digital = rows["Pasienter fulgt opp digitalt fra UNN"]
    assert (digital.method, digital.frequency) == ("Uttrekk fra Dignio", "Kvartalsvis")
    assert any(k.method == "Avtaler om bruksrett" for k in rows.values() if k.project_id == digital.project_id)


def test_score_out_of_range_is_named_with_cell(tmp_path, loaded_db):
    path = write_workbook(
        tmp_path / "poeng.xlsx",
        {
            "Gevinster": [
                ["Prosjekt", "Vurdering", "Poeng", "Begrunnelse"],
                ["Eldreløftet", "Kriterium 3", 4, "for høyt"],
                ["Eldreløftet", "Fremdrift", 2.5, ""],
                ["Eldreløftet", "Videreføres", "11", ""],
                ["Eldreløftet", "Kriterium 9", 1, ""],
            ]
        },
    )
    before = snapshot(loaded_db)
    result = import_file(path, loaded_db)
    messages = [str(p) for p in result.problems]
    assert messages == [
        "Gevinster!C2: Poeng for kriterium 3 må være et heltall fra 0 til 3, fant «4».",
        "Gevinster!C3: Poeng for «fremdrift» må være et heltall fra 0 til 3, fant «2,5».",
        "Gevinster!C4: Poeng for «sannsynlig videreført eller spredt» må være et heltall fra 0 til 10, fant «11».",
        f"Gevinster!B5: Ukjent vurdering «Kriterium 9»; bruk {score_dimension_list()}.",
    ]
    assert snapshot(loaded_db) == before


def test_secretariat_scores_are_kept_beside_the_projects(tmp_path, loaded_db):
    path = write_workbook(
        tmp_path / "sekr.xlsx",
        {
            "P": [
                ["Prosjekt", "Vurdering", "Poeng", "Begrunnelse", "Vurdert av"],
                ["Eldreløftet", "Fremdrift", 1, "Milepæl M4–M6 gjenstår", "Sekretariatet"],
            ]
        },
    )
    assert import_file(path, loaded_db).ok
    with read_session(loaded_db) as s:
        rows = s.execute(
            select(Score.assessor, Score.value)
            .join(Project)
            .where(Project.number == "15266", Score.dimension == "progress")
        ).all()
        assert sorted(rows) == [("project", 2), ("secretariat", 1)]
    # and the room sees it in the row's details (trial 25b: shown on the project page only)
    from components.ssu import MATRIX_COLUMNS, matrix_dicts
    from components.ssu_matrix import detail_row
    from services import ssu
    from tests.conftest import context
    from tests.surfaces import _text

    _name, matrix = ssu.matrix(context(loaded_db), round_name=None, scheme=None)
    row = next(r for r in matrix if r.project == "Eldreløftet")
    assert row.secretariat_scores == {"progress": 1}
    assert "Sekretariatets vurdering: Fremdrift 1" in _text(
        detail_row(row, matrix_dicts([row])[0], dict(MATRIX_COLUMNS), 9)
    )


def test_changed_kpi_target_keeps_the_earlier_one(tmp_path, loaded_db):
    path = write_workbook(
        tmp_path / "mål.xlsx",
        {
            "G": [
                KPI_HEADER + ["Eksempeldata"],
                [
                    "Furumoen",
                    "Fast samarbeidsarena mellom Narvik kommune og UNN Narvik",
                    "Kvalitativ",
                    "LSU-møter per år",
                    "møter",
                    0,
                    "28.02.2025",
                    6,
                    "31.12.2026",
                    "nei",
                ],
            ]
        },
    )
    result = import_file(path, loaded_db)
    assert result.ok, result.problems
    with read_session(loaded_db) as s:
        kpi = s.scalars(select(Kpi).filter_by(name="LSU-møter per år")).one()
        assert (kpi.target_value, kpi.target_date.isoformat()) == (6, "2026-12-31")
        revision = s.scalars(select(KpiTargetRevision).filter_by(kpi_id=kpi.id)).one()
        assert (revision.previous_target_value, revision.previous_target_date.isoformat()) == (4, "2025-12-31")
        assert "mål.xlsx" in revision.reason


def test_kpi_values_need_a_known_indicator_and_numbers(tmp_path, loaded_db):
    path = write_workbook(
        tmp_path / "verdier.xlsx",
        {
            "G": [
                KPI_HEADER,
                [
                    "Eldreløftet",
                    "Færre innleggelser",
                    "Kvalitativ",
                    "Unngåtte innleggelser",
                    "antall",
                    0,
                    "01.01.2025",
                    50,
                    "31.12.2026",
                ],
            ],
            "V": [
                ["Prosjekt", "Indikator", "Dato", "Verdi"],
                ["Eldreløftet", "Unngåtte innleggelser", "30.09.2025", "mange"],
                ["Eldreløftet", "Ukjent indikator", "30.09.2025", 3],
                ["Eldreløftet", "Unngåtte innleggelser", "i fjor", 3],
            ],
        },
    )
    before = snapshot(loaded_db)
    result = import_file(path, loaded_db)
    cells = [p.where for p in result.problems]
    assert cells == ["V!D2", "V!B3", "V!C4"]
    assert snapshot(loaded_db) == before
