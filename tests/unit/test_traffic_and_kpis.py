from datetime import date

import pytest

from domain.kpis import kpi_progress, planned_value
from domain.traffic import GREEN, NONE, RED, YELLOW, traffic_light


@pytest.mark.parametrize(
    "kwargs,level,reason",
    [
        (dict(spending_rate=0.015, overdue=0, progress=3, delivers=8), RED, "forbruk 1,5 % av innvilget"),
        (dict(spending_rate=0.3, overdue=3, progress=3, delivers=8), RED, "3 milepæler forfalt"),
        (dict(spending_rate=0.3, overdue=0, progress=0, delivers=8), RED, "fremdrift 0 av 3"),
        (dict(spending_rate=0.2, overdue=0, progress=3, delivers=8), YELLOW, "forbruk 20,0 % av innvilget"),
        (dict(spending_rate=0.3, overdue=1, progress=3, delivers=8), YELLOW, "1 milepæl forfalt"),
        (dict(spending_rate=0.3, overdue=0, progress=1, delivers=8), YELLOW, "fremdrift 1 av 3"),
        (dict(spending_rate=0.3, overdue=0, progress=3, delivers=4), YELLOW, "leverer mål og gevinster 4 av 10"),
        (dict(spending_rate=0.3, overdue=0, progress=2, delivers=5), GREEN, "ingen varsler"),
        (dict(spending_rate=None, overdue=0, progress=None, delivers=None), GREEN, "ingen varsler"),
        (
            dict(spending_rate=0.3, overdue=0, progress=2, delivers=5, findings=("VM",)),
            YELLOW,
            "oppgitte tall bryter formlene: VM",
        ),
    ],
)
def test_traffic_light_rules(kwargs, level, reason):
    light = traffic_light(active=True, **kwargs)
    assert light.level == level
    assert reason in light.reasons


def test_ended_projects_get_no_light_and_labels_are_not_colour_only():
    assert traffic_light(active=False, spending_rate=0, overdue=9, progress=0, delivers=0).level == NONE
    assert traffic_light(active=True, spending_rate=0.01, overdue=0, progress=3, delivers=9).label == "■ Rød"


def test_planned_path_is_linear_and_clamped():
    assert planned_value(0, date(2025, 1, 1), 10, date(2025, 1, 11), date(2025, 1, 6)) == 5
    assert planned_value(0, date(2025, 1, 1), 10, date(2025, 1, 11), date(2030, 1, 1)) == 10


def test_kpi_progress_rising_and_falling():
    rising = kpi_progress(
        baseline=0,
        baseline_date=date(2025, 1, 1),
        target=20,
        target_date=date(2026, 12, 31),
        values=[(date(2025, 3, 31), 8), (date(2025, 9, 30), 14)],
    )
    assert rising.latest == 14 and rising.share_of_way == pytest.approx(0.7)
    assert rising.behind is False
    falling = kpi_progress(
        baseline=420,
        baseline_date=date(2024, 12, 31),
        target=300,
        target_date=date(2026, 12, 31),
        values=[(date(2025, 9, 30), 395)],
    )
    assert falling.share_of_way == pytest.approx(25 / 120)
    assert falling.behind is True  # the path expects about 375 by then
    assert falling.expected_now == pytest.approx(375.1, abs=0.05) and falling.expected_shown == 375  # whole figures
    measured = kpi_progress(
        baseline=12.5,
        baseline_date=date(2025, 1, 1),
        target=20,
        target_date=date(2026, 1, 1),
        values=[(date(2025, 7, 2), 14)],
    )
    assert measured.expected_shown == pytest.approx(16.2)  # one decimal, as the baseline was given
    large = kpi_progress(
        baseline=1_400_000,
        baseline_date=date(2025, 1, 1),
        target=1_750_000,
        target_date=date(2026, 1, 1),
        values=[(date(2025, 8, 1), 1_500_000)],
    )
    assert round(large.expected_now) == 1_603_288 and large.expected_shown == 1_600_000  # «om lag», not 1 603 288
    none = kpi_progress(baseline=0, baseline_date=None, target=24, target_date=None, values=[])
    assert none.latest is None and none.behind is None


def test_a_card_is_titled_eksempeldata_only_while_its_latest_measurement_is():
    """The session-22 trial: a card whose latest measurement was reported and approved was still titled
    «eksempeldata», which the page explains as «illustrerte verdier, ikke innrapporterte tall»."""
    from types import SimpleNamespace

    from components.indicators import illustrative_parts
    from db.page_queries import KpiPoint

    def kpi(illustrative: bool, *points: tuple[int, bool]):
        values = [KpiPoint(date(2025, month, 1), 1.0, shown) for month, shown in points]
        return SimpleNamespace(illustrative=illustrative, values=values)

    assert illustrative_parts(kpi(True)) == (True, None)
    assert illustrative_parts(kpi(True, (3, True))) == (True, None)
    assert illustrative_parts(kpi(True, (3, True), (9, False))) == (
        False,
        "Nullpunkt og mål er eksempeldata, og det er eldre målinger også.",
    )
    assert illustrative_parts(kpi(True, (9, False))) == (False, "Nullpunkt og mål er eksempeldata.")
    assert illustrative_parts(kpi(False, (9, False))) == (False, None)
    assert illustrative_parts(kpi(False, (9, True))) == (True, None)


def test_a_judgement_on_illustrative_figures_says_so_on_the_card_and_in_the_count():
    """The session-22 trial: «I rute» and «4 bak planen» counted indicators whose path or latest measurement is
    illustrative as if they were reported."""
    from types import SimpleNamespace

    from components.indicators import behind_count, progress_text
    from db.page_queries import KpiPoint

    def kpi(illustrative: bool, value: float, shown: bool):
        return SimpleNamespace(
            illustrative=illustrative,
            unit="antall",
            baseline=0,
            baseline_date=date(2025, 1, 1),
            target=10,
            target_date=date(2026, 1, 1),
            values=[KpiPoint(date(2025, 7, 2), value, shown)],
        )

    real_behind, path_behind, ahead = kpi(False, 1, False), kpi(True, 1, False), kpi(False, 9, True)
    assert progress_text(real_behind).endswith(". Bak planen: planlagt vei gir om lag 5 på denne datoen.")
    assert "Bak planen (vurdert mot eksempeldata): planlagt vei" in progress_text(path_behind)
    assert progress_text(ahead).endswith(". I rute etter planlagt vei (vurdert mot eksempeldata).")
    assert progress_text(kpi(False, 9, False)).endswith(". I rute etter planlagt vei.")
    assert behind_count([real_behind, ahead]) == "2 indikatorer, 1 bak planen."
    assert behind_count([real_behind, path_behind, ahead]) == (
        "3 indikatorer, 2 bak planen (1 av dem vurdert mot eksempeldata)."
    )
    assert behind_count([path_behind, ahead]) == "2 indikatorer, 1 bak planen (vurdert mot eksempeldata)."
    assert behind_count([path_behind, path_behind]) == "2 indikatorer, 2 bak planen (alle vurdert mot eksempeldata)."
