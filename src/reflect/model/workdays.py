"""Calendar and working-day arithmetic for due dates: weekends and bank holidays skipped.

Conventions (the same as numpy's busday_offset with roll="forward" and busday_count):

- A working day is a Monday to Friday that is not a day off.
- `add_working_days(start, n)` counts from the first working day on or after `start`, which is
  day 0. So a concern raised on a Friday with 1 working day is due on the Monday, and one raised on
  a Saturday (or a bank holiday) starts its clock on the next working day: with 0 days it is due
  that day, with 1 day the working day after it. Nothing is due on a weekend or a day off.

The days off are either a UK region, whose bank holidays are skipped in every year (as the
`holidays` package computes them from the rules and the one-off proclamations gov.uk lists,
substitute days included), or the dates themselves; by default only weekends are skipped.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType
from typing import Literal, TypeAlias, get_args

Region = Literal["England and Wales", "Scotland", "Northern Ireland"]
"""A UK nation or region with its own bank holidays."""
REGIONS: tuple[Region, ...] = get_args(Region)
DEFAULT_REGION: Region = "England and Wales"

DaysOff: TypeAlias = Region | Collection[date]
"""The days skipped besides weekends: a region's bank holidays, or the dates themselves."""

NO_HOLIDAYS: frozenset[date] = frozenset()
_SATURDAY = 5
# The holidays package's subdivisions of GB; England and Wales share one list (ENG and WLS).
_SUBDIVISIONS: dict[Region, str] = {
    "England and Wales": "ENG",
    "Scotland": "SCT",
    "Northern Ireland": "NIR",
}


def bank_holidays(region: Region, year: int) -> Mapping[date, str]:
    """The bank holidays of `region` in `year`, date to name, substitute days included (a
    holiday that falls on a weekend is listed on its own day as well as on its substitute)."""
    if region not in _SUBDIVISIONS:
        raise ValueError(f"unknown UK region {region!r}: one of {', '.join(REGIONS)}")
    return _bank_holidays(region, year)


@cache
def _bank_holidays(region: Region, year: int) -> Mapping[date, str]:
    import holidays  # imported on first use: loading the package takes a tenth of a second

    found = holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[region], years=year)
    return MappingProxyType(dict(sorted(found.items())))


def is_day_off(day: date, days_off: DaysOff = NO_HOLIDAYS) -> bool:
    """True when `day` is one of `days_off` (a region's bank holiday, or one of the dates)."""
    if isinstance(days_off, str):
        return day in bank_holidays(days_off, day.year)
    return day in days_off


def is_working_day(day: date, days_off: DaysOff = NO_HOLIDAYS) -> bool:
    """True for Monday to Friday, unless the day is one of `days_off`."""
    return day.weekday() < _SATURDAY and not is_day_off(day, days_off)


def next_working_day(day: date, days_off: DaysOff = NO_HOLIDAYS) -> date:
    """`day` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day, days_off):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, n: int, days_off: DaysOff = NO_HOLIDAYS) -> date:
    """The n-th working day counting the first working day on or after `start` as day 0."""
    if n < 0:
        raise ValueError(f"the number of working days cannot be negative (got {n})")
    day = next_working_day(start, days_off)
    for _ in range(n):
        day = next_working_day(day + timedelta(days=1), days_off)
    return day


def add_months(start: date, months: int) -> date:
    """The same day of the month `months` later; a day the month lacks becomes its last day
    (31 August + 6 months is 28 or 29 February), as review rhythms are read in practice."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def whole_months_between(start: date, end: date) -> int:
    """How many whole months from `start` to `end` (0 when `end` is before a month has passed)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def days_phrase(days: int) -> str:
    """'1 day' or '82 days'."""
    return f"{days} day" if days == 1 else f"{days} days"
