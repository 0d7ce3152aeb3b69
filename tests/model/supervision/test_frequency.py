"""Frequency against the policy, at its edges: a session on the due date is on time, a half
term that ends on a bank holiday or runs into a holiday, a year's sessions, cancellations."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from reflect import frameworks
from reflect.model.supervision_calendar import HalfTerm, TermCalendar, academic_year
from reflect.model.supervision_frequency import (
    FrequencyRule,
    Interval,
    frequency_report,
)
from reflect.model.supervision_record import SessionRecord

FORMS = frameworks.supervision_forms()
HWCCG, LINGFIELD = FORMS.frequency_rule("hwccg"), FORMS.frequency_rule("lingfield")
PROGRESS = FORMS.frequency_rule("progress-careers")
ALI = "Ali Khan"


def held(day: date, record_id: str = "", **fields: object) -> SessionRecord:
    base: dict[str, object] = {
        "id": record_id or f"r-{day.isoformat()}",
        "kind": "not-about-a-child",
        "supervisor": "Sam Okafor",
        "supervisee": ALI,
        "held_on": day,
    }
    return SessionRecord.model_validate(base | fields)


def group(day: date) -> SessionRecord:
    return held(day, f"g-{day}", kind="group", supervisee="", members=(ALI, "Bo Li"))


def cancelled(day: date, rearranged_to: date | None = None) -> SessionRecord:
    return held(day, f"c-{day}", kind="cancelled", rearranged_to=rearranged_to, reason="Sick")


THREE_MONTHLY = [held(date(2026, 3, 3)), held(date(2026, 6, 3)), held(date(2026, 9, 5))]


def test_the_rules_follow_the_frequencies_of_supervision_yaml() -> None:
    framework = frameworks.supervision_framework()
    known = {frequency.id: frequency for frequency in framework.frequencies}
    for rule in FORMS.frequency_rules:
        assert rule.source is not None
        for interval in rule.intervals:
            assert interval.frequency in known, f"{rule.id}.{interval.id}"
            assert known[interval.frequency].source.document == rule.source.document
            if interval.every_half_term:
                assert interval.half_term_days == known[interval.frequency].interval_days
    assert [i.every_months for i in HWCCG.intervals] == [3, 6]
    assert [i.format for i in HWCCG.intervals] == ["one-to-one", "group"]
    assert (
        FORMS.frequency_rule("progress-careers-additional-support").intervals[0].every_months == 1
    )
    assert (LINGFIELD.intervals[0].every_half_term, LINGFIELD.intervals[1].per_year) == (True, 2)


def test_a_session_on_its_due_date_is_on_time_and_a_day_later_is_late() -> None:
    report = frequency_report(THREE_MONTHLY, ALI, HWCCG, date(2026, 12, 5))
    one_to_one = report.intervals[0]
    assert (one_to_one.last_session, one_to_one.next_due) == (date(2026, 9, 5), date(2026, 12, 5))
    assert one_to_one.days_overdue == 0  # the due date itself
    assert (one_to_one.on_time, one_to_one.due) == (1, 2)  # 3 June on time, 5 September late
    later = frequency_report(THREE_MONTHLY, ALI, HWCCG, date(2026, 12, 10)).intervals[0]
    assert later.days_overdue == 5
    assert (later.on_time, later.due, later.share_on_time) == (1, 3, 1 / 3)
    assert later.longest_gap is not None
    assert (later.longest_gap.days, later.longest_gap.ongoing) == (96, True)
    assert "next due by 5 December 2026, 5 days overdue" in later.text()


def test_six_months_from_31_august_is_the_end_of_february() -> None:
    on_time = [held(date(2026, 8, 31)), held(date(2027, 2, 28))]
    late = [held(date(2026, 8, 31)), held(date(2027, 3, 1))]
    assert frequency_report(on_time, ALI, PROGRESS, date(2027, 3, 1)).intervals[0].on_time == 1
    assert frequency_report(late, ALI, PROGRESS, date(2027, 3, 1)).intervals[0].on_time == 0


def test_group_sessions_count_for_the_group_interval_only() -> None:
    records = [*THREE_MONTHLY, group(date(2026, 4, 1))]
    report = frequency_report(records, ALI, HWCCG, date(2026, 10, 2))
    one_to_one, in_group = report.intervals
    assert one_to_one.last_session == date(2026, 9, 5)
    assert (in_group.last_session, in_group.next_due, in_group.days_overdue) == (
        date(2026, 4, 1),
        date(2026, 10, 1),
        1,
    )
    assert report.days_overdue == 1
    assert report.next_due == date(2026, 10, 1)
    assert report.last_session == date(2026, 9, 5)


def test_before_a_first_session_the_clock_starts_with_the_agreement() -> None:
    none_yet = frequency_report([], ALI, HWCCG, date(2026, 4, 2), since=date(2026, 1, 1))
    first = none_yet.intervals[0]
    assert (first.next_due, first.days_overdue, first.on_time, first.due) == (
        date(2026, 4, 1),
        1,
        0,
        1,
    )
    unknown = frequency_report([], ALI, HWCCG, date(2026, 4, 2)).intervals[0]
    assert (unknown.next_due, unknown.days_overdue, unknown.longest_gap) == (None, 0, None)
    assert "last session none recorded" in unknown.text()


# A school year's half terms; spring 2 ends on Good Friday, 3 April 2026 (a bank holiday).
CALENDAR = TermCalendar(
    half_terms=(
        HalfTerm(name="Autumn 1", starts=date(2025, 9, 3), ends=date(2025, 10, 24)),
        HalfTerm(name="Autumn 2", starts=date(2025, 11, 3), ends=date(2025, 12, 19)),
        HalfTerm(name="Spring 1", starts=date(2026, 1, 5), ends=date(2026, 2, 13)),
        HalfTerm(name="Spring 2", starts=date(2026, 2, 23), ends=date(2026, 4, 3)),
        HalfTerm(name="Summer 1", starts=date(2026, 4, 20), ends=date(2026, 5, 22)),
        HalfTerm(name="Summer 2", starts=date(2026, 6, 1), ends=date(2026, 7, 22)),
    )
)


def test_a_half_term_ending_on_a_bank_holiday_is_due_by_the_working_day_before() -> None:
    assert CALENDAR.due_by(3) == date(2026, 4, 2)  # Thursday before Good Friday
    assert CALENDAR.due_by(1) == date(2025, 12, 19)
    on_due_day = [held(date(2026, 4, 2))]
    on_holiday = [held(date(2026, 4, 3))]
    on = date(2026, 4, 10)
    assert frequency_report(on_due_day, ALI, LINGFIELD, on, CALENDAR).intervals[0].on_time == 1
    assert frequency_report(on_holiday, ALI, LINGFIELD, on, CALENDAR).intervals[0].on_time == 0


def test_the_holiday_after_a_half_term_belongs_to_it_but_a_session_then_is_late() -> None:
    assert CALENDAR.period(1) == (date(2025, 11, 3), date(2026, 1, 4))
    assert CALENDAR.index_on(date(2025, 12, 24)) == 1
    records = [held(date(2025, 10, 10)), held(date(2025, 12, 22)), held(date(2026, 4, 2))]
    # In the February half-term holiday: spring 1 ended with no session.
    february = frequency_report(records, ALI, LINGFIELD, date(2026, 2, 20), CALENDAR)
    internal = february.intervals[0]
    assert (internal.next_due, internal.days_overdue) == (date(2026, 2, 13), 7)
    assert (internal.on_time, internal.due) == (1, 3)  # autumn 2's was held in the holiday
    # After spring 2's session: not overdue, summer 1's is next; 2 of 4 on time this year.
    april = frequency_report(records, ALI, LINGFIELD, date(2026, 4, 10), CALENDAR).intervals[0]
    assert (april.next_due, april.days_overdue) == (date(2026, 5, 22), 0)
    assert (april.on_time, april.due) == (2, 4)
    assert april.note == ""


def test_in_a_half_term_already_met_the_next_one_is_due() -> None:
    records = [held(date(2026, 4, 22))]
    report = frequency_report(records, ALI, LINGFIELD, date(2026, 4, 23), CALENDAR).intervals[0]
    assert (report.next_due, report.days_overdue) == (date(2026, 7, 22), 0)
    after = frequency_report(records, ALI, LINGFIELD, date(2026, 9, 10), CALENDAR).intervals[0]
    assert after.days_overdue > 0
    assert "add the next year's half terms" in after.note


def test_without_term_dates_a_half_term_is_counted_in_days_and_says_so() -> None:
    records = [held(date(2026, 1, 5))]
    report = frequency_report(records, ALI, LINGFIELD, date(2026, 3, 10)).intervals[0]
    assert report.next_due == date(2026, 3, 7)  # 61 days
    assert report.days_overdue == 3
    assert "No term dates are set" in report.note


def test_external_sessions_are_counted_per_school_year_and_not_as_internal() -> None:
    assert academic_year(date(2026, 4, 10)) == (date(2025, 9, 1), date(2026, 8, 31))
    assert academic_year(date(2026, 9, 1)) == (date(2026, 9, 1), date(2027, 8, 31))
    records = [held(date(2025, 10, 15), external=True)]
    internal, external = frequency_report(records, ALI, LINGFIELD, date(2026, 4, 10)).intervals
    assert internal.last_session is None
    assert (external.this_year, external.last_year, external.next_due) == (
        1,
        0,
        date(2026, 8, 31),
    )
    assert (external.days_overdue, external.on_time, external.due) == (0, 0, 1)
    assert "1 of 2 this year" in external.text()
    started = frequency_report(
        records, ALI, LINGFIELD, date(2026, 4, 10), since=date(2025, 9, 1)
    ).intervals[1]
    assert started.due == 0
    twice = [*records, held(date(2026, 3, 1), external=True)]
    met = frequency_report(twice, ALI, LINGFIELD, date(2026, 4, 10)).intervals[1]
    assert (met.on_time, met.due, met.next_due) == (1, 2, date(2027, 8, 31))


@pytest.mark.parametrize(
    ("rearranged_to", "on", "state"),
    [
        (date(2026, 3, 24), date(2026, 4, 1), "rearranged-in-time"),  # exactly two weeks
        (date(2026, 3, 25), date(2026, 4, 1), "rearranged-late"),
        (None, date(2026, 3, 24), "pending"),
        (None, date(2026, 3, 25), "not-rearranged"),
    ],
)
def test_a_cancelled_session_is_rearranged_within_two_weeks(
    rearranged_to: date | None, on: date, state: str
) -> None:
    records = [cancelled(date(2026, 3, 10), rearranged_to), held(date(2026, 3, 24))]
    (report,) = frequency_report(records, ALI, HWCCG, on).cancellations
    assert (report.planned_on, report.state) == (date(2026, 3, 10), state)
    assert report.held == (rearranged_to == date(2026, 3, 24))
    assert report.reason == "Sick"


def test_a_rule_and_a_calendar_are_checked() -> None:
    with pytest.raises(ValidationError, match="exactly one of"):
        Interval(id="x", name="X", every_months=3, per_year=2)
    with pytest.raises(ValidationError, match="its own id"):
        FrequencyRule(
            id="ours",
            name="Ours",
            intervals=(Interval(id="x", name="X", every_months=1),) * 2,
        )
    with pytest.raises(ValidationError, match="starts before"):
        TermCalendar(
            half_terms=(
                HalfTerm(name="A", starts=date(2026, 1, 5), ends=date(2026, 2, 13)),
                HalfTerm(name="B", starts=date(2026, 2, 13), ends=date(2026, 3, 27)),
            )
        )
    with pytest.raises(ValidationError, match="ends before"):
        HalfTerm(name="A", starts=date(2026, 1, 5), ends=date(2026, 1, 4))


def test_each_late_session_is_named_with_its_due_date_and_how_late() -> None:
    later = frequency_report(THREE_MONTHLY, ALI, HWCCG, date(2026, 12, 10)).intervals[0]
    assert [(one.due_by, one.held_on, one.days_late) for one in later.late] == [
        (date(2026, 9, 3), date(2026, 9, 5), 2),  # held two days after it was due
        (date(2026, 12, 5), None, 5),  # the missing one, overdue now
    ]
    assert (
        later.late[0].text() == "Held 5 September 2026, 2 days after it was due by 3 September 2026"
    )
    assert later.late[1].text() == "Due by 5 December 2026: not held yet, 5 days overdue"
    on_due_day = frequency_report(THREE_MONTHLY, ALI, HWCCG, date(2026, 12, 5)).intervals[0]
    assert [one.held_on for one in on_due_day.late] == [date(2026, 9, 5)]  # not the one due today


def test_a_half_term_without_a_session_in_time_names_the_session_that_came_after() -> None:
    records = [held(date(2025, 10, 10)), held(date(2025, 12, 22)), held(date(2026, 4, 2))]
    april = frequency_report(records, ALI, LINGFIELD, date(2026, 4, 10), CALENDAR).intervals[0]
    assert [(one.due_by, one.held_on) for one in april.late] == [
        (date(2025, 12, 19), date(2025, 12, 22)),  # autumn 2's, held in the holiday
        (date(2026, 2, 13), date(2026, 4, 2)),  # spring 1's, none till spring 2
    ]
