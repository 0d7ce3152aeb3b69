"""How reflect words a date, in one place: as people in the UK write it in a record, the same
on every machine whatever its locale ('3 March 2026', 'Friday 5 June 2026')."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date) -> str:
    """'3 March 2026'."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def weekday_date(day: date) -> str:
    """'Friday 5 June 2026': where the weekday matters, as when a due date jumps a weekend."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {long_date(day)}"


def date_list(days: Iterable[date]) -> str:
    """Dates as '2 February 2026, 2 March 2026 and 6 April 2026'."""
    return and_list([long_date(day) for day in days])


def and_list(words: Sequence[str]) -> str:
    """Words as a sentence lists them: 'a', 'a and b', 'a, b and c' ('' for none)."""
    return " and ".join(filter(None, (", ".join(words[:-1]), *words[-1:])))
