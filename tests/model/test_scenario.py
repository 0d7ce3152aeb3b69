"""The scenario model: what a scenario must hold, and the cross-field rules a trainer would trip."""

from __future__ import annotations

import copy
import itertools
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from reflect.model.consistency import CONSISTENCY_ERROR
from reflect.model.scenario import (
    Chapter,
    DriftCheck,
    EscalationCheck,
    Event,
    Question,
    Scenario,
)

POLICY = {"kind": "policy", "document": "000_60ac9bac0d3b363c.txt", "section": "Confidentiality"}


_NUMBERS = itertools.count(1)


def event(on: date, *, indicator: bool = False, why: str | None = "a note") -> dict[str, Any]:
    """An event with an id no other event made here has."""
    return {
        "id": f"event-{next(_NUMBERS)}",
        "on": on,
        "text": "Something happened.",
        "indicator": indicator,
        "why": why,
    }


def chapter(*days: date, activities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "title": "A chapter",
        "narrative": "What happened.",
        "events": [event(days[0], indicator=True), *(event(day) for day in days[1:])],
        "activities": activities or [{"kind": "spot_indicators", "prompt": "Which?"}],
    }


def scenario_data() -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": "a-case",
        "title": "A case",
        "summary": "One line.",
        "themes": ["neglect"],
        "setting": "school",
        "audience": ["Designated Safeguarding Lead"],
        "learning_outcomes": ["Spot neglect."],
        "sources": [dict(POLICY)],
        "chapters": [
            chapter(date(2026, 1, 5), date(2026, 1, 6)),
            chapter(date(2026, 2, 2), date(2026, 2, 3)),
            chapter(date(2026, 3, 2), date(2026, 3, 3)),
        ],
        "debrief": {
            "key_learning": ["Look for patterns."],
            "themes_drawn_on": [{"theme": "neglect", "how": "It is a neglect case."}],
            "trainer_notes": "Run it in an hour.",
            "references": [dict(POLICY)],
        },
    }


