"""Working-day and calendar arithmetic: weekends, bank holidays by UK region, day 0, month ends,
leap years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reflect.model.workdays import (
    REGIONS,
    Region,
    add_months,
    add_working_days,
    bank_holidays,
    days_phrase,
    is_day_off,
    is_working_day,
    next_working_day,
    whole_months_between,
)

THU, FRI, SAT, SUN, MON = (date(2026, 3, day) for day in (5, 6, 7, 8, 9))
CHRISTMAS_2026 = frozenset({date(2026, 12, 25), date(2026, 12, 28)})  # Boxing Day substitute
EASTER_2026 = frozenset({date(2026, 4, 3), date(2026, 4, 6)})


def test_weekdays_work_and_weekends_and_holidays_do_not() -> None:
    assert is_working_day(FRI)
    assert not is_working_day(SAT)
    assert not is_working_day(SUN)
    assert not is_working_day(date(2026, 4, 3), EASTER_2026)
    assert is_working_day(date(2026, 4, 3))  # Good Friday only when given as a holiday


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (FRI, 0, FRI),  # day 0 of a working day is that day
        (FRI, 1, MON),
        (THU, 2, MON),
        (SAT, 0, MON),  # a weekend start counts from the next working day
        (SUN, 0, MON),
        (SAT, 1, date(2026, 3, 10)),
        (SUN, 2, date(2026, 3, 11)),
        (MON, 5, date(2026, 3, 16)),
        (FRI, 10, date(2026, 3, 20)),
    ],
)
def test_add_working_days_around_weekends(start: date, n: int, due: date) -> None:
    assert add_working_days(start, n) == due


def test_bank_holidays_are_skipped() -> None:
    christmas_eve = date(2026, 12, 24)  # a Thursday
    assert add_working_days(christmas_eve, 2) == date(2026, 12, 28)
    assert add_working_days(christmas_eve, 2, CHRISTMAS_2026) == date(2026, 12, 30)
    assert add_working_days(date(2026, 4, 2), 1, EASTER_2026) == date(2026, 4, 7)


def test_a_start_on_a_bank_holiday_counts_from_the_next_working_day() -> None:
    assert add_working_days(date(2026, 4, 3), 0, EASTER_2026) == date(2026, 4, 7)
    assert next_working_day(date(2026, 12, 25), CHRISTMAS_2026) == date(2026, 12, 29)


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        add_working_days(MON, -1)


def test_agrees_with_numpy_business_days() -> None:
    numpy = pytest.importorskip("numpy")
    holidays = sorted(CHRISTMAS_2026 | EASTER_2026)
    for offset in range(0, 400, 3):
        day = date(2026, 1, 1) + timedelta(days=offset)
        for n in (0, 1, 2, 5):
            expected = numpy.busday_offset(day, n, roll="forward", holidays=holidays)
            assert add_working_days(day, n, frozenset(holidays)) == expected.astype(date)


# Bank holidays by UK region (from the holidays package), in any year


@pytest.mark.parametrize(
    ("region", "day", "name"),
    [
        # Christmas Day 2027 is a Saturday: both substitute days follow it
        ("England and Wales", date(2027, 12, 27), "Christmas Day (observed)"),
        ("England and Wales", date(2027, 12, 28), "Boxing Day (observed)"),
        ("Scotland", date(2027, 12, 27), "Christmas Day (observed)"),
        ("Northern Ireland", date(2027, 12, 28), "Boxing Day (observed)"),
        ("England and Wales", date(2026, 12, 28), "Boxing Day (observed)"),
        # beyond the table of dates typed by hand up to 2028
        ("England and Wales", date(2030, 4, 19), "Good Friday"),
        ("England and Wales", date(2030, 4, 22), "Easter Monday"),
        ("England and Wales", date(2030, 8, 26), "Late Summer Bank Holiday"),
        ("England and Wales", date(2033, 1, 3), "New Year's Day (observed)"),
        # a one-off holiday by royal proclamation
        ("England and Wales", date(2023, 5, 8), "Coronation of Charles III"),
        # Scotland: 2 January (a Saturday in 2027, so the Monday), St Andrew's Day and its
        # substitute, the summer holiday at the start of August
        ("Scotland", date(2026, 1, 2), "New Year Holiday"),
        ("Scotland", date(2027, 1, 4), "New Year Holiday (observed)"),
        ("Scotland", date(2026, 11, 30), "Saint Andrew's Day"),
        ("Scotland", date(2025, 12, 1), "Saint Andrew's Day (observed)"),
        ("Scotland", date(2030, 12, 2), "Saint Andrew's Day (observed)"),
        ("Scotland", date(2026, 8, 3), "Summer Bank Holiday"),
        # Northern Ireland: St Patrick's Day and 12 July, moved to the Monday from a weekend
        ("Northern Ireland", date(2026, 3, 17), "Saint Patrick's Day"),
        ("Northern Ireland", date(2030, 3, 18), "Saint Patrick's Day (observed)"),
        ("Northern Ireland", date(2027, 7, 12), "Battle of the Boyne"),
        ("Northern Ireland", date(2026, 7, 13), "Battle of the Boyne (observed)"),
    ],
)
def test_known_bank_holidays_by_region(region: Region, day: date, name: str) -> None:
    assert bank_holidays(region, day.year)[day] == name
    assert is_day_off(day, region)
    assert not is_working_day(day, region)


@pytest.mark.parametrize(
    ("region", "day"),
    [
        ("England and Wales", date(2026, 1, 2)),  # 2 January is Scotland's
        ("England and Wales", date(2026, 11, 30)),  # St Andrew's Day
        ("England and Wales", date(2026, 3, 17)),  # St Patrick's Day
        ("England and Wales", date(2027, 7, 12)),  # 12 July
        ("Scotland", date(2026, 4, 6)),  # Easter Monday is not a Scottish bank holiday
        ("Scotland", date(2026, 8, 31)),  # nor the late August one
        ("Scotland", date(2026, 3, 17)),
        ("Northern Ireland", date(2026, 1, 2)),
        ("Northern Ireland", date(2026, 11, 30)),
    ],
)
def test_other_regions_bank_holidays_are_working_days(region: Region, day: date) -> None:
    assert is_working_day(day, region)


def test_a_region_skips_its_own_bank_holidays_when_counting() -> None:
    new_year_eve = date(2026, 12, 31)  # a Thursday; 1 January 2027 is a Friday
    assert add_working_days(new_year_eve, 1, "England and Wales") == date(2027, 1, 4)
    assert add_working_days(new_year_eve, 1, "Scotland") == date(2027, 1, 5)
    assert add_working_days(date(2027, 12, 24), 1, "England and Wales") == date(2027, 12, 29)
    assert add_working_days(date(2026, 3, 16), 1, "Northern Ireland") == date(2026, 3, 18)
    assert add_working_days(date(2026, 3, 16), 1, "England and Wales") == date(2026, 3, 17)


@pytest.mark.parametrize("region", REGIONS)
def test_a_region_agrees_with_numpy_given_its_dates(region: Region) -> None:
    numpy = pytest.importorskip("numpy")
    years = range(2026, 2032)
    holidays = sorted({day for year in years for day in bank_holidays(region, year)})
    for offset in range(0, 5 * 365, 5):
        day = date(2026, 1, 1) + timedelta(days=offset)
        for n in (0, 1, 5):
            expected = numpy.busday_offset(day, n, roll="forward", holidays=holidays)
            assert add_working_days(day, n, region) == expected.astype(date)


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown UK region 'Wales'"):
        is_working_day(MON, "Wales")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "months", "result"),
    [
        (date(2026, 3, 3), 6, date(2026, 9, 3)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),  # into the next year
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # the month is shorter
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # a leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 8, 31), 3, date(2025, 11, 30)),
        (date(2026, 1, 31), 0, date(2026, 1, 31)),
    ],
)
def test_add_months_keeps_the_day_or_the_month_end(start: date, months: int, result: date) -> None:
    assert add_months(start, months) == result


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 3, 10), date(2026, 3, 9), 11),
        (date(2025, 3, 10), date(2026, 3, 10), 12),
        (date(2025, 3, 10), date(2025, 3, 1), 0),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
    ],
)
def test_whole_months_between(start: date, end: date, months: int) -> None:
    assert whole_months_between(start, end) == months


def test_days_are_counted_in_words() -> None:
    assert (days_phrase(1), days_phrase(0), days_phrase(82)) == ("1 day", "0 days", "82 days")
