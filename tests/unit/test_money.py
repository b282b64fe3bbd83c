"""The report's money figures: three values per figure (printed, expected, computed) and the checks."""

from dataclasses import replace

import pytest

from domain import money
from domain.money import MoneyInputs, Printed

# Tables 3 and 4 of the autumn 2025 report, exactly as printed (None where only words were printed).
REPORT = {
    "Samhandling palliasjon": (2295000, 900000, 3690000, 1620000, 2070000, 4365000),
    "Hospiteringsordning": (3315000, 822043, 2492957, 1248055, 1244902, 4559902),
    "Bedre ernæringsoppfølging": (456068, 300000, 612136, 156068, 456068, 912136),
    "Eldreløftet": (2924000, 2060000, 3788000, 125000, 2763000, 5687000),
    "Furumoen som utstillingsvindu": (4913000, 546205, 9279795, None, 9279795, None),
    "Etablere felles tjeneste DHO mellom UNN og kommunene": (1869150, 55814, 3682486, 2436318, 1246168, 3115318),
    "Oppfølgings- og simuleringssenter Harstad": (1700000, 958000, 2442000, 1808000, 634000, 2334000),
}


def inputs(name: str, **changes) -> MoneyInputs:
    g, spent, tgm, future, vm, nxt = REPORT[name]
    base = MoneyInputs(name, g, 2, g * 2, Printed(spent), Printed(tgm), Printed(future), Printed(vm), Printed(nxt))
    return replace(base, **changes)


def findings_of(name: str, **changes) -> list:
    return list(money.project_money(inputs(name, **changes)).findings)


def test_checks_find_exactly_the_broken_printed_figures():
    findings = [f for name in REPORT for f in findings_of(name)]
    assert [(f.project, f.rule, f.reported, f.computed) for f in findings] == [
        ("Hospiteringsordning", "remaining", 2492957, 5807957),
        ("Eldreløftet", "carry_over", 2763000, 3663000),
    ]


@pytest.mark.parametrize("name", [n for n in REPORT if n not in ("Hospiteringsordning", "Eldreløftet")])
def test_no_findings_where_figures_agree(name):
    assert findings_of(name) == []


def test_one_wrong_figure_gives_one_finding_not_a_cascade():
    # Hospiteringsordning's TGM is wrong, but VM and Sum 2026 follow correctly from the printed TGM.
    assert [f.rule for f in findings_of("Hospiteringsordning")] == ["remaining"]


def test_each_rule_fires_on_its_own_figure():
    name = "Samhandling palliasjon"
    assert [f.rule for f in findings_of(name, remaining=Printed(1))] == ["remaining", "carry_over"]
    assert [f.rule for f in findings_of(name, carry_over=Printed(1))] == ["carry_over", "next_year"]
    assert [f.rule for f in findings_of(name, next_year_total=Printed(1))] == ["next_year"]


def test_ended_projects_are_not_checked():
    assert findings_of("Hospiteringsordning", checked=False) == []


def test_finding_message_is_norwegian_with_formatted_amounts():
    finding = findings_of("Eldreløftet")[0]
    assert finding.message == (
        "Videreførte midler (VM) er oppgitt til 2 763 000 kr, men TGM − fremtidig bruk av TGM gir "
        "3 663 000 kr (avvik −900 000 kr)."
    )
    assert finding.as_dict()["reported"] == 2763000
    assert finding.label == "Videreførte midler (VM)" and finding.difference == -900000


def test_three_values_per_figure():
    figures = money.project_money(inputs("Hospiteringsordning"))
    remaining = figures.remaining
    assert (remaining.printed, remaining.expected, remaining.computed) == (2492957, 5807957, 5807957)
    carry = figures.carry_over
    assert carry.printed == 1244902
    assert carry.expected == 2492957 - 1248055  # the formula on the printed figures: no cascade
    assert carry.computed == 5807957 - 1248055  # from data: the allocations and the spending
    assert figures.next_year_total.computed == 3315000 + 5807957 - 1248055
    assert figures.spending_rate == pytest.approx(822043 / 6630000)


def test_what_cannot_be_computed_is_none():
    figures = money.project_money(
        inputs("Furumoen som utstillingsvindu", future_use=Printed(None, "Farmasøyt og fagdager"))
    )
    assert figures.carry_over.computed is None and figures.carry_over.expected is None
    assert figures.next_year_total.computed is None
    assert figures.future_use.note == "Farmasøyt og fagdager"
    nothing = money.project_money(MoneyInputs("Ny", None, 0, None))
    assert nothing.spending_rate is None and nothing.remaining.computed is None


def test_spending_rate_uses_the_allocations_actually_granted():
    figures = money.project_money(inputs("Eldreløftet", allocations_total=2924000 + 3000000))
    assert figures.granted_total == 5924000
    assert figures.spending_rate == pytest.approx(2060000 / 5924000)
    assert figures.remaining.computed == 5924000 - 2060000
    assert figures.remaining.expected == 2924000 * 2 - 2060000  # the report's formula: granted × years


def test_allocations_add_up_to_the_envelope():
    allocations = [2295000, 3315000, 456068, 2924000, 4913000, 1869150, 1700000, 502782, 25000]
    assert sum(allocations) == 18_000_000
    assert money.check_envelope(2024, 18_000_000, sum(allocations)) is None
    over = money.check_envelope(2024, 18_000_000, sum(allocations) + 1)
    assert over.rule == "envelope" and over.computed == 18_000_000


def test_a_finding_on_a_number_printed_with_words_that_add_to_it_says_so():
    """Trial 24a: «125 000 kr + (lønnsutgifter …)» was counted as 125 000 kr and gave an avvik of −900 000 kr with
    no word on the part that was not counted; a figure that cannot be checked is not «ingen avvik»."""
    from domain.money import MoneyInputs, Printed, project_money

    qualified = project_money(
        MoneyInputs(
            "Eldreløftet",
            1_000_000,
            3,
            None,
            spent=Printed(2_000_000),
            remaining=Printed(1_000_000),
            future_use=Printed(125_000, "+ (lønnsutgifter)"),
            carry_over=Printed(0),
        )
    )
    (finding,) = qualified.findings
    assert finding.message.endswith(
        "Fremtidig bruk er oppgitt som «125 000 kr + (lønnsutgifter)»; bare tallet er regnet med."
    )
    words_only = project_money(
        MoneyInputs(
            "Furumoen",
            1_000_000,
            3,
            None,
            spent=Printed(2_000_000),
            remaining=Printed(1_000_000),
            future_use=Printed(None, "Uvisst"),
            carry_over=Printed(900_000),
        )
    )
    assert words_only.findings == () and words_only.unchecked == (money.RULE_CARRY_OVER,)
