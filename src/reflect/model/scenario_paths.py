"""The way a trainee takes through a scenario: which chapter follows each one given their answers
(the rules are reflect.model.scenario_branch's), the path they have taken so far, the path the
case review wished for, and how a path is saved so that coming back resumes on it.

A path is the chapters in the order played. A linear scenario's path is its first chapters in
the file's order; it is saved as it always was (`chapters_reached`, `finished`). A branching
scenario's path is saved by chapter id too (`path`), so a trainer may reorder chapters in the
file under a saved path. A saved path that no longer fits the file is kept up to the last
chapter that still follows from the one before it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import Field, model_validator

from reflect.model._base import StrictModel
from reflect.model.scenario import Scenario
from reflect.model.scenario_answers import mark_question
from reflect.model.scenario_branch import (
    END,
    branches,
    chapter_ids,
    file_order_next,
    is_branching,
    questions,
    successors,
)
from reflect.model.scenario_progress import ScenarioProgress

Answers = Mapping[str, Sequence[str]]
"""The options chosen (and checked) in each question, by question id."""


def answered_right(scenario: Scenario, path: Sequence[int], answers: Answers) -> int:
    """The score: how many questions of the chapters on `path` were answered right (every right
    option chosen, no other)."""
    score = 0
    for index in dict.fromkeys(path):
        for _, question in questions(scenario.chapters[index]):
            chosen = answers.get(question.id, ())
            result = mark_question(question, chosen)
            if chosen and not result.wrong and len(result.right) == result.right_answers:
                score += 1
    return score


def next_chapter(scenario: Scenario, path: Sequence[int], answers: Answers) -> int | None:
    """The chapter that follows the last one on `path` (None: the debrief): a chosen option's
    `leads_to` in one of its questions (the first question, then the first option in the
    question's order), else the first of its `next` rules that holds, else the chapter below."""
    index = path[-1]
    chapter = scenario.chapters[index]
    ids = chapter_ids(scenario.chapters)
    for _, question in questions(chapter):
        chosen = answers.get(question.id, ())
        for option in question.options:
            if option.id in chosen and option.leads_to:
                return None if option.leads_to == END else ids[option.leads_to]
    score = answered_right(scenario, path, answers)
    for rule in branches(chapter):
        if rule.holds(answers, score):
            return None if rule.go_to == END else ids[rule.go_to]
    return file_order_next(scenario.chapters, index)


def wished_path(scenario: Scenario) -> tuple[int, ...]:
    """The path the case review wished for: every question answered with its right options."""
    right = {
        question.id: question.correct_options
        for chapter in scenario.chapters
        for _, question in questions(chapter)
    }
    path = [0]
    while len(path) <= len(scenario.chapters):  # a file without loops ends within this
        following = next_chapter(scenario, path, right)
        if following is None:
            break
        path.append(following)
    return tuple(path)


def chapter_name(scenario: Scenario, index: int) -> str:
    """What a saved path holds for a chapter: its id, else its number (a linear scenario)."""
    return scenario.chapters[index].id or str(index + 1)


class PathProgress(StrictModel):
    """The chapters a trainee has opened, in the order played, and whether they have finished
    (gone on from the last of them to the debrief). Chapters on the path are numbered by their
    place on it (1-based), as the player shows them."""

    chapters: int = Field(ge=1, description="How many chapters the scenario has.")
    path: tuple[int, ...] = Field(default=(0,), min_length=1, description="Chapter indexes.")
    finished: bool = Field(default=False, description="Went on from the last to the debrief.")
    branching: bool = Field(default=False, description="Whether the scenario branches.")

    @model_validator(mode="after")
    def _fits_the_scenario(self) -> PathProgress:
        if any(not 0 <= index < self.chapters for index in self.path):
            raise ValueError(f"a chapter outside the scenario's {self.chapters}")
        if not self.branching and self.path != tuple(range(len(self.path))):
            raise ValueError("a linear scenario's chapters are played in order")
        return self

    @classmethod
    def start(cls, scenario: Scenario) -> PathProgress:
        return cls(chapters=len(scenario.chapters), branching=is_branching(scenario.chapters))

    @classmethod
    def from_saved(cls, saved: object, scenario: Scenario) -> PathProgress:
        """The progress in a saved value. A workbook written against another version of the file,
        or edited by hand, still opens: on the saved path as far as it still follows through
        the file, and finished only if its last chapter can still lead to the debrief."""
        progress = saved if isinstance(saved, Mapping) else {}
        total = len(scenario.chapters)
        if not is_branching(scenario.chapters):
            linear = ScenarioProgress.from_saved(progress, total)  # its rules, as ever
            return cls(chapters=total, path=tuple(range(linear.reached)), finished=linear.finished)
        names = {chapter_name(scenario, index): index for index in range(total)}
        saved_path = progress.get("path")
        path = [0]
        for name in saved_path[1:] if isinstance(saved_path, list) else []:
            index = names.get(name) if isinstance(name, str) else None
            if index is None or index not in successors(scenario.chapters, path[-1]):
                break
            path.append(index)
        whole = isinstance(saved_path, list) and len(path) == len(saved_path)
        finished = (
            progress.get("finished") is True
            and whole
            and None in successors(scenario.chapters, path[-1])
        )
        return cls(chapters=total, path=tuple(path), finished=finished, branching=True)

    def to_saved(self, scenario: Scenario) -> dict[str, int | bool | list[str]]:
        """What the workbook keeps: as every earlier workbook did for a linear scenario; with
        the path by chapter id for a branching one."""
        saved: dict[str, int | bool | list[str]] = {
            "chapters_reached": self.reached,
            "finished": self.finished,
        }
        if self.branching:
            saved["path"] = [chapter_name(scenario, index) for index in self.path]
        return saved

    @property
    def reached(self) -> int:
        """How many chapters are on the path."""
        return len(self.path)

    def chapter_at(self, number: int) -> int:
        """The index in the file of the chapter at place `number` (1-based) on the path."""
        return self.path[number - 1]

    def is_open(self, number: int) -> bool:
        """Whether the chapter at place `number` on the path is shown."""
        return 1 <= number <= self.reached

    def is_current(self, number: int) -> bool:
        """Whether the chapter at place `number` is the one being played."""
        return number == self.reached and not self.finished

    def advanced(self, current_complete: bool, following: int | None) -> PathProgress:
        """The progress after going on from the current chapter to `following` (None: the
        debrief). Refused until the current one is complete."""
        if not current_complete:
            raise ValueError("try every activity of this chapter before continuing")
        if self.finished:
            raise ValueError("the scenario is finished")
        if following is None:
            return self.model_copy(update={"finished": True})
        return PathProgress(
            chapters=self.chapters, path=(*self.path, following), branching=self.branching
        )


class Decision(StrictModel):
    """One move from a chapter to the next, as the workbook records it (append-only: every
    decision is a new revision, never overwritten)."""

    step: int = Field(ge=1, description="The place on the path of the chapter left.")
    left: str = Field(description="The chapter left (its id, or its number).")
    went_to: str = Field(description=f"The chapter that followed, or '{END}' for the debrief.")
    answers: dict[str, list[str]] = Field(
        default_factory=dict, description="The options chosen in its questions, by question id."
    )
    score: int = Field(ge=0, description="Questions answered right on the path by then.")


def decision(
    scenario: Scenario, progress: PathProgress, answers: Answers, following: int | None
) -> Decision:
    """The record of going on from the current chapter to `following`."""
    index = progress.path[-1]
    return Decision(
        step=progress.reached,
        left=chapter_name(scenario, index),
        went_to=END if following is None else chapter_name(scenario, following),
        answers={
            question.id: list(answers.get(question.id, ()))
            for _, question in questions(scenario.chapters[index])
        },
        score=answered_right(scenario, progress.path, answers),
    )
