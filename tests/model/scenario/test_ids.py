"""Ids of events, questions and options in the scenario model: required, well formed, unique
in their scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reflect.model.scenario import Event, Question, Scenario

# --- ids ----------------------------------------------------------------------------------
from tests.model.scenario.app_helpers import event, problems, question, scenario_data


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (Event, {"on": date(2026, 1, 5), "text": "x"}),
        (Question, {k: v for k, v in question(True, False).items() if k != "id"}),
    ],
)
def test_events_and_questions_need_an_id(model: type[Any], data: dict[str, Any]) -> None:
    assert problems(data, model) == [(("id",), "Field required")]


def test_every_option_needs_an_id() -> None:
    data = question(True, False)
    del data["options"][1]["id"]
    assert problems(data, Question) == [(("options", 1, "id"), "Field required")]


@pytest.mark.parametrize("bad_id", ["Mum-misses", "mum_misses", "mum misses", "-mum", ""])
def test_an_id_is_lowercase_words_joined_by_hyphens(bad_id: str) -> None:
    data = event(date(2026, 1, 5))
    data["id"] = bad_id
    assert problems(data, Event)[0][0] == ("id",)


def test_two_options_of_a_question_cannot_share_an_id() -> None:
    data = question(True, False, False)
    data["options"][2]["id"] = "option-0"
    [(at, message)] = problems(data, Question)
    assert at == ("options", 2, "id")
    assert "the id 'option-0' is already used by the option at options[0]" in message
    assert "give this one another, e.g. 'option-2'" in message


def test_two_events_in_different_chapters_cannot_share_an_id() -> None:
    data = scenario_data()
    data["chapters"][2]["events"][1]["id"] = data["chapters"][0]["events"][0]["id"]
    [(at, message)] = problems(data)
    assert at == ("chapters", 2, "events", 1, "id")
    assert "already used by the event at chapters[0].events[0]" in message
    assert "each event needs its own id in a scenario" in message


def test_two_questions_cannot_share_an_id_but_an_option_id_may_recur() -> None:
    data = scenario_data()
    data["chapters"][0]["activities"].append(question(True, False, question_id="what-next"))
    data["chapters"][1]["activities"].append(question(False, True, question_id="then-what"))
    loaded = Scenario.model_validate(data)  # the same option ids, in different questions
    first, second = loaded.chapters[0].activities[-1], loaded.chapters[1].activities[-1]
    assert [o.id for o in first.options] == [o.id for o in second.options]
    data["chapters"][1]["activities"][1]["id"] = "what-next"
    [(at, message)] = problems(data)
    assert at == ("chapters", 1, "activities", 1, "id")
    assert "the id 'what-next' is already used by the question at chapters[0].activities[1]" in (
        message
    )


def test_an_event_and_a_question_may_share_an_id() -> None:
    data = scenario_data()
    shared = data["chapters"][0]["events"][0]["id"]
    data["chapters"][0]["activities"].append(question(True, False, question_id=shared))
    loaded = Scenario.model_validate(data)
    assert loaded.chapters[0].events[0].id == loaded.chapters[0].activities[-1].id == shared
