"""The scenario model's embedded checks, themes, summary, version, unknown keys and immutability."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from reflect.model.scenario import DriftCheck, EscalationCheck, Question, Scenario
from tests.model.scenario.app_helpers import escalation, problems, question, scenario_data


def test_line_manager_now_needs_an_exception_and_the_ladder_takes_none() -> None:
    now = EscalationCheck.model_validate(escalation("line-manager-now", ["unsafe-practice"]))
    assert (now.expected_route, now.exceptions) == ("line-manager-now", ("unsafe-practice",))
    assert EscalationCheck.model_validate(escalation("ladder", [])).expected_route == "ladder"
    assert EscalationCheck.model_validate(escalation("none", [])).exceptions == ()
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
    same_day = DriftCheck.model_validate(drift(date(2026, 3, 2), plan_start=date(2026, 3, 2)))
    assert same_day.case_facts.plan_start == same_day.as_of == date(2026, 3, 2)
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
