"""A saved scenario attempt as the trainer reads it: marked by the player's own rules, and a
sign missed only once the trainee has checked their choices."""

from __future__ import annotations

import pytest

from reflect._paths import scenarios_dir
from reflect.model.scenario import Scenario
from reflect.model.scenario_attempt import (
    SpottingPlace,
    scenario_progress,
    spotting_places,
    spotting_result,
)
from reflect.model.sharing import is_shared
from reflect.scenarios import load_scenario


@pytest.fixture(scope="module")
def lunches() -> Scenario:
    return load_scenario(scenarios_dir() / "packed-lunches.yaml")


def test_the_spotting_activities_are_found_by_chapter_and_place(lunches: Scenario) -> None:
    assert spotting_places(lunches) == (
        SpottingPlace(chapter=1, position=1),
        SpottingPlace(chapter=2, position=1),
    )


def test_a_checked_answer_is_marked_as_the_player_marks_it(lunches: Scenario) -> None:
    state = {"attempted": True, "checked": True, "chosen": ["hides-bread-rolls", "jodie-run-down"]}
    result = spotting_result(lunches.chapters[0], state)
    assert result is not None
    assert result.spotted == ("hides-bread-rolls",)
    assert result.missed == (
        "same-stained-jumper",
        "alfie-late-no-breakfast",
        "attendance-below-90",
    )
    assert result.false_alarms == ("jodie-run-down",)


@pytest.mark.parametrize(
    "state",
    [None, {}, {"chosen": ["hides-bread-rolls"]}, {"attempted": "yes", "chosen": []}, "junk"],
)
def test_nothing_is_missed_before_the_trainee_has_checked_once(
    lunches: Scenario, state: object
) -> None:
    assert spotting_result(lunches.chapters[0], state) is None


def test_an_answer_saved_by_position_is_read_as_the_player_reads_it(lunches: Scenario) -> None:
    result = spotting_result(lunches.chapters[0], {"attempted": True, "chosen": [0]})
    assert result is not None
    assert result.spotted == ("same-stained-jumper",)


def test_progress_is_read_from_its_saved_value(lunches: Scenario) -> None:
    assert scenario_progress(lunches, None).reached == 1
    saved = scenario_progress(lunches, {"chapters_reached": 4, "finished": True})
    assert (saved.reached, saved.finished) == (4, True)


@pytest.mark.parametrize(
    ("saved", "shared"), [(True, True), (False, False), (None, False), ("true", False), (1, False)]
)
def test_only_an_explicit_true_shares(saved: object, shared: bool) -> None:
    assert is_shared(saved) is shared
