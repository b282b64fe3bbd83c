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
