"""The web form applies exactly the template's rules, naming field and row (no database)."""

from services.reporting import ReportForm, read_form


def test_form_errors_name_field_and_row():
    content, problems = read_form(
        ReportForm(
            spent="-1",
            future_use="",
            milestones=[
                {"code": "M1", "description": "A", "period": "Vår 2026", "status": "Ferdig", "kind": "Oppnådd"},
                {"code": "M1", "description": "B", "period": "snart", "status": "Nesten", "kind": "Oppnådd"},
            ],
            scores=[{"dimension": "criterion_3", "label": "Kriterium 3 (0–3)", "value": "4", "justification": ""}],
            kpis=[
                {
                    "kpi_id": 1,
                    "name": "LSU-møter",
                    "date": "31.02.2026",
                    "value": "x",
                    "new_target": "5",
                    "new_target_date": "",
                    "reason": "",
                }
            ],
            texts={"experiences": "Bra"},
        )
    )
    described = [(p.field, p.label, p.message) for p in problems]
    assert (
        "spent",
        "Brukte midler totalt",
        "Brukte midler totalt: beløpet kan ikke være negativt, fant «-1».",
    ) in described
    assert ("milestones", "Milepæler, rad 2", "Milepælkoden M1 står to ganger (også i rad 1).") in described
    assert any(p[1] == "Milepæler, rad 2" and "Ukjent status «Nesten»" in p[2] for p in described)
    assert any(p[1] == "Milepæler, rad 2" and "Når «snart»" in p[2] for p in described)
    assert (
        "scores",
        "Poeng, Kriterium 3 (0–3)",
        "Poeng for kriterium 3 må være et heltall fra 0 til 3, fant «4».",
    ) in described
    assert ("scores", "Poeng, Kriterium 3 (0–3)", "Begrunnelse mangler for kriterium 3.") in described
    assert any(p[0] == "kpis" and "finnes ikke" in p[2] for p in described)
    assert any(p[0] == "kpis" and "begrunnelse for det nye målet" in p[2] for p in described)
    assert content.narratives == {"experiences": "Bra"}
    # a grid's problem names its cell (the row among those sent, the column), so the page can mark the cell
    cells = {(p.field, p.row, p.column) for p in problems}
    assert {("milestones", 1, "code"), ("milestones", 1, "status"), ("milestones", 1, "period")} <= cells
    assert {("scores", 0, "value"), ("scores", 0, "justification")} <= cells
    assert {("kpis", 0, "date"), ("kpis", 0, "value"), ("kpis", 0, "reason")} <= cells
    assert ("spent", None, None) in cells  # a field, not a cell


def test_valid_form_gives_content():
    content, problems = read_form(
        ReportForm(
            spent="2 500 000",
            future_use=None,
            milestones=[{"code": "m7", "description": "Ny", "period": "Mai 2026", "status": "", "kind": "Planlagt"}],
            scores=[{"dimension": "delivers", "label": "Leverer", "value": 7, "justification": "I rute"}],
            kpis=[
                {
                    "kpi_id": 3,
                    "name": "LSU-møter",
                    "date": "30.06.2026",
                    "value": "2",
                    "new_target": "",
                    "new_target_date": "",
                    "reason": "",
                }
            ],
            texts={},
        )
    )
    assert problems == []
    assert content.spent_total == 2_500_000
    assert [(m.code, m.status_text, m.kind) for m in content.milestones] == [("M7", None, "planned")]
    assert [(s.dimension, s.value) for s in content.scores] == [("delivers", 7)]
    assert [(k.kpi_id, k.when, k.value) for k in content.kpi_values] == [(3, "2026-06-30", 2.0)]


def test_what_a_hand_made_request_sends_instead_of_rows_is_refused():
    content, problems = read_form(
        ReportForm(
            spent={"a": 1},
            future_use=[1],
            milestones="M1",
            scores=[{"dimension": "ukjent", "value": 2}, 7],
            kpis=[{"kpi_id": "x", "name": "?", "date": "01.01.2026", "value": "1"}],
            texts=["tekst"],
        )
    )
    assert {p.field for p in problems} == {"spent", "future_use", "milestones", "scores", "kpis", "texts"}
    assert content.milestones == [] and content.narratives == {}


def test_a_text_in_error_is_its_own_field_linked_from_the_summary():
    """Trial 26a: «Utfordringer: Teksten er for lang …» stood in the summary as plain text, while the money errors
    were links to their fields."""

    from components.feedback import form_errors
    from components.report_form import FIELD_IDS

    _content, problems = read_form(ReportForm(spent="1000", texts={"challenges": "x" * 20_001}))
    [problem] = problems
    assert problem.field == "text_challenges" and "for lang" in problem.message
    summary, by_field = form_errors(problems, FIELD_IDS)
    assert "href='#prosjektrapportering-tekst-challenges'" in repr(summary)
    assert list(by_field) == ["prosjektrapportering-tekst-challenges"]
