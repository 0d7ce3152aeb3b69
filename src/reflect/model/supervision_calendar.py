"""An organisation's term dates, for supervision due every half term (003), and academic years,
for sessions due a number of times a year.

A half term runs from its first day to the day before the next one starts, so the holiday
after it belongs to it: a session held in that holiday counts for the half term, but late.
A half term's session is due by its last working day (weekends and the calendar's region's
bank holidays skipped, reflect.model.workdays): a half term that ends on Good Friday has its
session due by the Thursday. A school sets its own term dates (they differ by local authority
and academy trust), so the calendar is the organisation's data, never guessed.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import Field, model_validator

from reflect.model._base import StrictModel
from reflect.model.workdays import DEFAULT_REGION, Region, is_working_day

ACADEMIC_YEAR_STARTS = 9
"""September: the month an English school year starts, for rules counted per year."""


class HalfTerm(StrictModel):
    """One half term of a school year: its name and its first and last days of teaching."""

    name: str = Field(min_length=1, description="As the school names it, e.g. 'Autumn 1 2025'.")
    starts: date = Field(description="Its first day.")
    ends: date = Field(description="Its last day, before the holiday.")

    @model_validator(mode="after")
    def _in_order(self) -> HalfTerm:
        if self.ends < self.starts:
            raise ValueError(f"{self.name} ends before it starts")
        return self


class TermCalendar(StrictModel):
    """An organisation's half terms, in order, and the region whose bank holidays it skips."""

    half_terms: tuple[HalfTerm, ...] = Field(
        min_length=1, description="The half terms, earliest first, none overlapping."
    )
    region: Region = Field(default=DEFAULT_REGION, description="Whose bank holidays to skip.")

    @model_validator(mode="after")
    def _no_overlap(self) -> TermCalendar:
        for earlier, later in zip(self.half_terms, self.half_terms[1:], strict=False):
            if later.starts <= earlier.ends:
                raise ValueError(
                    f"{later.name} starts before {earlier.name} ends: half terms go in order "
                    "without overlapping"
                )
        return self

    @property
    def covers_until(self) -> date:
        """The last day the calendar knows of."""
        return self.half_terms[-1].ends

    def period(self, index: int) -> tuple[date, date]:
        """The days that count for half term `index`: its first day to the day before the next
        starts (the last half term: to its last day)."""
        half_term = self.half_terms[index]
        if index + 1 < len(self.half_terms):
            return half_term.starts, self.half_terms[index + 1].starts - timedelta(days=1)
        return half_term.starts, half_term.ends

    def due_by(self, index: int) -> date:
        """The last working day of half term `index`, by which its session is due."""
        half_term = self.half_terms[index]
        day = half_term.ends
        while day > half_term.starts and not is_working_day(day, self.region):
            day -= timedelta(days=1)
        return day

    def index_on(self, day: date) -> int | None:
        """The half term whose period holds `day`; None before the first or after the last."""
        for index in range(len(self.half_terms)):
            first, last = self.period(index)
            if first <= day <= last:
                return index
        return None


def academic_year(day: date, starts_month: int = ACADEMIC_YEAR_STARTS) -> tuple[date, date]:
    """The first and last days of the (academic) year that holds `day`."""
    year = day.year if day.month >= starts_month else day.year - 1
    first = date(year, starts_month, 1)
    next_first = date(year + 1, starts_month, 1)
    return first, next_first - timedelta(days=1)
