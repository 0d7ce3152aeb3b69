"""The scenario model's structure: chapters, events in date order, activities and questions."""

from __future__ import annotations

from datetime import date

import pytest

from reflect.model.scenario import Chapter, Event, Question, Scenario
from tests.model.scenario.app_helpers import chapter, event, problems, question, scenario_data


def test_a_complete_scenario_validates() -> None:
    scenario = Scenario.model_validate(scenario_data())
    assert sum(len(chapter.indicators) for chapter in scenario.chapters) == 3
    assert scenario.chapters[0].events[0].on == date(2026, 1, 5)


def test_an_indicator_without_why_is_refused_but_an_ordinary_event_needs_none() -> None:
    assert Event.model_validate(event(date(2026, 1, 5), why=None)).why is None
    found = problems(event(date(2026, 1, 5), indicator=True, why=None), Event)
    assert found == [(("why",), "an indicator needs `why`: a note on why it matters")]


def test_a_number_is_not_taken_as_a_date() -> None:
    found = problems({"id": "x", "on": 20260105, "text": "x"}, Event)
    assert found[0][0] == ("on",)
    assert "YYYY-MM-DD" in found[0][1]


def test_events_out_of_order_in_a_chapter_are_named_by_position() -> None:
    data = chapter(date(2026, 1, 5), date(2026, 1, 9), date(2026, 1, 7))
    [(at, message)] = problems(data, Chapter)
    assert at == ("events", 2, "on")
    assert "2026-01-07 is before the event above it (2026-01-09)" in message


def test_events_on_the_same_day_are_in_order() -> None:
    loaded = Chapter.model_validate(chapter(date(2026, 1, 5), date(2026, 1, 5)))
    assert [event.on for event in loaded.events] == [date(2026, 1, 5), date(2026, 1, 5)]


def test_a_chapter_may_start_the_day_the_last_one_ended_but_not_before() -> None:
    data = scenario_data()
    data["chapters"][1] = chapter(date(2026, 1, 6), date(2026, 1, 8))
    assert Scenario.model_validate(data).chapters[1].events[0].on == date(2026, 1, 6)
    data["chapters"][1] = chapter(date(2026, 1, 5), date(2026, 1, 8))
    [(at, message)] = problems(data)
    assert at == ("chapters", 1, "events", 0, "on")
    assert "chapter 2 starts on 2026-01-05, before chapter 1 ends (2026-01-06)" in message


@pytest.mark.parametrize(("count", "accepted"), [(2, False), (3, True), (6, True), (7, False)])
def test_a_scenario_has_three_to_six_chapters(count: int, accepted: bool) -> None:
    data = scenario_data()
    data["chapters"] = [chapter(date(2026, 1, n), date(2026, 1, n)) for n in range(1, count + 1)]
    if accepted:
        assert len(Scenario.model_validate(data).chapters) == count
    else:
        assert problems(data)[0][0] == ("chapters",)


def test_a_chapter_needs_an_activity_and_an_event() -> None:
    data = chapter(date(2026, 1, 5), date(2026, 1, 6))
    data["activities"] = []
    assert problems(data, Chapter)[0][0] == ("activities",)
    data = chapter(date(2026, 1, 5))
    data["events"] = []
    assert ("events",) in [at for at, _ in problems(data, Chapter)]


def test_spotting_needs_an_indicator_among_the_events() -> None:
    data = chapter(date(2026, 1, 5), date(2026, 1, 6))
    data["events"][0]["indicator"] = False
    assert problems(data, Chapter) == [
        (("activities", 0), "spot_indicators needs an event with indicator: true")
    ]


def test_a_chapter_lists_its_event_ids_and_indicators_in_order() -> None:
    data = chapter(date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 7))
    data["events"][2]["indicator"] = True
    loaded = Chapter.model_validate(data)
    ids = tuple(item["id"] for item in data["events"])
    assert loaded.event_ids == ids
    assert loaded.indicators == (ids[0], ids[2])


def test_an_unknown_activity_kind_is_refused() -> None:
    data = chapter(date(2026, 1, 5), date(2026, 1, 6), activities=[{"kind": "quiz", "prompt": "?"}])
    [(at, message)] = problems(data, Chapter)
    assert at == ("activities", 0)
    assert "'quiz'" in message
    assert "spot_indicators" in message


def test_a_question_needs_two_options_and_one_correct() -> None:
    assert problems(question(True), Question)[0][0] == ("options",)
    assert problems(question(False, False), Question) == [
        (("options",), "mark at least one option `correct: true`")
    ]
    loaded = Question.model_validate(question(False, True, True))
    assert loaded.correct_options == ("option-1", "option-2")
    assert loaded.option_ids == ("option-0", "option-1", "option-2")
