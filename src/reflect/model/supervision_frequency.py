"""Supervision at the policy's frequency: an organisation's rule as data, and for each
supervisee the last session, the next due, days overdue, the share on time over twelve months,
the longest gap, and each cancellation with whether it was rearranged in time.

How each kind of interval is judged (sessions come from supervision_record.sessions_of):

- every N months: each session is due N months after the one before (reflect.model.workdays
  .add_months: 31 August + 6 months is 28 or 29 February); a session on its due date is on
  time. The next is due N months after the last; overdue from the day after.
- every half term: each half term of the organisation's TermCalendar needs a session by its
  last working day (supervision_calendar). Without term dates, every `half_term_days` days.
  Overdue since the first half term after the last session that ended without one.
- N a year: at least N sessions in each academic year (from 1 September); a year can only be
  missed once it is over, so this interval is never overdue within a year.

The share on time counts the sessions held in the twelve months up to the day of the report
that had a due date (and, for an interval overdue now, the session that is missing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from reflect.model._base import Source, StrictModel
from reflect.model.dates import long_date
from reflect.model.supervision_agreement import SLUG
from reflect.model.supervision_calendar import ACADEMIC_YEAR_STARTS, TermCalendar, academic_year
from reflect.model.supervision_gaps import WINDOW_MONTHS, Gap, LateSession, longest_gap
from reflect.model.supervision_record import (
    Session,
    SessionRecord,
    cancellations_of,
    sessions_of,
)
from reflect.model.workdays import add_months, days_phrase

CountedFormat = Literal["one-to-one", "group", "any"]
Setting = Literal["internal", "external", "either"]
RearrangeState = Literal["rearranged-in-time", "rearranged-late", "not-rearranged", "pending"]

REARRANGE_WITHIN_DAYS = 14
"""001 Appendix A: a new date for a cancelled session within two weeks wherever possible."""
SIGN_WITHIN_DAYS = 7
"""Our reading of 'recorded promptly' (001 Principle 4): both sign within a week."""


class Interval(StrictModel):
    """One requirement of a rule: which sessions count, and how often they are due."""

    id: str = Field(pattern=SLUG, description="Stable id within the rule, e.g. 'one-to-one'.")
    name: str = Field(min_length=1, description="The requirement as shown.")
    format: CountedFormat = Field(default="any", description="Which sessions count.")
    setting: Setting = Field(default="either", description="Internal, external, or either.")
    every_months: int | None = Field(default=None, ge=1, le=24, description="Every N months.")
    every_half_term: bool = Field(default=False, description="Once in every half term.")
    per_year: int | None = Field(default=None, ge=1, le=52, description="N each academic year.")
    half_term_days: int = Field(
        default=61, ge=7, description="A half term in days, used when no term dates are set."
    )
    frequency: str | None = Field(
        default=None, pattern=SLUG, description="The frequency in supervision.yaml it follows."
    )
    source: Source | None = Field(default=None, description="An organisation's own source.")

    @model_validator(mode="after")
    def _one_kind(self) -> Interval:
        kinds = [self.every_months is not None, self.every_half_term, self.per_year is not None]
        if sum(kinds) != 1:
            raise ValueError(
                f"interval '{self.id}' needs exactly one of every_months, every_half_term "
                "and per_year"
            )
        return self

    def counts(self, session: Session) -> bool:
        """Whether a session counts towards this interval."""
        fits_format = self.format in ("any", session.format)
        external = {"internal": False, "external": True}.get(self.setting, session.external)
        return fits_format and session.external == external


class FrequencyRule(StrictModel):
    """How often an organisation asks for supervision, as one or more intervals."""

    id: str = Field(pattern=SLUG, description="Stable id, e.g. 'hwccg'.")
    name: str = Field(min_length=1, description="The rule as shown.")
    description: str = Field(default="", description="What it asks, in a sentence.")
    intervals: tuple[Interval, ...] = Field(min_length=1, description="Every requirement.")
    rearrange_within_days: int = Field(
        default=REARRANGE_WITHIN_DAYS, ge=1, description="Days to rearrange a cancelled session."
    )
    sign_within_days: int = Field(
        default=SIGN_WITHIN_DAYS, ge=0, description="Days after a session to sign its record."
    )
    year_starts_month: int = Field(
        default=ACADEMIC_YEAR_STARTS, ge=1, le=12, description="The month a year starts."
    )
    source: Source | None = Field(default=None, description="The policy the rule comes from.")

    @model_validator(mode="after")
    def _ids_unique(self) -> FrequencyRule:
        ids = [interval.id for interval in self.intervals]
        if len(ids) != len(set(ids)):
            raise ValueError(f"rule '{self.id}': each interval needs its own id")
        return self


class IntervalReport(StrictModel):
    """How one supervisee fares against one interval on one day."""

    interval: Interval = Field(description="The requirement.")
    last_session: date | None = Field(description="The last session that counts.")
    next_due: date | None = Field(description="When the next is due (past: overdue).")
    days_overdue: int = Field(ge=0, description="Days past the due date; 0 when not overdue.")
    on_time: int = Field(ge=0, description="Sessions on time in the last twelve months.")
    due: int = Field(ge=0, description="Sessions due in the last twelve months.")
    longest_gap: Gap | None = Field(description="The longest gap in the last twelve months.")
    late: tuple[LateSession, ...] = Field(
        default=(), description="Each session late (or missing) in the last twelve months."
    )
    this_year: int | None = Field(default=None, description="Sessions this year (per year).")
    last_year: int | None = Field(default=None, description="Sessions last year (per year).")
    note: str = Field(default="", description="How it was worked out, when that is not plain.")

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.due if self.due else None

    def text(self) -> str:
        """The figures in a sentence."""
        parts = [f"{self.interval.name}:"]
        last = long_date(self.last_session) if self.last_session else "none recorded"
        parts.append(f"last session {last};")
        if self.next_due is not None:
            late = f", {days_phrase(self.days_overdue)} overdue" if self.days_overdue else ""
            parts.append(f"next due by {long_date(self.next_due)}{late};")
        if self.this_year is not None and self.interval.per_year is not None:
            parts.append(f"{self.this_year} of {self.interval.per_year} this year;")
        parts.append(f"{self.on_time} of {self.due} on time in the last 12 months.")
        if self.longest_gap is not None:
            still = " (still open)" if self.longest_gap.ongoing else ""
            parts.append(f"Longest gap {days_phrase(self.longest_gap.days)}{still}.")
        return " ".join([*parts, self.note]).strip()


class CancellationReport(StrictModel):
    """A cancelled session and whether it was rearranged within the rule's time."""

    planned_on: date = Field(description="The day it was planned for.")
    rearranged_to: date | None = Field(description="The new date agreed, if any.")
    state: RearrangeState = Field(description="In time, late, not rearranged, or still time.")
    held: bool = Field(description="Whether a session was held on the new date.")
    cancelled_by: str = Field(default="", description="Who cancelled it.")
    reason: str = Field(default="", description="Why.")


