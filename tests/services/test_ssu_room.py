"""The SSU matrix made for the room (decision 126), on the default data: the «last changed» stamp an open matrix
polls, the details every row carries (the decision with its case, the history of earlier decisions, when the
recommendation was set), and the builders: compact rows with the five kinds of column first, details that
repeat no project name, every score dimension of the vocabulary among the further columns."""

from __future__ import annotations

import io
import json

from docx import Document

from components.ssu import MATRIX_COLUMNS, matrix_block, matrix_dicts
from components.ssu_matrix import MAIN_KEYS, extra_columns
from domain.identity import Identity
from services import documents, ssu
from tests.conftest import READER, context


def _decide(ctx, *, project_id: int, case: str, round_name: str = "Høst 2025", decision: str = "videreføre"):
    return ssu.record_decision(
        ctx,
        round_name=round_name,
        project_id=project_id,
        case_number=case,
        meeting_date="20.11.2025",
        decision=decision,
        amount_text="1 700 000",
        conditions="Ny plan innen 1. mars",
        text="Videreføres.",
    )


def test_the_stamp_changes_with_a_recommendation_or_a_decision_and_not_otherwise(loaded_db):
    secretariat = context(loaded_db, Identity.command_line("Siri"))
    reader = context(loaded_db, READER)
    first = ssu.matrix_stamp(reader)
    assert first == ssu.matrix_stamp(reader)  # reading changes nothing
    page = ssu.ssu_page(reader, round_name=None, scheme=None)
    assert page.stamp == first
    assert ssu.set_recommendation(
        secretariat,
        round_name="Høst 2025",
        project_id=6,
        decision="videreføre",
        amount_text="1 869 150",
        justification="Avtalen er på plass",
    ).ok
    second = ssu.matrix_stamp(reader)
    assert second != first
    refused = _decide(secretariat, project_id=6, case="tolv")
    assert not refused.ok and ssu.matrix_stamp(reader) == second  # nothing written, nothing changed
    assert _decide(secretariat, project_id=6, case="41/25").ok
    assert ssu.matrix_stamp(reader) not in (first, second)


def test_rows_carry_the_decision_its_case_and_when_the_recommendation_was_set(loaded_db):
    ctx = context(loaded_db, Identity.command_line("Siri"))
    assert ssu.set_recommendation(
        ctx, round_name="Høst 2025", project_id=6, decision="justere", amount_text="1 000 000", justification="Lavt"
    ).ok
    assert _decide(ctx, project_id=6, case="41/25", decision="justere").ok
    _name, rows = ssu.matrix(ctx, round_name=None, scheme=None)
    row = next(r for r in rows if r.project_id == 6)
    assert row.decision == "justere" and row.recommendation_set_at is not None
    record = row.decision_record
    assert (record.case_number, record.year, record.amount_next_year, record.conditions) == (
        "41/25",
        2026,
        1_700_000,
        "Ny plan innen 1. mars",
    )
    assert row.history == ()  # the decision is this round's, not history
    assert json.loads(row.snapshot())["decision_record"]["case_number"] == "41/25"
    others = [r for r in rows if r.project_id != 6]
    assert all(r.decision is None and r.decision_record is None for r in others)
    # the case document names a decision already made instead of proposing one again (the issue-16 trial)
    case = documents.generate(ctx, round_name="Høst 2025", fmt="saksframlegg").value.content
    body = "\n".join(p.text for p in Document(io.BytesIO(case)).paragraphs)
    proposals = body.split("Forslag til vedtak", 1)[1].replace("\xa0", " ")
    assert (
        f"{row.project}: SSU har vedtatt: Justere (sak 41/25, 1 700 000 kr for 2026). Vilkår: Ny plan innen 1. mars"
        in (proposals)
    )  # with its conditions (trial 25c)
    assert proposals.count("SSU har vedtatt") == 1


def test_the_matrix_is_built_for_the_room(loaded_db):
    page = ssu.ssu_page(context(loaded_db, READER), round_name=None, scheme=None)
    block = json.dumps(matrix_block(page), default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    for r in page.rows:
        assert f'"href": "/prosjekter/{r.ref}"' in block  # a real link per project
        assert f'"aria-controls": "ssu-detalj-{r.ref}"' in block
    # every dimension the export has is on the page too: the five kinds first, the rest after them
    assert MAIN_KEYS[0] == "project" and MAIN_KEYS[-3:] == ("suggested", "recommendation", "decision")
    keys = {k for k, _l in MATRIX_COLUMNS}
    assert {c.key for c in extra_columns(MATRIX_COLUMNS)} == keys - set(MAIN_KEYS)
    assert set(matrix_dicts(page.rows)[0]) >= keys


def _texts(node) -> list[str]:
    """Every text in a component tree (wire-format dicts or Dash components)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for n in node for t in _texts(n)]
    if hasattr(node, "to_plotly_json"):
        node = node.to_plotly_json()
    if isinstance(node, dict):
        return _texts(node["props"].get("children"))
    return []


def test_details_repeat_no_project_name(loaded_db):
    from components.ssu_matrix import detail_row

    page = ssu.ssu_page(context(loaded_db, READER), round_name=None, scheme=None)
    labels = dict(MATRIX_COLUMNS)
    for r, values in zip(page.rows, matrix_dicts(page.rows), strict=True):
        text = " ".join(_texts(detail_row(r, values, labels, 16)))
        assert r.project not in text, r.project
        assert "Foreslått (regler)" in text and "Historikk" in text
        # the default data's scores are illustrative: the details say so where they list them (trial 23b)
        assert ("Poeng (prosjektets egen vurdering, eksempeldata)" in text) == r.illustrative


def test_a_recommendation_made_before_the_report_was_approved_again_says_so(loaded_db):
    """Trial 25b: a recommendation stood beside figures approved after it, unmarked."""
    from db import reporting
    from db.session import session_scope
    from domain.report_content import ReportContent

    ctx = context(loaded_db, Identity.command_line("Siri"))
    assert ssu.set_recommendation(
        ctx, round_name="Høst 2025", project_id=6, decision="videreføre", amount_text="1 000 000", justification="OK"
    ).ok
    _name, rows = ssu.matrix(ctx, round_name="Høst 2025", scheme=None)
    assert next(r for r in rows if r.project_id == 6).approved_after_recommendation is None
    with session_scope(loaded_db) as s:
        round_id = reporting.find_round_by_name(s, "Høst 2025").id
        reporting.set_round_open(s, round_id=round_id, open_=True, actor="Siri")
        sub = reporting.save_submission(
            s,
            project_id=6,
            round_id=round_id,
            content=ReportContent(2_900_000, 0),
            actor="Leder",
            source_kind="form",
            submit=True,
        )
        reporting.approve_submission(s, submission_id=sub.id, actor="Siri")
    _name, rows = ssu.matrix(ctx, round_name="Høst 2025", scheme=None)
    row = next(r for r in rows if r.project_id == 6)
    assert row.approved_after_recommendation is not None
    [cells] = [d for d in matrix_dicts(rows) if d["project"] == row.project]
    assert cells["recommendation"].startswith("Videreføre, 1 000 000 kr: OK (rapporten ble godkjent ")
    assert cells["recommendation"].endswith(", etter at anbefalingen ble satt)")
    block = json.dumps(
        matrix_block(ssu.ssu_page(ctx, round_name="Høst 2025", scheme=None)),
        default=lambda o: o.to_plotly_json(),
        ensure_ascii=False,
    )
    assert "satt før nye tall" in block and "Se om anbefalingen fortsatt gjelder." in block
    assert all(r.approved_after_recommendation is None for r in rows if r.project_id != 6)
