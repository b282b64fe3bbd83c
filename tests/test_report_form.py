"""The web form applies exactly the template's rules, naming field and row."""

from components.report_form import form_to_content


def test_form_errors_name_field_and_row():
    content, errors = form_to_content(
        spent="-1", future_use="",
        milestones=[{"code": "M1", "description": "A", "period": "Vår 2026", "status": "Ferdig", "kind": "Oppnådd"},
                    {"code": "M1", "description": "B", "period": "snart", "status": "Nesten", "kind": "Oppnådd"}],
        scores=[{"dimension": "criterion_3", "label": "Kriterium 3 (0–3)", "value": "4", "justification": ""}],
        kpis=[{"kpi_id": 1, "name": "LSU-møter", "date": "31.02.2026", "value": "x", "new_target": "5",
               "new_target_date": "", "reason": ""}],
        texts={"experiences": "Bra"})
    described = [(e.field_id, e.label, e.message) for e in errors]
    assert ("rapport-brukt", "Brukte midler totalt",
            "Brukte midler totalt: beløpet kan ikke være negativt, fant «-1».") in described
    assert ("rapport-milepaeler", "Milepæler, rad 2", "Milepælkoden M1 står to ganger.") in described
    assert any(e[1] == "Milepæler, rad 2" and "Ukjent status «Nesten»" in e[2] for e in described)
    assert any(e[1] == "Milepæler, rad 2" and "Når «snart»" in e[2] for e in described)
    assert ("rapport-poeng", "Poeng, Kriterium 3 (0–3)",
            "Poeng for kriterium 3 må være et heltall fra 0 til 3, fant «4».") in described
    assert ("rapport-poeng", "Poeng, Kriterium 3 (0–3)", "Begrunnelse mangler.") in described
    assert any(e[0] == "rapport-indikatorer" and "finnes ikke" in e[2] for e in described)
    assert any(e[0] == "rapport-indikatorer" and "Begrunnelse for nytt mål mangler" in e[2] for e in described)
    assert content.narratives == {"experiences": "Bra"}


def test_valid_form_gives_content():
    content, errors = form_to_content(
        spent="2 500 000", future_use=None,
        milestones=[{"code": "m7", "description": "Ny", "period": "Mai 2026", "status": "", "kind": "Planlagt"}],
        scores=[{"dimension": "delivers", "label": "Leverer", "value": 7, "justification": "I rute"}],
        kpis=[{"kpi_id": 3, "name": "LSU-møter", "date": "30.06.2026", "value": "2", "new_target": "",
               "new_target_date": "", "reason": ""}],
        texts={})
    assert errors == []
    assert content.spent_total == 2_500_000
    assert [(m.code, m.status_text, m.kind) for m in content.milestones] == [("M7", None, "planned")]
    assert [(s.dimension, s.value) for s in content.scores] == [("delivers", 7)]
    assert [(k.kpi_id, k.when, k.value) for k in content.kpi_values] == [(3, "2026-06-30", 2.0)]