class FrequencyReport(StrictModel):
    """One supervisee against their rule on one day."""

    supervisee: str = Field(description="Whom the report is about.")
    rule: FrequencyRule = Field(description="The rule they are held to.")
    on: date = Field(description="The day of the report.")
    intervals: tuple[IntervalReport, ...] = Field(description="One per interval of the rule.")
    cancellations: tuple[CancellationReport, ...] = Field(description="In the last 12 months.")

    @property
    def last_session(self) -> date | None:
        return max((r.last_session for r in self.intervals if r.last_session), default=None)

    @property
    def next_due(self) -> date | None:
        return min((r.next_due for r in self.intervals if r.next_due), default=None)

    @property
    def days_overdue(self) -> int:
        return max(report.days_overdue for report in self.intervals)


def frequency_report(
    records: Iterable[SessionRecord],
    supervisee: str,
    rule: FrequencyRule,
    on: date,
    calendar: TermCalendar | None = None,
    since: date | None = None,
) -> FrequencyReport:
    """The supervisee's sessions up to `on` against `rule` (see the module docstring). `since`
    (say, the day the agreement was made) starts the clock before a first session."""
    records = list(records)
    sessions = [s for s in sessions_of(records, supervisee) if s.held_on <= on]
    reports = []
    for interval in rule.intervals:
        dates = [session.held_on for session in sessions if interval.counts(session)]
        reports.append(_interval_report(interval, dates, on, calendar, since, rule))
    start = add_months(on, -WINDOW_MONTHS)
    cancellations = tuple(
        _cancellation(record, sessions, rule, on)
        for record in cancellations_of(records, supervisee)
        if start <= record.held_on <= on
    )
    return FrequencyReport(
        supervisee=supervisee,
        rule=rule,
        on=on,
        intervals=tuple(reports),
        cancellations=cancellations,
    )


