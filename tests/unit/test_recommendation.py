import pytest

from domain.recommendation import ADJUST, CONTINUE, END, MatrixInputs, suggest


def inputs(**kw):
    base = dict(spending_rate=0.3, years=2, overdue=0, progress=2, delivers=6, findings=())
    base.update(kw)
    return MatrixInputs(**base)


@pytest.mark.parametrize(
    "kw,decision,reason",
    [
        (dict(progress=0, delivers=2), END, "fremdrift 0 av 3 og leverer mål og gevinster 2 av 10"),
        (dict(spending_rate=0.015, overdue=3), END, "forbruk 1,5 % av innvilget etter 2 år og 3 milepæler forfalt"),
        (dict(spending_rate=0.15), ADJUST, "forbruk 15,0 % av innvilget"),
        (dict(overdue=2), ADJUST, "2 milepæler forfalt"),
        (dict(progress=1), ADJUST, "fremdrift 1 av 3"),
        (dict(delivers=4), ADJUST, "leverer mål og gevinster 4 av 10"),
        (dict(findings=("Videreførte midler (VM)",)), ADJUST, "oppgitte tall bryter formlene: Videreførte midler (VM)"),
        (dict(), CONTINUE, "ingen regel for å justere slår til"),
        (dict(overdue=1), CONTINUE, "1 milepæl forfalt (under grensen på 2)"),
        (dict(overdue=1, progress=1), ADJUST, "1 milepæl forfalt (under grensen på 2)"),
    ],
)
def test_each_rule_fires(kw, decision, reason):
    result = suggest(inputs(**kw))
    assert result.decision == decision
    assert reason in result.reasons


@pytest.mark.parametrize(
    "kw",
    [
        dict(progress=0, delivers=3),  # end needs delivers <= 2 too
        dict(spending_rate=0.015, overdue=2),  # end needs 3 overdue
        dict(spending_rate=0.015, overdue=3, years=1),  # and two years
    ],
)
def test_end_rules_do_not_fire_at_their_edges(kw):
    assert suggest(inputs(**kw)).decision == ADJUST


@pytest.mark.parametrize(
    "kw",
    [
        dict(spending_rate=0.2),
        dict(overdue=1),
        dict(progress=2),
        dict(delivers=5),
        dict(spending_rate=None, progress=None, delivers=None),
    ],
)
def test_adjust_rules_do_not_fire_at_their_edges(kw):
    assert suggest(inputs(**kw)).decision == CONTINUE
