"""The report's money formulas and checks on the figures printed in tables 3 and 4."""

import pytest

from domain import money
from domain.money import PrintedFinances

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


def printed(name):
    g, spent, tgm, future, vm, nxt = REPORT[name]
    return PrintedFinances(name, g, 2, spent, tgm, future, vm, nxt)


def test_formulas():
    assert money.remaining_funds(2295000, 2, 900000) == 3690000
    assert money.carry_over(3690000, 1620000) == 2070000
    assert money.next_year_total(2295000, 2070000) == 4365000
    assert money.spending_rate(55814, 1869150, 2) == pytest.approx(0.01493, abs=1e-5)
    assert money.spending_rate(2060000, 2924000, 2) == pytest.approx(0.3522, abs=1e-4)
    assert money.spending_rate(None, 100, 2) is None
    assert money.spending_rate(10, 0, 2) is None


def test_checks_find_exactly_the_broken_printed_figures():
    findings = [f for name in REPORT for f in money.check_printed(printed(name))]
    assert [(f.project, f.rule, f.reported, f.computed) for f in findings] == [
        ("Hospiteringsordning", "remaining", 2492957, 5807957),
        ("Eldreløftet", "carry_over", 2763000, 3663000),
    ]


@pytest.mark.parametrize("name", [n for n in REPORT if n not in ("Hospiteringsordning", "Eldreløftet")])
def test_no_findings_where_figures_agree(name):
    assert money.check_printed(printed(name)) == []


def test_one_wrong_figure_gives_one_finding_not_a_cascade():
    # Hospiteringsordning's TGM is wrong, but VM and Sum 2026 follow correctly from the printed TGM.
    rules = [f.rule for f in money.check_printed(printed("Hospiteringsordning"))]
    assert rules == ["remaining"]


def test_each_rule_fires_on_its_own_figure():
    base = printed("Samhandling palliasjon")
    from dataclasses import replace
    assert [f.rule for f in money.check_printed(replace(base, remaining=1))] == ["remaining", "carry_over"]
    assert [f.rule for f in money.check_printed(replace(base, carry_over=1))] == ["carry_over", "next_year"]
    assert [f.rule for f in money.check_printed(replace(base, next_year_total=1))] == ["next_year"]


def test_finding_message_is_norwegian_with_formatted_amounts():
    finding = money.check_printed(printed("Eldreløftet"))[0]
    assert finding.message == (
        "Videreførte midler (VM) er oppgitt til 2 763 000 kr, men TGM − fremtidig bruk av TGM gir "
        "3 663 000 kr (avvik −900 000 kr)."
    )
    assert finding.as_dict()["reported"] == 2763000


def test_compute_uses_inputs_only():
    computed = money.compute(printed("Hospiteringsordning"))
    assert computed.remaining == 5807957
    assert computed.carry_over == 5807957 - 1248055
    assert computed.next_year_total == 3315000 + 5807957 - 1248055
    assert money.compute(printed("Furumoen som utstillingsvindu")).carry_over is None


def test_allocations_add_up_to_the_envelope():
    allocations = [2295000, 3315000, 456068, 2924000, 4913000, 1869150, 1700000, 502782, 25000]
    assert sum(allocations) == 18_000_000
    assert money.check_envelope(2024, 18_000_000, sum(allocations)) is None
    over = money.check_envelope(2024, 18_000_000, sum(allocations) + 1)
    assert over.rule == "envelope" and over.computed == 18_000_000