def problems(data: dict[str, Any], model: type[Any] = Scenario) -> list[tuple[Any, str]]:
    """Every complaint as (location, message); cross-field ones at their exact place."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    found = []
    for error in caught.value.errors():
        too_short = error["type"] == "too_short"
        if too_short and len(error["input"]) >= error["ctx"]["min_length"]:
            continue  # pydantic counts a list's valid items only; the loader drops this echo too
        if error["type"] == CONSISTENCY_ERROR:
            found += [(error["loc"] + at, message) for at, message in error["ctx"]["problems"]]
        else:
            found.append((error["loc"], error["msg"]))
    return found


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
    assert Chapter.model_validate(chapter(date(2026, 1, 5), date(2026, 1, 5)))


def test_a_chapter_may_start_the_day_the_last_one_ended_but_not_before() -> None:
    data = scenario_data()
    data["chapters"][1] = chapter(date(2026, 1, 6), date(2026, 1, 8))
    assert Scenario.model_validate(data)
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


def question(*correct: bool, question_id: str = "which") -> dict[str, Any]:
    options = [
        {"id": f"option-{i}", "text": f"Option {i}", "correct": c, "feedback": "Because."}
        for i, c in enumerate(correct)
    ]
    return {"kind": "question", "id": question_id, "prompt": "Which?", "options": options}


def test_a_question_needs_two_options_and_one_correct() -> None:
    assert problems(question(True), Question)[0][0] == ("options",)
    assert problems(question(False, False), Question) == [
        (("options",), "mark at least one option `correct: true`")
    ]
    loaded = Question.model_validate(question(False, True, True))
    assert loaded.correct_options == ("option-1", "option-2")
    assert loaded.option_ids == ("option-0", "option-1", "option-2")


# --- ids ----------------------------------------------------------------------------------


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
    assert Scenario.model_validate(data)  # the same option ids, in different questions
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
    assert Scenario.model_validate(data)


def escalation(route: str, exceptions: list[str]) -> dict[str, Any]:
    return {
        "kind": "escalation_check",
        "prompt": "Where?",
        "expected_route": route,
        "exceptions": exceptions,
        "feedback": "Because.",
    }


def test_line_manager_now_needs_an_exception_and_the_ladder_takes_none() -> None:
    assert EscalationCheck.model_validate(escalation("line-manager-now", ["unsafe-practice"]))
    assert EscalationCheck.model_validate(escalation("ladder", []))
    assert EscalationCheck.model_validate(escalation("none", []))
    [(at, message)] = problems(escalation("line-manager-now", []), EscalationCheck)
    assert at == ("exceptions",)
    assert "significant-harm" in message
    [(at, message)] = problems(escalation("ladder", ["significant-harm"]), EscalationCheck)
    assert "the route is 'line-manager-now', not 'ladder'" in message


def test_an_exception_listed_twice_is_refused() -> None:
    data = escalation("line-manager-now", ["unsafe-practice", "unsafe-practice"])
    assert problems(data, EscalationCheck) == [
        (("exceptions", 1), "'unsafe-practice' is listed twice")
    ]


def test_an_unknown_exception_or_route_is_refused() -> None:
    assert problems(escalation("line-manager-now", ["rudeness"]), EscalationCheck)[0][0] == (
        "exceptions",
        0,
    )
    assert problems(escalation("soon", []), EscalationCheck)[0][0] == ("expected_route",)


def drift(as_of: date, **facts: Any) -> dict[str, Any]:
    return {
        "kind": "drift_check",
        "prompt": "Drifting?",
        "as_of": as_of,
        "case_facts": facts,
        "expected_level": "watch",
        "feedback": "Because.",
    }


def test_a_drift_check_cannot_use_facts_from_after_its_date() -> None:
    assert DriftCheck.model_validate(drift(date(2026, 3, 2), plan_start=date(2026, 3, 2)))
    data = drift(
        date(2026, 3, 2),
        plan_start=date(2026, 3, 3),
        safety_scale=[{"on": date(2026, 4, 1), "score": 4}],
    )
    found = problems(data, DriftCheck)
    assert [at for at, _ in found] == [("as_of",), ("as_of",)]
    assert "before case_facts.plan_start (2026-03-03)" in found[0][1]
    assert "before case_facts.safety_scale[0].on (2026-04-01)" in found[1][1]


def test_an_unknown_drift_level_is_refused() -> None:
    data = drift(date(2026, 3, 2))
    data["expected_level"] = "fine"
    assert problems(data, DriftCheck)[0][0] == ("expected_level",)


def test_every_theme_is_explained_in_the_debrief_and_only_those() -> None:
    data = scenario_data()
    data["themes"] = ["neglect", "drift-and-delay"]
    assert problems(data) == [
        (("themes", 1), "say how the case draws on 'drift-and-delay' in the debrief")
    ]
    data = scenario_data()
    data["debrief"]["themes_drawn_on"].append({"theme": "unseen-men", "how": "Somehow."})
    [(at, message)] = problems(data)
    assert at == ("debrief", "themes_drawn_on", 1, "theme")
    assert "'unseen-men' is not in the scenario's themes" in message


def test_a_theme_outside_the_vocabulary_is_refused() -> None:
    data = scenario_data()
    data["themes"] = ["negelct"]
    assert problems(data)[0][0] == ("themes", 0)


def test_the_summary_is_one_line() -> None:
    data = scenario_data()
    data["summary"] = "One line.\nAnd another."
    assert problems(data)[0][0] == ("summary",)


@pytest.mark.parametrize("bad_id", ["A-case", "a_case", "a--case", "-a", "a case", ""])
def test_the_id_is_lowercase_words_joined_by_hyphens(bad_id: str) -> None:
    data = scenario_data()
    data["id"] = bad_id
    assert problems(data)[0][0] == ("id",)


def test_only_schema_version_1_is_accepted() -> None:
    data = scenario_data()
    data["schema_version"] = 2
    assert problems(data)[0][0] == ("schema_version",)


EVERY_LEVEL = [
    (),
    ("chapters", 0),
    ("chapters", 0, "events", 0),
    ("chapters", 0, "activities", 0),
    ("debrief",),
    ("debrief", "themes_drawn_on", 0),
    ("sources", 0),
]


@pytest.mark.parametrize("where", EVERY_LEVEL)
def test_unknown_keys_are_refused_at_every_level(where: tuple[Any, ...]) -> None:
    data = scenario_data()
    target = data
    for part in where:
        target = target[part]
    target["colour"] = "blue"
    [(at, message)] = problems(data)
    assert at[-1] == "colour"
    assert "Extra inputs" in message


def test_unknown_keys_are_refused_in_options_and_case_facts() -> None:
    data = question(True, False)
    data["options"][0]["colour"] = "blue"
    assert problems(data, Question)[0][0] == ("options", 0, "colour")
    data = drift(date(2026, 3, 2), plan_typ="child-protection")
    assert problems(data, DriftCheck)[0][0] == ("case_facts", "plan_typ")


def test_scenarios_are_immutable_so_one_load_can_be_shared() -> None:
    scenario = Scenario.model_validate(scenario_data())
    with pytest.raises(ValidationError):
        scenario.title = "Changed"  # type: ignore[misc]


def test_validating_does_not_change_the_input() -> None:
    data = scenario_data()
    before = copy.deepcopy(data)
    Scenario.model_validate(data)
    assert data == before