def _interval_report(
    interval: Interval,
    dates: list[date],
    on: date,
    calendar: TermCalendar | None,
    since: date | None,
    rule: FrequencyRule,
) -> IntervalReport:
    gap = longest_gap(dates, on)
    last = dates[-1] if dates else None
    if interval.every_months is not None:
        months = interval.every_months
        return _rolling(interval, dates, lambda day: add_months(day, months), on, since, gap)
    if interval.every_half_term:
        if calendar is None:
            days = timedelta(days=interval.half_term_days)
            note = f"No term dates are set, so a half term is counted as {days.days} days."
            report = _rolling(interval, dates, lambda day: day + days, on, since, gap)
            return report.model_copy(update={"note": note})
        return _half_termly(interval, dates, on, calendar, gap)
    needed = interval.per_year or 1
    this_start, this_end = academic_year(on, rule.year_starts_month)
    last_start, last_end = academic_year(this_start - timedelta(days=1), rule.year_starts_month)
    this_year = sum(1 for day in dates if this_start <= day <= on)
    last_year = sum(1 for day in dates if last_start <= day <= last_end)
    due = on_time = 0
    if since is None or since <= last_start:
        due, on_time = 1, int(last_year >= needed)
    if this_year >= needed:
        due, on_time = due + 1, on_time + 1
    following_end = academic_year(this_end + timedelta(days=1), rule.year_starts_month)[1]
    return IntervalReport(
        interval=interval,
        last_session=last,
        next_due=this_end if this_year < needed else following_end,
        days_overdue=0,
        on_time=on_time,
        due=due,
        longest_gap=gap,
        this_year=this_year,
        last_year=last_year,
    )


def _rolling(
    interval: Interval,
    dates: Sequence[date],
    step: Callable[[date], date],
    on: date,
    since: date | None,
    gap: Gap | None,
) -> IntervalReport:
    start = add_months(on, -WINDOW_MONTHS)
    previous = since if since is not None and (not dates or since <= dates[0]) else None
    due = on_time = 0
    late: list[LateSession] = []
    for day in dates:
        if previous is not None and start <= day:
            due += 1
            on_time += day <= step(previous)
            if day > step(previous):
                late.append(LateSession.of(step(previous), day))
        previous = day
    next_due = step(previous) if previous is not None else None
    overdue = max(0, (on - next_due).days) if next_due is not None else 0
    if overdue and next_due is not None:
        late.append(LateSession.of(next_due, None, on))
    return IntervalReport(
        interval=interval,
        last_session=dates[-1] if dates else None,
        next_due=next_due,
        days_overdue=overdue,
        on_time=on_time,
        due=due + (1 if overdue else 0),
        longest_gap=gap,
        late=tuple(late),
    )


def _half_termly(
    interval: Interval, dates: list[date], on: date, calendar: TermCalendar, gap: Gap | None
) -> IntervalReport:
    start = add_months(on, -WINDOW_MONTHS)
    met_by_due: list[bool] = []
    due = on_time = 0
    last_index = -1
    late: list[LateSession] = []
    for index in range(len(calendar.half_terms)):
        first, last = calendar.period(index)
        deadline = calendar.due_by(index)
        held = [day for day in dates if first <= day <= last]
        if held:
            last_index = index
        in_time = any(day <= deadline for day in held)
        met_by_due.append(in_time)
        if deadline >= start and (deadline < on or in_time) and first <= on:
            due, on_time = due + 1, on_time + in_time
            if not in_time:  # the half term's session came after its deadline, or never
                after = next((day for day in dates if day > deadline), None)
                late.append(LateSession.of(deadline, after, on))
    missed = [
        index
        for index in range(last_index + 1, len(calendar.half_terms))
        if calendar.due_by(index) < on
    ]
    current = calendar.index_on(on)
    note = ""
    if missed:
        next_due: date | None = calendar.due_by(missed[0])
    else:
        upcoming = max(last_index + 1, current if current is not None else len(met_by_due))
        if on < calendar.half_terms[0].starts:
            upcoming = max(last_index + 1, 0)
        next_due = calendar.due_by(upcoming) if upcoming < len(met_by_due) else None
    if on > calendar.covers_until or next_due is None:
        note = (
            f"The term dates end on {long_date(calendar.covers_until)}; "
            "add the next year's half terms."
        )
    overdue = max(0, (on - next_due).days) if next_due is not None else 0
    return IntervalReport(
        interval=interval,
        last_session=dates[-1] if dates else None,
        next_due=next_due,
        days_overdue=overdue,
        on_time=on_time,
        due=due,
        longest_gap=gap,
        note=note,
        late=tuple(late),
    )


def _cancellation(
    record: SessionRecord, sessions: list[Session], rule: FrequencyRule, on: date
) -> CancellationReport:
    limit = record.held_on + timedelta(days=rule.rearrange_within_days)
    state: RearrangeState
    if record.rearranged_to is not None:
        state = "rearranged-in-time" if record.rearranged_to <= limit else "rearranged-late"
    else:
        state = "pending" if on <= limit else "not-rearranged"
    return CancellationReport(
        planned_on=record.held_on,
        rearranged_to=record.rearranged_to,
        state=state,
        held=any(session.held_on == record.rearranged_to for session in sessions),
        cancelled_by=record.cancelled_by,
        reason=record.reason,
    )
