"""The rules of a trainee's progress through a scenario: which chapters are open, when one is
complete, when the scenario is finished, and what a saved progress means."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from reflect.model.gibbs import GibbsReflection
from reflect.model.scenario_progress import (
    ScenarioProgress,
    chapter_complete,
    reflection_attempted,
)


def test_a_new_trainee_has_only_the_first_chapter_open_and_it_is_current() -> None:
    progress = ScenarioProgress(chapters=3)
    assert [progress.is_open(number) for number in (0, 1, 2, 3)] == [False, True, False, False]
    assert progress.is_current(1)
    assert not progress.finished


def test_a_chapter_is_complete_once_every_activity_is_attempted_right_or_not() -> None:
    assert chapter_complete([True, True])
    assert not chapter_complete([True, False])
    assert chapter_complete([])  # a chapter to read only: nothing holds the trainee back


def test_continuing_opens_the_next_chapter_then_finishes_after_the_last() -> None:
    progress = ScenarioProgress(chapters=2)
    with pytest.raises(ValueError, match="try every activity"):
        progress.advanced(current_complete=False)
    second = progress.advanced(current_complete=True)
    assert (second.reached, second.finished) == (2, False)
    assert [second.is_open(1), second.is_open(2), second.is_current(2)] == [True, True, True]
    done = second.advanced(current_complete=True)
    assert (done.reached, done.finished) == (2, True)
    assert not done.is_current(2)  # nothing left to continue from
    assert done.to_saved() == {"chapters_reached": 2, "finished": True}


@pytest.mark.parametrize(
    ("saved", "reached", "finished"),
    [
        ({"chapters_reached": 2, "finished": False}, 2, False),
        ({"chapters_reached": 3, "finished": True}, 3, True),
        ({"chapters_reached": 40, "finished": True}, 3, True),  # the file lost chapters
        ({"chapters_reached": 2, "finished": True}, 2, False),  # the file gained chapters
        ({"chapters_reached": 0}, 1, False),
        ({"chapters_reached": "two"}, 1, False),
        ("garbage", 1, False),
        (None, 1, False),
    ],
)
def test_a_saved_progress_opens_at_a_chapter_that_exists(
    saved: object, reached: int, finished: bool
) -> None:
    progress = ScenarioProgress.from_saved(saved, chapters=3)
    assert (progress.reached, progress.finished) == (reached, finished)


def test_a_progress_past_the_scenario_or_finished_early_is_refused() -> None:
    with pytest.raises(ValidationError, match="chapter 4 reached of only 3"):
        ScenarioProgress(chapters=3, reached=4)
    with pytest.raises(ValidationError, match="only from its last chapter"):
        ScenarioProgress(chapters=3, reached=2, finished=True)


def test_a_reflection_is_attempted_once_a_stage_is_written_as_the_cycle_counts_it() -> None:
    assert not reflection_attempted(GibbsReflection())
    assert not reflection_attempted(GibbsReflection().with_text("analysis", "   "))
    written = GibbsReflection().with_text("analysis", "Engagement was taken for change.")
    assert reflection_attempted(written)
    assert not reflection_attempted(written, min_words=20)  # an activity may ask for more
