"""What a trainee's saved attempt at a scenario comes to, as a trainer reads it: how far they
got, and which warning signs they spotted, missed or raised in error.

The marking is the player's own (reflect.model.scenario_answers.mark_spotting on the answer
read_choice_answer gives), applied to the activity's latest saved state, so the trainer's
figures and the feedback the trainee saw never disagree. A sign counts as missed only once the
trainee has checked their choices in that chapter at least once: a chapter still being read
has missed nothing yet.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.scenario import Chapter, Scenario, SpotIndicators
from reflect.model.scenario_answers import SpotResult, mark_spotting, read_choice_answer
from reflect.model.scenario_paths import PathProgress
from reflect.model.scenario_progress import ScenarioProgress


class SpottingPlace(StrictModel):
    """Where a spot-the-warning-signs activity is: its chapter and its place in the chapter."""

    chapter: int = Field(ge=1, description="The chapter's number (1-based).")
    position: int = Field(ge=1, description="The activity's place in the chapter (1-based).")


def spotting_places(scenario: Scenario) -> tuple[SpottingPlace, ...]:
    """Every spot-the-warning-signs activity of the scenario, in the order played."""
    return tuple(
        SpottingPlace(chapter=number, position=position)
        for number, chapter in enumerate(scenario.chapters, start=1)
        for position, activity in enumerate(chapter.activities, start=1)
        if isinstance(activity, SpotIndicators)
    )


def spotting_result(chapter: Chapter, saved_state: object) -> SpotResult | None:
    """How the trainee did at a chapter's spotting, from the activity's latest saved state;
    None until they have checked their choices at least once (`attempted`). After a "Change my
    choices", the choices as they stand now are marked, as the player would mark them."""
    state = saved_state if isinstance(saved_state, Mapping) else {}
    if state.get("attempted") is not True:
        return None
    answer = read_choice_answer(state, chapter.event_ids)
    return mark_spotting(chapter, answer.chosen)


def scenario_progress(scenario: Scenario, saved_progress: object) -> ScenarioProgress:
    """The trainee's progress from its saved value (chapter 1 when nothing was saved yet). On a
    branching scenario, of the chapters on their path: one finished down a shorter path than
    the file's chapters has still finished."""
    path = PathProgress.from_saved(saved_progress, scenario)
    if not path.branching:
        return ScenarioProgress.from_saved(saved_progress, len(scenario.chapters))
    return ScenarioProgress(chapters=path.reached, reached=path.reached, finished=path.finished)


def chapters_played(scenario: Scenario, saved_progress: object) -> frozenset[int]:
    """The numbers (1-based, in the file) of the chapters the trainee has opened: the first ones
    of a linear scenario, those on their path of a branching one."""
    path = PathProgress.from_saved(saved_progress, scenario).path
    return frozenset(index + 1 for index in path)
