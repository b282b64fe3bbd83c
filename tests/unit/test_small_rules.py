import math
from datetime import date

import pytest

from domain.formatting import format_date, format_kr, format_measure, format_month, format_percent
from domain.rounds import find_round_in_text, parse_round_name
from domain.vocabulary import normalise_status


@pytest.mark.parametrize(
    "text,code",
    [
        ("Ferdig", "ferdig"),
        (" Pågående ", "pagaende"),
        ("Planlegging", "planlegging"),
        ("Oppstart", "oppstart"),
        ("Oppstart/pågående", "pagaende"),
        ("FORSINKET", "forsinket"),
        ("Planlagt", "planlagt"),
    ],
)
def test_status_values(text, code):
    assert normalise_status(text) == code


@pytest.mark.parametrize("text", [None, "", "Snart ferdig", "ok"])
def test_unknown_status(text):
    assert normalise_status(text) is None


def test_norwegian_formats():
    assert format_kr(2295000) == "2 295 000 kr"
    assert format_kr(-900000, signed=True) == "\u2212900 000 kr"
    assert format_kr(None) == "–"
    assert format_percent(0.01493) == "1,5 %"
    assert format_percent(1_250_000 / 4_000_000) == "31,3 %"  # half up, as the grids and Excel (trial 24b)
    assert format_percent(960_500 / 3_400_000) == "28,3 %"  # 28,25 %, in binary 28,249999… (trial 24d)
    assert format_month(date(2025, 10, 3)) == "okt. 2025"
    assert format_date(date(2025, 10, 3)) == "3. okt. 2025"
    assert format_measure(1775616.4, "kr") == "1 775 616 kr" and format_measure(12.5, "liggedøgn") == "12,5 liggedøgn"
    assert format_measure(11, "antall") == "11" and format_measure(11, " Antall ") == "11"  # not «11 antall»


def test_round_names():
    assert parse_round_name("høst 2025").name == "Høst 2025"
    assert parse_round_name("Vår 2026").sort_key == (2026, 0)
    assert parse_round_name("Sommer 2025") is None
    assert find_round_in_text("RAPPORT HØST 2025").name == "Høst 2025"


@pytest.mark.parametrize(
    "raw, quoted",
    [
        (1e308, "1e+308"),
        (float("inf"), "uendelig"),
        (float("-inf"), "minus uendelig"),
        (float("nan"), "ikke et tall"),
        (3.0, "3"),
        (2.5, "2,5"),  # the session-21 trial: «fant «2.5»» with a point
        (" ca. 300 000 ", "ca. 300 000"),
    ],
)
def test_values_are_quoted_back_as_a_person_would_write_them(raw, quoted):
    """The issue-15 trial: a cell holding 1e308 was quoted as 40 digits of a 309-digit number, NaN as «nan»."""
    from domain.validation import check_number, shown

    assert shown(raw) == quoted
    if isinstance(raw, float) and (not math.isfinite(raw) or raw == 1e308):  # refused, and quoted so
        assert f"«{quoted}»" in check_number(raw, "Verdi")[1]


def test_an_indicator_value_in_kroner_may_be_written_with_kr_and_the_form_shows_it_grouped():
    """The session-21 trial: «1 800 000 kr» was refused for an indicator in kroner (money cells take it), and the
    form showed the stored value as «1800000» beside «1 950 000»."""
    from components.report_form import _typed
    from domain.validation import check_number, check_score

    assert check_number("1 800 000 kr", "Ny verdi") == (1_800_000, None)
    assert check_number("12,5 Kr.", "Ny verdi") == (12.5, None)
    assert check_number("1 800 000 kroner", "Ny verdi")[1] == "Ny verdi må være et tall, fant «1 800 000 kroner»."
    assert "«2,5»" in check_score("criterion_1", 2.5)[1]
    assert _typed(1_800_000.0).replace("\u00a0", " ").replace("\u202f", " ") == "1 800 000"
    assert check_number(_typed(1_800_000.0), "Ny verdi") == (1_800_000, None)  # read back as it is shown
    assert _typed(12.5) == "12,5"


def test_sheet_names_are_cut_after_a_whole_word():
    from domain.formatting import cut_at_word

    assert cut_at_word("Planlagte milepæler (veien videre)", 28) == "Planlagte milepæler"
    assert cut_at_word("Tabell 2", 28) == "Tabell 2"
    assert cut_at_word("Ettordsomerlengreenntjueåttetegn", 28) == "Ettordsomerlengreenntjueåtte"


