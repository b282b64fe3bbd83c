import pytest

from domain.amounts import AmountError, parse_amount


@pytest.mark.parametrize(
    "raw,value,note",
    [
        ("2.295.000 kr", 2295000, None),
        ("2 295 000 kr", 2295000, None),
        ("2\u00a0295\u00a0000 kr", 2295000, None),
        ("2\u202f295\u202f000 kr", 2295000, None),
        ("kr 2 295 000,-", 2295000, None),
        ("55.814 kr", 55814, None),
        (456068, 456068, None),
        (456068.0, 456068, None),
        (
            "125.000 kr + (lønnsutgifter ansatte UNN og koordinator)",
            125000,
            "+ (lønnsutgifter ansatte UNN og koordinator)",
        ),
        ("2.763.000 kr – eventuelle lønnsutgifter", 2763000, "– eventuelle lønnsutgifter"),
        ("1.246.168 kr (ønsket brukt til å frikjøpe ressurser)", 1246168, "(ønsket brukt til å frikjøpe ressurser)"),
        (None, None, None),
        ("  ", None, None),
    ],
)
def test_amounts_as_printed(raw, value, note):
    amount = parse_amount(raw)
    assert amount.value == value
    assert amount.note == note


def test_words_only_kept_when_allowed():
    text = "Uvisst ettersom det ikke er tall for hva ulike utgifter vil være"
    assert parse_amount(text, allow_text=True).note == text
    with pytest.raises(AmountError, match="fant ikke et beløp"):
        parse_amount(text)


@pytest.mark.parametrize(
    "raw,message",
    [
        ("-5 000 kr", "negativt"),
        (-3, "negativt"),
        ("\u22125 000 kr", "negativt"),
        (12.5, "hele kroner"),
        ("12,50 kr", "hele kroner"),
        ("ukjent", "fant ikke et beløp"),
        (True, "ikke et beløp"),
    ],
)
def test_refused_amounts(raw, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(raw)


def test_a_missing_milestone_code_is_called_missing():
    """Trial 25b: «Milepælkoden «» er ikke gyldig» for a new row without a code."""
    from domain.validation import check_code

    assert check_code(None) == (None, "Milepælkoden mangler; skriv M og et nummer, for eksempel «M7».")
    assert check_code("  ")[1] == check_code(None)[1]
    assert check_code("M 7") == ("M7", None)


def test_a_file_made_before_anything_was_saved_does_not_speak_of_version_0():
    """Trial 25b: «Filen ble laget fra versjon 0» — a version nobody saw."""
    from datetime import datetime
    from types import SimpleNamespace

    import pytest

    from db.reporting import check_base
    from domain.problems import Refused

    latest = SimpleNamespace(
        id=1,
        version=1,
        status="submitted",
        created_by="Gunnhild",
        submitted_at=datetime(2026, 3, 1, 9),
        created_at=None,
    )
    with pytest.raises(Refused) as refused:
        check_base(latest, 0, from_file=True)
    assert str(refused.value.message).startswith("Filen ble laget før noe var lagret, men siden er versjon 1 (")
