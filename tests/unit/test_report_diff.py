"""What a submission would change compared with what is saved, and the one reader for template and form."""

from __future__ import annotations

from datetime import date

from domain.report_content import (
    ContentReader,
    ReportContent,
    ReportedKpiTarget,
    ReportedKpiValue,
    ReportedMilestone,
    ReportedScore,
)
from domain.report_diff import SavedState, diff

SAVED = SavedState(
    spent_total=2_060_000,
    future_use=125_000,
    milestones={"M1": ("Arbeidsgruppe", "Vår 2025", "Ferdig"), "M2": ("Pilot", "Høst 2025", "Pågående")},
    scores={"progress": (2, "Plan"), "delivers": (6, "I rute")},
    kpi_values={(3, "2025-09-30"): 3.0},
    narratives={"experiences": "Gammel tekst"},
    kpi_targets={3: (4.0, None)},
)


def test_nothing_changed_gives_no_changes():
    content = ReportContent(
        2_060_000,
        125_000,
        [ReportedMilestone("M2", "Pilot", "Høst 2025", "Pågående", "achieved")],
        [ReportedScore("progress", 2, "Plan")],
        [ReportedKpiValue(3, "LSU", "2025-09-30", 3.0)],
        {"experiences": "Gammel tekst"},
    )
    assert diff(SAVED, content) == []


def test_every_kind_of_change_is_named_in_norwegian():
    content = ReportContent(
        2_500_000,
        None,
        [
            ReportedMilestone("M2", "Pilot", "Høst 2025", "Ferdig", "achieved"),
            ReportedMilestone("M3", "Evaluering", "Vår 2026", None, "planned"),
            ReportedMilestone("M4", "Pilot i kommunene", "Høst 2026", "Pågår", "achieved"),
        ],
        [ReportedScore("progress", 3, "Bedre plan"), ReportedScore("criterion_1", 2, "Ny")],
        [ReportedKpiValue(3, "LSU-møter", "2026-03-31", 2.5)],
        {"experiences": "Ny tekst"},
    )
    changes = [(c.area, c.key, c.kind, c.before, c.after) for c in diff(SAVED, content)]
    assert changes == [
        ("Økonomi", "Brukte midler totalt", "endret", "2 060 000 kr", "2 500 000 kr"),
        # a blanked amount is a removal, never «no change» (trial 24c: the round then showed it as missing)
        ("Økonomi", "Planlagt bruk av gjenværende midler", "fjernet", "125 000 kr", "–"),
        ("Milepæler", "M2 status", "endret", "Pågående", "Ferdig"),
        ("Milepæler", "M3", "ny", "–", "Evaluering (Vår 2026; regnes som planlagt)"),
        (
            "Milepæler",
            "M4",
            "ny",
            "–",
            "Pilot i kommunene (Høst 2026, Pågår; regnes som oppnådd)",
        ),  # the type as worked out
        ("Poeng", "Fremdrift", "endret", "2", "3"),
        ("Poeng", "Fremdrift begrunnelse", "endret", "Plan", "Bedre plan"),  # what was written, too
        ("Poeng", "Kriterium 1", "ny", "–", "2"),
        ("Poeng", "Kriterium 1 begrunnelse", "ny", "–", "Ny"),
        ("Indikatorer", "LSU-møter (31. mars 2026)", "ny", "–", "2,5"),
        ("Tekster", "Erfaringer", "endret", "Gammel tekst", "Ny tekst"),
    ]


def test_an_indicator_value_and_target_carry_the_indicators_unit():
    """The session-21 re-check: a value in kroner read «1 800 000» in the preview, beside figures with «kr»."""
    saved = SavedState(None, None, {}, {}, {(7, "2025-09-30"): 1_500_000.0}, {}, {7: (2_000_000.0, None)}, {7: "kr"})
    content = ReportContent(
        kpi_values=[ReportedKpiValue(7, "Sparte kostnader", "2025-09-30", 1_800_000.0)],
        kpi_targets=[ReportedKpiTarget(7, "Sparte kostnader", 2_500_000.0, "2026-12-31", "Flere kommuner")],
    )
    assert [(c.before, c.after) for c in diff(saved, content)] == [
        ("1 500 000 kr", "1 800 000 kr"),
        ("2 000 000 kr (uten dato)", "2 500 000 kr (31. des. 2026) – Flere kommuner"),
    ]


