"""How a project's milestones are counted, and which scores are marked illustrative, for the matrix and documents."""

from datetime import date

from components.ssu import _milestone_cell
from components.ssu_matrix import milestone_split
from db.queries import MilestoneFacts, _milestone_counts
from domain.vocabulary import DONE, IN_PROGRESS, PLANNED


def test_a_planned_milestone_reported_done_counts_once_and_the_counts_split_the_milestones():
    """Trial 24a: a milestone of type «Planlagt» reported «Ferdig» was counted as done and as planned, and the
    matrix showed «10 / -1 / 2»."""
    past, future = date(2025, 6, 30), date(2027, 6, 30)
    facts = [
        MilestoneFacts(DONE, "planned", past),  # planned, then done
        MilestoneFacts(DONE, "achieved", past),
        MilestoneFacts(IN_PROGRESS, "achieved", past),  # overdue
        MilestoneFacts(PLANNED, "planned", past),  # overdue, not started
        MilestoneFacts(None, "planned", future),
        MilestoneFacts(IN_PROGRESS, "achieved", None),
    ]
    counts = _milestone_counts(facts, date(2026, 3, 1))
    assert (counts.total, counts.done, counts.in_progress, counts.planned) == (6, 2, 2, 2)
    assert counts.done + counts.in_progress + counts.planned == counts.total
    assert (counts.overdue, counts.unplaced) == (2, 1)
    assert _milestone_cell(counts) == "2 / 4 / 2"  # done / not done / of those overdue
    assert milestone_split(counts) == (
        "6 milepæler: 2 ferdig, 2 pågår, 2 planlagt; 2 av de 4 ikke ferdige har passert fristen"
    )


def test_the_illustrative_note_names_whose_scores_are_illustrative():
    """Trial 24a: «poengene er eksempeldata» stood over a project's own reported scores."""
    from domain.vocabulary import illustrative_scores_note

    everyone = {"A", "B", "C", "D", "E"}
    assert illustrative_scores_note(everyone, set()) == ""
    assert illustrative_scores_note(everyone, everyone) == "Poengene er eksempeldata."
    assert illustrative_scores_note(everyone, {"B", "A"}) == "Poengene til A og B er eksempeldata."
    assert illustrative_scores_note(everyone, everyone - {"A"}) == "Poengene til 4 av 5 prosjekter er eksempeldata."


def test_the_change_column_says_when_there_is_nothing_to_compare_or_the_past_was_illustrative():
    """Trials 24a and 24d: «uendret» for a project that did not report, or reported no scores; a change measured
    against illustrative scores read as a real decline."""
    from types import SimpleNamespace

    from components.ssu_matrix import amount_part
    from services.ssu import _change_of

    reported, unreported = SimpleNamespace(reported=True), SimpleNamespace(reported=False)
    before = {"progress": 3}
    assert _change_of(unreported, {"progress": 2}, before, "Høst 2025", False) == "ikke rapportert"
    assert _change_of(reported, {}, before, "Høst 2025", False) == "ingen poeng i runden"
    assert _change_of(reported, {"progress": 2}, before, None, False) == "første runde"
    assert _change_of(reported, {"progress": 2}, before, "Høst 2025", True) == "Fremdrift: −1 (mot eksempeldata)"
    assert _change_of(reported, {"progress": 3}, before, "Høst 2025", True) == ""  # the matrix shows «uendret»
    rec = SimpleNamespace
    assert amount_part(rec(recommendation="videreføre", recommendation_amount=3_000_000)) == ", 3 000 000 kr"
    assert amount_part(rec(recommendation="justere", recommendation_amount=None)) == ", beløp ikke foreslått"
    assert amount_part(rec(recommendation="avslutte", recommendation_amount=None)) == ""


def test_the_findings_cell_says_ingen_only_when_every_printed_figure_was_checked():
    """Trials 24a, 24d, 24e: «ingen» avvik for a figure that could not be checked, or for a report (the web form's)
    that printed no TGM, VM or sum next year at all."""
    from components.ssu_matrix import findings_cell
    from domain.money import MoneyInputs, Printed, project_money

    nothing_printed = project_money(MoneyInputs("A", 1_000_000, 2, None, spent=Printed(500_000)))
    assert findings_cell((), nothing_printed) == "ikke oppgitt"
    unchecked = project_money(
        MoneyInputs(
            "B",
            1_000_000,
            2,
            None,
            spent=Printed(500_000),
            remaining=Printed(1_500_000),
            future_use=Printed(None, "Uvisst"),
            carry_over=Printed(900_000),
        )
    )
    assert findings_cell((), unchecked) == "VM: kan ikke kontrolleres"
    agreed = project_money(MoneyInputs("C", 1_000_000, 2, None, spent=Printed(500_000), remaining=Printed(1_500_000)))
    assert findings_cell((), agreed) == "ingen" and findings_cell(("VM",), agreed) == "VM"


def test_the_benefits_table_marks_a_change_from_an_illustrative_score():
    """The session-24 note: /gevinster showed «2 (−1)» against Høst 2025's illustrative score unmarked, where the
    matrix said «(mot eksempeldata)»."""
    from components.scores import comparison_rows
    from db.page_queries import ScoreRow
    from domain.vocabulary import PROGRESS, SCORE_DIMENSION

    def row(project, value, illustrative, round_name):
        return ScoreRow(1, project, "project", PROGRESS, value, "", illustrative, round_name, project_ref="1")

    label = SCORE_DIMENSION[PROGRESS].short_label
    now = [row("A", 2, False, "Vår 2026"), row("B", 2, False, "Vår 2026")]
    before = [row("A", 3, True, "Høst 2025"), row("B", 1, False, "Høst 2025")]
    cells = {r["project"]: r[label] for r in comparison_rows(now, before)}
    assert cells == {"A": "2 (−1 mot eksempeldata)", "B": "2 (+1)"}


def test_the_reported_status_decides_where_a_milestone_stands_everywhere():
    """Trial 25b: M11 of type «Planlagt» reported «Pågående» was «Pågående» on the pages, «0 pågår, 4 planlagt» in
    the matrix and the report, and a «Ferdig» one stood among «Planlagte milepæler». One rule (stage) for all."""
    from domain.rounds import stage
    from domain.vocabulary import ACHIEVED, DELAYED, STARTING

    assert stage(DONE, "planned") == DONE
    assert stage(IN_PROGRESS, "planned") == IN_PROGRESS
    assert stage(STARTING, "planned") == IN_PROGRESS
    assert stage(DELAYED, "planned") == IN_PROGRESS
    assert stage(PLANNED, ACHIEVED) == PLANNED
    assert stage(None, "planned") == PLANNED
    assert stage(None, ACHIEVED) == IN_PROGRESS
    future = date(2027, 6, 30)
    facts = [MilestoneFacts(IN_PROGRESS, "planned", future), MilestoneFacts(DONE, "planned", future)]
    counts = _milestone_counts(facts + [MilestoneFacts(None, "planned", future)], date(2026, 3, 1))
    assert (counts.done, counts.in_progress, counts.planned) == (1, 1, 1)
