"""The SSU matrix, recommendations and decisions on the default data."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from db.models import Allocation, Project, SsuDecision, SsuRecommendation
from db.queries import portfolio
from db.session import read_session, session_scope
from db.ssu import SsuError, matrix, record_decision, set_recommendation

TODAY = date(2025, 10, 3)


def test_matrix_rows_and_suggestions(loaded_db):
    with read_session(loaded_db) as s:
        name, rows = matrix(s, round_name=None, today=TODAY)
    assert name == "Høst 2025" and len(rows) == 7
    by = {r.project: r for r in rows}
    dho = by["DHO – felles tjeneste"]
    assert dho.suggested == "justere" and "forbruk 1,5 % av innvilget" in dho.reasons
    hosp = by["Hospiteringsordning"]
    assert (hosp.remaining, hosp.remaining_printed) == (5807957, 2492957)
    assert "Totalt gjenværende midler (TGM)" in hosp.findings
    assert by["Simuleringssenter Harstad"].suggested == "videreføre"
    assert by["Eldreløftet"].criteria == (3, 2, 3, 2, 2, 2, 2, 1)
    assert all(r.change == "første runde" for r in rows)


def test_recommendation_keeps_suggestion_and_own_choice(loaded_db):
    with session_scope(loaded_db) as s:
        with pytest.raises(SsuError, match="begrunnelse"):
            set_recommendation(s, round_name="Høst 2025", project_id=6, decision="videreføre", amount_next_year=1,
                               justification="", actor="Siri", today=TODAY)
        set_recommendation(s, round_name="Høst 2025", project_id=6, decision="videreføre",
                           amount_next_year=1_869_150, justification="Avtalen med Dignio er på plass", actor="Siri",
                           today=TODAY)
    with read_session(loaded_db) as s:
        rec = s.scalars(select(SsuRecommendation)).one()
        assert (rec.suggested, rec.decision, rec.set_by) == ("justere", "videreføre", "Siri")
        assert "forbruk 1,5 % av innvilget" in json.loads(rec.suggested_reasons)
        _name, rows = matrix(s, round_name=None, today=TODAY)
        assert next(r for r in rows if r.project_id == 6).recommendation == "videreføre"


def test_decision_creates_next_years_allocation_and_freezes_the_row(loaded_db):
    with session_scope(loaded_db) as s:
        with pytest.raises(SsuError, match="12/26"):
            record_decision(s, round_name="Høst 2025", project_id=4, case_number="sak tolv", meeting_date=TODAY,
                            decision="videreføre", amount_next_year=1, conditions=None, text=None, actor="x",
                            today=TODAY)
        record_decision(s, round_name="Høst 2025", project_id=4, case_number="12/26", meeting_date=date(2025, 11, 20),
                        decision="justere", amount_next_year=2_500_000, conditions="Ny plan innen 1. mars",
                        text="Eldreløftet videreføres med justert beløp.", actor="Siri", today=TODAY)
        with pytest.raises(SsuError, match="allerede registrert"):
            record_decision(s, round_name="Høst 2025", project_id=4, case_number="12/26", meeting_date=TODAY,
                            decision="justere", amount_next_year=1, conditions=None, text=None, actor="x",
                            today=TODAY)
        record_decision(s, round_name="Høst 2025", project_id=3, case_number="13/26", meeting_date=date(2025, 11, 20),
                        decision="avslutte", amount_next_year=None, conditions=None, text=None, actor="Siri",
                        today=TODAY)
    with read_session(loaded_db) as s:
        alloc = s.scalars(select(Allocation).filter_by(project_id=4, year=2026)).one()
        assert (alloc.amount, alloc.amount_text) == (2_500_000, "SSU-vedtak sak 12/26")
        decision = s.scalars(select(SsuDecision).filter_by(case_number="12/26")).one()
        snapshot = json.loads(decision.matrix_snapshot)
        assert snapshot["project"] == "Eldreløftet" and snapshot["spent"] == 2060000
        assert s.get(Project, 3).status == "ended"
        assert s.scalars(select(Allocation).filter_by(project_id=3, year=2026)).one().amount == 0
        assert portfolio(session=s).allocations_by_year[2026] == 2_500_000
