import datetime

import pytest

from livelihood import periods

D = datetime.date


@pytest.mark.parametrize(
    ("day", "monthly", "quarterly", "half"),
    [
        (D(2026, 5, 1), "2026-05", "2026-Q2", "2026-H1"),
        (D(2026, 3, 31), "2026-03", "2026-Q1", "2026-H1"),
        (D(2026, 4, 1), "2026-04", "2026-Q2", "2026-H1"),
        (D(2026, 6, 30), "2026-06", "2026-Q2", "2026-H1"),
        (D(2026, 7, 1), "2026-07", "2026-Q3", "2026-H2"),
        (D(2026, 12, 31), "2026-12", "2026-Q4", "2026-H2"),
        (D(2027, 1, 1), "2027-01", "2027-Q1", "2027-H1"),
        (D(2028, 2, 29), "2028-02", "2028-Q1", "2028-H1"),
    ],
)
def test_period_keys_across_boundaries(day, monthly, quarterly, half):
    assert periods.period_key(periods.MONTHLY, day) == monthly
    assert periods.period_key(periods.QUARTERLY, day) == quarterly
    assert periods.period_key(periods.HALF_YEARLY, day) == half
    for key in (monthly, quarterly, half):
        start, end = periods.period_bounds(key)
        assert start <= day <= end


@pytest.mark.parametrize(
    ("key", "start", "end"),
    [
        ("2026-02", D(2026, 2, 1), D(2026, 2, 28)),
        ("2028-02", D(2028, 2, 1), D(2028, 2, 29)),
        ("2026-12", D(2026, 12, 1), D(2026, 12, 31)),
        ("2026-Q1", D(2026, 1, 1), D(2026, 3, 31)),
        ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31)),
        ("2026-H1", D(2026, 1, 1), D(2026, 6, 30)),
        ("2026-H2", D(2026, 7, 1), D(2026, 12, 31)),
    ],
)
def test_period_bounds(key, start, end):
    assert periods.period_bounds(key) == (start, end)


def test_next_and_previous_cross_the_year_end():
    assert periods.next_key("2026-12") == "2027-01"
    assert periods.next_key("2026-Q4") == "2027-Q1"
    assert periods.next_key("2026-H2") == "2027-H1"
    assert periods.previous_key("2027-01") == "2026-12"
    assert periods.previous_key("2027-Q1") == "2026-Q4"
    assert periods.previous_key("2027-H1") == "2026-H2"


def test_keys_between():
    assert periods.keys_between(periods.MONTHLY, D(2026, 11, 20), D(2027, 2, 1)) == [
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
    ]
    assert periods.keys_between(periods.QUARTERLY, D(2026, 1, 11), D(2026, 12, 31)) == [
        "2026-Q1",
        "2026-Q2",
        "2026-Q3",
        "2026-Q4",
    ]
    assert periods.keys_between(periods.HALF_YEARLY, D(2026, 6, 30), D(2026, 7, 1)) == ["2026-H1", "2026-H2"]
    assert periods.keys_between(periods.MONTHLY, D(2026, 5, 2), D(2026, 5, 1)) == []


def test_labels_and_bad_keys():
    assert periods.label("2026-05") == "2026年5月"
    assert periods.label("2026-Q2") == "2026年第二季度"
    assert periods.label("2026-H1") == "2026年上半年"
    assert periods.cadence_of("2026-Q3") == periods.QUARTERLY
    for bad in ("2026-13", "2026-Q5", "2026-H3", "26-05"):
        with pytest.raises(ValueError):
            periods.period_bounds(bad)
