"""The chronology: events by the day they happened and their time, each agency's pieces, the
pieces one agency held alone, and the date rules that follow the day an event was learned."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reflect.model.scenario import Event, Scenario
from reflect.model.scenario_chronology import OTHER_RECORDS, chapter_date, merged_chronology
from tests.model.scenario.app_helpers import chapter, event, problems, scenario_data


def held(on: date, agency: str | None, *, time: str | None = None, **more: Any) -> dict[str, Any]:
    """An event an agency held, with an id of its own."""
    data = event(on)
    data.update(agency=agency, time=time, **more)
    return data


def chronology_scenario() -> dict[str, Any]:
    """Three chapters: police and school records; a call-out learned in May; a referral."""
    data = scenario_data()
    first = chapter(date(2026, 3, 1))
    first["events"] = [
        held(date(2026, 3, 2), "School", id="school-note"),
        held(date(2026, 3, 2), "Police", time="22:00", id="late-call"),
        held(date(2026, 3, 2), "Police", time="01:20", id="early-call", indicator=True),
        held(date(2026, 3, 9), "Health", id="clinic", shared_on=date(2026, 3, 20)),
    ]
    second = chapter(date(2026, 4, 1))
    second["events"] = [
        held(date(2026, 3, 5), "Police", id="call-out", learned_on=date(2026, 5, 4)),
        held(date(2026, 5, 6), None, id="meeting", indicator=True),
    ]
    third = chapter(date(2026, 6, 1))
    third["events"] = [
        held(date(2026, 6, 1), "Health", id="referral", shares=["school-note", "late-call"]),
        held(date(2026, 6, 2), "School", id="after", indicator=True),
    ]
    data["chapters"] = [first, second, third]
    return data


@pytest.fixture
def scenario() -> Scenario:
    return Scenario.model_validate(chronology_scenario())


def test_lines_run_by_the_day_it_happened_then_the_time_then_the_order_revealed(
    scenario: Scenario,
) -> None:
    found = merged_chronology(scenario.chapters, [0, 1])
    assert [line.event_id for line in found.lines] == [
        "school-note",  # no time: first on its day
        "early-call",
        "late-call",
        "call-out",  # happened 5 March, revealed in chapter 2
        "clinic",
        "meeting",
    ]
    call_out = next(line for line in found.lines if line.event_id == "call-out")
    assert (call_out.on, call_out.learned_on, call_out.step) == (
        date(2026, 3, 5),
        date(2026, 5, 4),
        2,
    )


def test_each_agency_is_a_column_in_the_order_it_first_appears_other_records_last(
    scenario: Scenario,
) -> None:
    found = merged_chronology(scenario.chapters, [0, 1])
    assert found.agencies == ("School", "Police", "Health", OTHER_RECORDS)


def test_a_piece_is_held_alone_until_shared_on_its_date_or_by_an_event_revealed(
    scenario: Scenario,
) -> None:
    first = merged_chronology(scenario.chapters, [0])
    assert first.as_of == date(2026, 3, 9)
    assert first.held_alone == ("school-note", "early-call", "late-call", "clinic")
    # By the second chapter's date the clinic had shared its piece; the meeting names no agency.
    second = merged_chronology(scenario.chapters, [0, 1])
    assert second.as_of == date(2026, 5, 6)
    assert second.held_alone == ("school-note", "early-call", "late-call", "call-out")
    # The referral, once revealed, shares two of them: the others are still held alone.
    third = merged_chronology(scenario.chapters, [0, 1, 2])
    assert third.held_alone == ("early-call", "call-out", "referral", "after")


def test_a_chapter_stands_on_its_as_of_or_the_last_day_an_event_was_learned(
    scenario: Scenario,
) -> None:
    assert chapter_date(scenario.chapters[1]) == date(2026, 5, 6)
    data = chronology_scenario()
    data["chapters"][1]["as_of"] = date(2026, 5, 20)
    assert chapter_date(Scenario.model_validate(data).chapters[1]) == date(2026, 5, 20)


def test_an_event_learned_after_its_chapters_date_is_refused_at_learned_on() -> None:
    data = chronology_scenario()
    data["chapters"][1]["as_of"] = date(2026, 5, 5)
    [(at, message)] = problems(data)
    assert at == ("chapters", 1, "events", 1, "on")
    assert "after the chapter's date (as_of: 2026-05-05)" in message
    data["chapters"][1]["as_of"] = date(2026, 5, 1)
    found = problems(data)
    assert [at for at, _ in found] == [
        ("chapters", 1, "events", 0, "learned_on"),
        ("chapters", 1, "events", 1, "on"),
    ]


def test_the_chapter_order_rule_follows_the_day_learned_not_the_day_it_happened() -> None:
    # The call-out happened on 5 March, before chapter 1 ends (9 March): learned in May, fine.
    assert Scenario.model_validate(chronology_scenario())
    data = chronology_scenario()
    del data["chapters"][1]["events"][0]["learned_on"]
    [(at, message)] = problems(data)
    assert at == ("chapters", 1, "events", 0, "on")
    assert "chapter 2 starts on 2026-03-05, before chapter 1 ends (2026-03-09)" in message
    data = chronology_scenario()
    data["chapters"][1]["events"][0]["learned_on"] = date(2026, 3, 7)
    [(at, message)] = problems(data)
    assert at == ("chapters", 1, "events", 0, "learned_on")
    assert "reveals an event learned on 2026-03-07, before chapter 1 ends" in message


def test_an_event_is_not_learned_or_shared_before_it_happened() -> None:
    data = held(date(2026, 3, 5), "Police", learned_on=date(2026, 3, 4), shared_on=date(2026, 3, 1))
    found = problems(data, Event)
    assert [at for at, _ in found] == [("learned_on",), ("shared_on",)]
    assert "before it happened (2026-03-05)" in found[0][1]


def test_a_time_is_on_the_24_hour_clock_and_an_unquoted_one_is_read_back() -> None:
    assert Event.model_validate(held(date(2026, 3, 5), "Police", time="23:40")).time == "23:40"
    assert Event.model_validate(held(date(2026, 3, 5), "Police", time=1320)).time == "22:00"
    assert problems(held(date(2026, 3, 5), "Police", time="25:00"), Event)[0][0] == ("time",)


def test_shares_names_earlier_events_that_exist() -> None:
    data = chronology_scenario()
    data["chapters"][2]["events"][0]["shares"] = ["no-such-event", "after"]
    found = problems(data)
    assert found == [
        (("chapters", 2, "events", 0, "shares", 0), "no event has the id 'no-such-event'"),
        (
            ("chapters", 2, "events", 0, "shares", 1),
            "'after' happens later (2026-06-02); share it from then",
        ),
    ]


def test_spotting_on_the_chronology_needs_a_warning_sign_revealed_by_then() -> None:
    data = chronology_scenario()
    spot = {"kind": "spot_indicators", "prompt": "Which?", "scope": "chronology"}
    for item in data["chapters"][2]["events"]:
        item["indicator"] = False
    data["chapters"][2]["activities"] = [spot]
    assert Scenario.model_validate(data)  # the earlier chapters' warning signs count
    for each in data["chapters"]:
        for item in each["events"]:
            item["indicator"] = False
    data["chapters"][0]["activities"] = data["chapters"][1]["activities"] = [
        {"kind": "gibbs_reflection", "prompt": "Reflect."}
    ]
    [(at, message)] = problems(data)
    assert at == ("chapters", 2, "activities", 0, "scope")
    assert "one with indicator: true, on every way to it" in message
