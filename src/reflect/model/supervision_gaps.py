"""The gaps between supervision sessions, and the sessions that came late: the figures the
frequency report (supervision_frequency) gives per requirement."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.dates import long_date
from reflect.model.workdays import add_months, days_phrase

WINDOW_MONTHS = 12
"""Reports look back twelve months."""


class Gap(StrictModel):
    """The time between two sessions (or since the last, when it is still open)."""

    starts: date = Field(description="The earlier session.")
    ends: date = Field(description="The later session, or the report's day if ongoing.")
    ongoing: bool = Field(description="True when no session has ended it yet.")

    @property
    def days(self) -> int:
        return (self.ends - self.starts).days


class LateSession(StrictModel):
    """A session that came after its due date, or that has not come at all."""

    due_by: date = Field(description="When the session was due.")
    held_on: date | None = Field(description="When it was held; None while it is still missing.")
    days_late: int = Field(ge=1, description="Days after the due date it was held (or till now).")

    @classmethod
    def of(cls, due_by: date, held_on: date | None, on: date | None = None) -> LateSession:
        """The session due by `due_by`, held on `held_on` (or still missing on `on`)."""
        until = held_on or on
        if until is None:
            raise ValueError("a missing session is late as of a day: give `on`")
        return cls(due_by=due_by, held_on=held_on, days_late=max(1, (until - due_by).days))

    def text(self) -> str:
        """'Held 10 July 2026, 38 days after it was due by 2 June 2026' (or still missing)."""
        due = long_date(self.due_by)
        if self.held_on is None:
            return f"Due by {due}: not held yet, {days_phrase(self.days_late)} overdue"
        return (
            f"Held {long_date(self.held_on)}, {days_phrase(self.days_late)} after it was due by "
            f"{due}"
        )


def longest_gap(dates: Sequence[date], on: date) -> Gap | None:
    """The longest gap ending in the last twelve months, counting the one still open."""
    if not dates:
        return None
    start = add_months(on, -WINDOW_MONTHS)
    gaps = [
        Gap(starts=earlier, ends=later, ongoing=False)
        for earlier, later in itertools.pairwise(dates)
        if later >= start
    ]
    gaps.append(Gap(starts=dates[-1], ends=on, ongoing=True))
    return max(gaps, key=lambda gap: gap.days)