@pytest.mark.parametrize(
    "raw, suggested, about",
    [("2,5 mill", "2 500 000", False), ("ca. 2,5 mill", "2 500 000", True), ("3 MNOK", "3 000 000", False)],
)
def test_amounts_in_millions_are_refused_with_the_amount_in_kroner_suggested(raw, suggested, about):
    """The README promises a suggestion for «ca. 2,5 mill» (the session-19 trial found none)."""
    from domain.validation import check_reported_amount

    value, message = check_reported_amount(raw, "Brukte midler")
    assert value is None and f"for eksempel {suggested}, ikke «{raw}»" in message
    assert ("anslag" in message) == about


@pytest.mark.parametrize("invisible", ["\u200b", " \u200b\u2060 ", "\ufeff", "\u00ad", "\u200b\n\u200b"])
def test_a_text_of_invisible_characters_is_nothing(invisible):
    """The session-20 trial: a zero-width space passed as a milestone's description."""
    from domain.report_content import ContentReader
    from domain.validation import check_cell_text

    assert check_cell_text(invisible, "Beskrivelse") == ("", None)
    assert check_cell_text("a\u200bb", "Beskrivelse") == ("a\u200bb", None)  # visible text keeps what it holds
    problems = []
    reader = ContentReader(lambda row, column, message: problems.append((column, message)))
    reader.milestone(1, {"code": "M1", "description": invisible, "period": "Vår 2026"}, "rad 1")
    assert problems == [("description", "Beskrivelse mangler.")]


@pytest.mark.parametrize(
    "status,kind",
    [
        ("Ferdig", "achieved"),
        ("Pågående", "achieved"),
        ("Planlagt", "planned"),
        (" planlagt ", "planned"),
        (None, "planned"),
    ],
)
def test_a_blank_type_follows_the_status(status, kind):
    from domain.validation import check_kind

    assert check_kind(None, status) == (kind, None)


def test_new_milestones_written_without_a_code_get_the_next_numbers():
    """Older session notes: a leader had to work out the next code («M13») for a new template row."""
    from domain.report_content import ContentReader

    problems = []
    reader = ContentReader(lambda row, column, message: problems.append((row, column, message)))
    reader.milestone(1, {"code": "M1", "description": "Arbeidsgruppe", "status": "Ferdig"}, "rad 1")
    reader.milestone(2, {"code": None, "description": "Ny opplæring", "period": "Høst 2026"}, "rad 2")
    reader.milestone(3, {"code": "M12", "description": "Pilot"}, "rad 3")
    reader.milestone(4, {"code": "  ", "description": "Evaluering"}, "rad 4")
    reader.milestone(5, {"code": None, "period": "Vår 2027"}, "rad 5")  # no description: asked for, not numbered
    assert reader.finish() == ["M13", "M14"]
    assert [(m.code, m.description) for m in reader.content.milestones] == [
        ("M1", "Arbeidsgruppe"),
        ("M13", "Ny opplæring"),
        ("M12", "Pilot"),
        ("M14", "Evaluering"),
    ]
    assert problems == [(5, "description", "Beskrivelse mangler.")]


def test_direction_overrides_are_refused_and_huge_whole_numbers_quoted_short():
    """Trial 26a: «‮gnirts desrever‬» was stored and showed reversed in the review; a spreadsheet's 1e308 read as a
    whole number was quoted with 20 digits."""
    from domain.validation import check_text, shown

    assert check_text("Normal \u202egnirts desrever\u202c slutt", "Erfaringer")[1] == (
        "Erfaringer inneholder usynlige tegn som snur skriveretningen (for eksempel U+202E); fjern dem og prøv igjen."
    )
    assert check_text("Ring \u202a+47 77 62 60 00\u202c", "Erfaringer") == ("Ring \u202a+47 77 62 60 00\u202c", None)
    assert shown(10**308) == "1e+308" and shown(2_500_000) == "2500000"


def test_a_score_given_twice_is_refused_not_the_last_kept():
    """Trial 26a: a hand-made form with two «Kriterium 1» rows stored the second."""
    from domain.report_content import ContentReader

    problems = []
    reader = ContentReader(lambda row, column, message: problems.append((row, column, message)))
    reader.score(1, "criterion_1", 2, "Plan")
    reader.score(2, "criterion_1", 0, "Duplikat")
    assert [(s.dimension, s.value) for s in reader.content.scores] == [("criterion_1", 2)]
    assert problems == [(2, "value", "Kriterium 1 står to ganger; gi poeng én gang.")]
