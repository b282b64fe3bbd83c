from datetime import date

import pytest

from domain.periods import parse_period

# Every period string in the seed documents, with the dates we derive (docs/periods.md).
SEED_PERIODS = [
    ("Vår 2025", date(2025, 1, 1), date(2025, 6, 30)),
    ("Høst 2025", date(2025, 7, 1), date(2025, 12, 31)),
    ("Vår 2024", date(2024, 1, 1), date(2024, 6, 30)),
    ("Høst 2024", date(2024, 7, 1), date(2024, 12, 31)),
    ("Des 2024", date(2024, 12, 1), date(2024, 12, 31)),
    ("Jan/feb 2025", date(2025, 1, 1), date(2025, 2, 28)),
    ("Mars 2025", date(2025, 3, 1), date(2025, 3, 31)),
    ("Mai 2025", date(2025, 5, 1), date(2025, 5, 31)),
    ("Juni 2025", date(2025, 6, 1), date(2025, 6, 30)),
    ("Aug 2025", date(2025, 8, 1), date(2025, 8, 31)),
    ("Sep 2025", date(2025, 9, 1), date(2025, 9, 30)),
    ("Jan 2025", date(2025, 1, 1), date(2025, 1, 31)),
    ("Jan-sep 2025", date(2025, 1, 1), date(2025, 9, 30)),
    ("Jan-april 2025", date(2025, 1, 1), date(2025, 4, 30)),
    ("Aug-okt 2025", date(2025, 8, 1), date(2025, 10, 31)),
    ("Feb 2025", date(2025, 2, 1), date(2025, 2, 28)),
    ("Mars-des 2025", date(2025, 3, 1), date(2025, 12, 31)),
    ("Juni-des 2025", date(2025, 6, 1), date(2025, 12, 31)),
    ("Okt 2025", date(2025, 10, 1), date(2025, 10, 31)),
    ("Sep-okt 2025", date(2025, 9, 1), date(2025, 10, 31)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("Juli 2025", date(2025, 7, 1), date(2025, 7, 31)),
    ("Sep/okt 2025", date(2025, 9, 1), date(2025, 10, 31)),
    ("Jul/nyttår 2025", date(2025, 12, 1), date(2026, 1, 31)),
    ("Jan 2026", date(2026, 1, 1), date(2026, 1, 31)),
    ("Før jul 2025", date(2025, 1, 1), date(2025, 12, 23)),
    ("Nov 2025", date(2025, 11, 1), date(2025, 11, 30)),
    ("2026–2027", date(2026, 1, 1), date(2027, 12, 31)),
    ("2026-2027", date(2026, 1, 1), date(2027, 12, 31)),
    ("Juni 2028", date(2028, 6, 1), date(2028, 6, 30)),
    ("Des 2027", date(2027, 12, 1), date(2027, 12, 31)),
    ("04.02.2025", date(2025, 2, 4), date(2025, 2, 4)),
]


@pytest.mark.parametrize("text,start,end", SEED_PERIODS)
def test_seed_periods(text, start, end):
    result = parse_period(text)
    assert result.ok, result.reason
    assert (result.start, result.end) == (start, end)


@pytest.mark.parametrize("text", ["  vår 2025 ", "VÅR 2025", "Vår\u00a02025", "vår 2025."])
def test_spacing_case_and_punctuation_do_not_matter(text):
    assert parse_period(text).start == date(2025, 1, 1)


@pytest.mark.parametrize(
    "text,end",
    [
        ("Høst 2025/vår 2026", date(2026, 6, 30)),
        ("Nov 2025 - feb 2026", date(2026, 2, 28)),
        ("Q2 2025", date(2025, 6, 30)),
        ("2. kvartal 2025", date(2025, 6, 30)),
        ("Innen mars 2026", date(2026, 3, 31)),
        ("Sommer 2025", date(2025, 8, 31)),
    ],
)
def test_other_common_forms(text, end):
    assert parse_period(text).end == end


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "Snart",
        "Vinter 2025",
        "Nov-feb 2025",
        "31.02.2025",
        "Høst",
        "M3",
        "vår/høst",
    ],
)
def test_refuses_instead_of_guessing(text):
    result = parse_period(text)
    assert not result.ok
    assert result.reason
    assert result.start is None and result.end is None


def test_text_is_kept_as_written():
    assert parse_period(" Jan/feb 2025 ").text == " Jan/feb 2025 "


def test_the_new_round_example_is_the_next_round_not_yet_made():
    from domain.rounds import next_round_example

    assert next_round_example(date(2026, 11, 24)) == ("Vår 2027", date(2027, 4, 15))
    assert next_round_example(date(2027, 4, 20)) == ("Høst 2027", date(2027, 10, 15))
    assert next_round_example(date(2027, 4, 15)) == ("Høst 2027", date(2027, 10, 15))  # the deadline day is past use
    assert next_round_example(date(2026, 11, 24), ["vår 2027", "Høst 2027"]) == ("Vår 2028", date(2028, 4, 15))


def test_a_year_out_of_range_is_named_not_called_missing():
    """Trial 26a: «Vår 1899» was «mangler årstall», though it has a year."""
    from domain.validation import check_period

    assert "(årstallet 1899 er utenfor 2000–2100)" in check_period("Vår 1899")[1]
    assert "mangler årstall" in check_period("Høst 25")[1]