def test_the_reader_reports_each_problem_with_its_row_and_column():
    problems = []
    reader = ContentReader(lambda row, column, message: problems.append((row, column, message)))
    reader.amount("r1", "spent_total", "1 234 kr", "Brukte midler totalt")
    reader.milestone("r2", {"code": "M1", "description": "A", "period": "Vår 2026", "status": "Ferdig"}, "rad 2")
    reader.milestone("r3", {"code": "M1", "description": "", "status": "Nesten"}, "rad 3")
    reader.score("r4", "progress", 4, "")
    reader.kpi_value("r5", 3, "LSU", "31.02.2026", "nan")
    reader.kpi_target("r6", 3, "LSU", "5", None, None)
    reader.narrative("experiences", "  Bra  ", "r7")
    assert [(row, column) for row, column, _message in problems] == [
        ("r3", "code"),
        ("r3", "description"),
        ("r3", "status"),
        ("r4", "value"),
        ("r4", "justification"),
        ("r5", "date"),
        ("r5", "value"),
        ("r6", "reason"),
    ]
    assert "Milepælkoden M1 står to ganger (også i rad 2)" in problems[0][2]
    assert reader.content.spent_total == 1234
    assert [m.code for m in reader.content.milestones] == ["M1"] and reader.content.narratives == {"experiences": "Bra"}


def test_a_blanked_amount_asks_for_confirmation():
    """Trial 24c: a template with its money cells emptied was «kontrollert uten feil … ingen endringer»."""
    from domain.report_diff import warnings

    content = ReportContent(2_060_000, None, [], [], [], {})
    said = warnings(SAVED, content, granted_total=None, changes=diff(SAVED, content), submit=False)
    assert said == [
        "Planlagt bruk av gjenværende midler er tom, men sist godkjente rapport har 125 000 kr. Uten beløpet kan "
        "rundens tall som bygger på det, ikke beregnes."
    ]


def test_a_planned_milestone_reported_done_says_how_it_counts():
    """Trial 24d: M11 of type «Planlagt» set to «Ferdig» showed only «M11 status ny – Ferdig»."""
    content = ReportContent(
        2_060_000,
        125_000,
        [ReportedMilestone("M2", "Pilot", "Høst 2025", "Ferdig", "planned")],
        [],
        [],
        {"experiences": "Gammel tekst"},
    )
    assert [(c.key, c.after) for c in diff(SAVED, content)] == [
        ("M2 status", "Ferdig (type Planlagt; regnes som ferdig)")
    ]


def test_texts_left_blank_that_had_text_ask_for_confirmation():
    """Trial 25b: a hurried leader's template left «Erfaringer» blank, and the round report said so without a word
    to the leader before sending."""
    from domain.report_diff import warnings
    from domain.vocabulary import NARRATIVE_LABELS

    content = ReportContent(2_060_000, 125_000, [], [], [], {})
    said = warnings(SAVED, content, granted_total=None, changes=diff(SAVED, content), submit=True)
    assert f"{NARRATIVE_LABELS['experiences']} er tom, men hadde tekst i sist godkjente rapport." in " ".join(said)
    assert not any("hadde tekst" in w for w in warnings(SAVED, content, granted_total=None, changes=[], submit=False))


def test_an_emptied_text_is_in_the_reviewers_changes():
    """Trial 25c: a text left blank that had words was named to the leader, not to the reviewer."""
    content = ReportContent(2_060_000, 125_000, [], [], [], {})
    [change] = diff(SAVED, content)
    assert (change.area, change.key, change.before, change.after, change.kind) == (
        "Tekster",
        "Erfaringer",
        "Gammel tekst",
        "–",
        "fjernet",
    )


def test_milestones_past_their_period_and_not_done_are_asked_about():
    """Trial 26d: milestones carried over as «Pågående» from «Høst 2025» were overdue by spring; the matrix then
    said «Justere: 3 milepæler forfalt» and neither the leader nor the reviewer had been asked."""
    from domain.report_diff import warnings

    content = ReportContent(
        2_060_000,
        125_000,
        [
            ReportedMilestone("M1", "Arbeidsgruppe", "Vår 2025", "Ferdig", "achieved"),
            ReportedMilestone("M2", "Pilot", "Høst 2025", "Pågående", "achieved"),
            ReportedMilestone("M3", "Evaluering", "Høst 2026", "Planlagt", "planned"),
        ],
        [],
        [],
        {"experiences": "Gammel tekst"},
    )
    said = warnings(SAVED, content, granted_total=None, changes=[], submit=True, today=date(2026, 3, 1))
    assert (
        "1 milepæl har passert perioden uten å være meldt ferdig (M2). Oppdater status eller periode; ellers regnes de "
        "som forfalt i matrisen." in said
    )
    assert not any(
        "passert perioden" in w
        for w in warnings(SAVED, content, granted_total=None, changes=[], submit=False, today=date(2026, 3, 1))
    )
