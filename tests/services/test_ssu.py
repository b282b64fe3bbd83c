"""The SSU matrix, recommendations and decisions on the default data (services on a temp database)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from db.models import Allocation, Project, SsuDecision, SsuRecommendation
from db.queries import portfolio
from db.session import read_session
from domain.identity import Identity
from services import ssu
from tests.conftest import READER, context

TODAY = date(2025, 10, 3)


def test_matrix_rows_and_suggestions(loaded_db):
    name, rows = ssu.matrix(context(loaded_db), round_name=None, scheme=None)
    assert name == "Høst 2025" and len(rows) == 7
    by = {r.project: r for r in rows}
    dho = by["DHO – felles tjeneste"]
    assert dho.suggested == "justere" and "forbruk 1,5 % av innvilget" in dho.reasons
    hosp = by["Hospiteringsordning"]
    assert (hosp.money.remaining.computed, hosp.money.remaining.printed) == (5807957, 2492957)
    assert "Totalt gjenværende midler (TGM)" in hosp.findings
    assert by["Simuleringssenter Harstad"].suggested == "videreføre"
    assert tuple(by["Eldreløftet"].scores[f"criterion_{n}"] for n in range(1, 9)) == (3, 2, 3, 2, 2, 2, 2, 1)
    assert all(r.change == "første runde" for r in rows)


def test_recommendation_keeps_suggestion_and_own_choice(loaded_db):
    ctx = context(loaded_db, Identity.command_line("Siri"))
    refused = ssu.set_recommendation(
        ctx, round_name="Høst 2025", project_id=6, decision="videreføre", amount_text="1", justification=""
    )
    assert not refused.ok and "begrunnelse" in refused.problems[0].message
    sloppy = ssu.set_recommendation(
        ctx, round_name="Høst 2025", project_id=6, decision="videreføre", amount_text="ca. 300 000", justification="x"
    )  # the field's label once (trial 25b: «Beløp neste år: Beløp: skriv …»)
    assert [str(p) for p in sloppy.problems] == [
        "Beløp neste år: Skriv beløpet uten «ca.» («ca. 300 000»). Et anslag er greit: skriv for eksempel 300 000, "
        "og si i tekstene at det er et anslag."
    ]
    done = ssu.set_recommendation(
        ctx,
        round_name="Høst 2025",
        project_id=6,
        decision="videreføre",
        amount_text="1 869 150",
        justification="Avtalen med Dignio er på plass",
    )
    assert done.ok, done.problems
    with read_session(loaded_db) as s:
        rec = s.scalars(select(SsuRecommendation)).one()
        assert (rec.suggested, rec.decision, rec.set_by, rec.amount_next_year) == (
            "justere",
            "videreføre",
            "Siri",
            1_869_150,
        )
        assert "forbruk 1,5 % av innvilget" in json.loads(rec.suggested_reasons)
    _name, rows = ssu.matrix(ctx, round_name=None, scheme=None)
    assert next(r for r in rows if r.project_id == 6).recommendation == "videreføre"


def _decide(ctx, **given):
    """SSU's decision through the service, with the usual round, project, date and decision unless given."""
    defaults = dict(round_name="Høst 2025", project_id=4, meeting_date="20.11.2025", decision="videreføre")
    return ssu.record_decision(ctx, **{**defaults, "conditions": None, "text": None, **given})


def test_decision_creates_next_years_allocation_and_freezes_the_row(loaded_db):
    ctx = context(loaded_db, Identity.command_line("Siri"))
    wrong = _decide(ctx, case_number="sak tolv", amount_text="1")
    assert not wrong.ok and "12/26" in wrong.problems[0].message
    done = _decide(
        ctx,
        case_number="12/26",
        decision="justere",
        amount_text="2 500 000",
        conditions="Ny plan innen 1. mars",
        text="Eldreløftet videreføres med justert beløp.",
    )
    assert done.ok and done.value == (2026, 2_500_000)
    again = _decide(ctx, case_number="12/26", decision="justere", amount_text="1")
    assert not again.ok and "allerede registrert" in again.problems[0].message
    assert _decide(ctx, project_id=3, case_number="13/26", decision="avslutte", amount_text=None).ok
    with read_session(loaded_db) as s:
        alloc = s.scalars(select(Allocation).filter_by(project_id=4, year=2026)).one()
        assert (alloc.amount, alloc.amount_text) == (2_500_000, "SSU-vedtak sak 12/26")
        decision = s.scalars(select(SsuDecision).filter_by(case_number="12/26")).one()
        snapshot = json.loads(decision.matrix_snapshot)
        assert snapshot["project"] == "Eldreløftet" and snapshot["money"]["spent"]["printed"] == 2060000
        assert s.get(Project, 3).status == "ended"
        assert s.scalars(select(Allocation).filter_by(project_id=3, year=2026)).one().amount == 0
        assert portfolio(session=s).allocations_by_year[2026] == 2_500_000


def test_a_decision_needs_every_field_and_the_secretariat(loaded_db):
    ctx = context(loaded_db, Identity.command_line("Siri"))
    outcome = _decide(ctx, project_id=None, case_number="", meeting_date="31.02.2025", amount_text="mye")
    assert {p.field for p in outcome.problems} == {"amount", "meeting_date", "project", "case"}
    reader = _decide(context(loaded_db, READER), case_number="14/26", amount_text="1")
    assert not reader.ok and "Bare sekretariatet" in reader.problems[0].message


def test_ssu_texts_are_bounded_and_plain(loaded_db):
    """The issue-16 trial: a hand-made request stored a 200 000-character decision text."""
    ctx = context(loaded_db, Identity.command_line("Siri"))
    decision = _decide(ctx, case_number="14/26", amount_text="1 000", conditions={"ikke": "tekst"}, text="x" * 200_000)
    assert {p.field for p in decision.problems} == {"conditions", "text"}
    assert "Vedtakstekst er for lang: 200 000 tegn" in " ".join(p.message for p in decision.problems)
    recommendation = ssu.set_recommendation(
        ctx, round_name="Høst 2025", project_id=4, decision="justere", amount_text="1", justification="y" * 5_001
    )
    assert [p.field for p in recommendation.problems] == ["justification"]
    with read_session(loaded_db) as s:
        assert s.scalars(select(SsuDecision)).first() is None
        assert s.scalars(select(SsuRecommendation)).first() is None


def test_a_past_rounds_project_page_shows_no_later_decision(loaded_db):
    """Trial 25b: the Høst 2025 project page showed the decision made in Vår 2026."""
    from db import reporting
    from db.session import session_scope
    from services import projects

    with session_scope(loaded_db) as s:
        reporting.create_round(s, name="Vår 2026", deadline=None, actor="test")
    ctx = context(loaded_db, Identity.command_line("Siri"))
    decided = _decide(ctx, round_name="Vår 2026", case_number="12/26", meeting_date="01.06.2026", amount_text="1")
    assert decided.ok, decided.problems

    def cases(round_name):
        detail = projects.project_page(ctx, ref="15266", round_name=round_name).detail
        return [d.case_number for d in detail.decisions]

    assert cases("Vår 2026") == ["12/26"]
    assert cases("Høst 2025") == []
