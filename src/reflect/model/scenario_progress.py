"""How far a trainee has got through a scenario, and the rules that move them on.

Chapters open in order. A chapter is complete once every one of its activities has been
attempted (an answer checked, a comparison made, a reflection written), right or not: training
is about seeing the feedback, so a wrong answer does not hold the trainee back. Continuing from
the last complete chapter finishes the scenario and opens the debrief.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import Field, model_validator

from reflect.model._base import StrictModel
from reflect.model.gibbs import DEFAULT_MIN_WORDS, GibbsReflection


def chapter_complete(attempted: Iterable[bool]) -> bool:
    """A chapter is complete once each of its activities has been attempted at least once."""
    return all(attempted)


def reflection_attempted(reflection: GibbsReflection, min_words: int = DEFAULT_MIN_WORDS) -> bool:
    """A Gibbs activity counts as attempted once a stage is written as the cycle counts it
    (completed_stages), so the player and the cycle's "N of 6 stages written" never disagree."""
    return bool(reflection.completed_stages(min_words))


class ScenarioProgress(StrictModel):
    """The chapters a trainee has reached in a scenario of `chapters` chapters, and whether they
    have finished it (continued past the last chapter to the debrief)."""

    chapters: int = Field(ge=1, description="How many chapters the scenario has.")
    reached: int = Field(default=1, ge=1, description="The furthest chapter opened (1-based).")
    finished: bool = Field(default=False, description="Continued past the last chapter.")

    @model_validator(mode="after")
    def _fits_the_scenario(self) -> ScenarioProgress:
        if self.reached > self.chapters:
            raise ValueError(f"chapter {self.reached} reached of only {self.chapters}")
        if self.finished and self.reached != self.chapters:
            raise ValueError("a scenario is finished only from its last chapter")
        return self

    @classmethod
    def from_saved(cls, saved: object, chapters: int) -> ScenarioProgress:
        """The progress in a saved value. A workbook written against an older or longer version
        of the file, or edited by hand, still opens: at a chapter that exists, and finished only
        if the saved progress reached the last chapter."""
        progress = saved if isinstance(saved, Mapping) else {}
        reached = progress.get("chapters_reached")
        at = min(max(reached, 1), chapters) if isinstance(reached, int) else 1
        finished = bool(progress.get("finished")) and at == chapters
        return cls(chapters=chapters, reached=at, finished=finished)

    def to_saved(self) -> dict[str, int | bool]:
        """What the workbook keeps (the names every earlier workbook was written with)."""
        return {"chapters_reached": self.reached, "finished": self.finished}

    def is_open(self, number: int) -> bool:
        """Whether chapter `number` (1-based) is shown: every chapter up to the one reached."""
        return 1 <= number <= self.reached

    def is_current(self, number: int) -> bool:
        """Whether chapter `number` is the one being played: reached and not yet finished."""
        return number == self.reached and not self.finished

    @property
    def on_last_chapter(self) -> bool:
        return self.reached == self.chapters

    def advanced(self, current_complete: bool) -> ScenarioProgress:
        """The progress after continuing from the current chapter: the next chapter opens, or
        the scenario is finished after the last. Refused until the current one is complete."""
        if not current_complete:
            raise ValueError("try every activity of this chapter before continuing")
        if self.on_last_chapter:
            return self.model_copy(update={"finished": True})
        return self.model_copy(update={"reached": self.reached + 1})
