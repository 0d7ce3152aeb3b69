"""Where a scenario goes after each chapter, and the checks that every way through it works.

A linear scenario plays its chapters in the file's order. A scenario branches when a question's
option says where it `leads_to` (what happened when the referral was not made), or a chapter
says what comes `next`: one chapter, or rules read in order (the first that holds wins), each
on answers chosen earlier or on a score. What comes after a chapter is, in this order: the
chapter a chosen option of one of its questions leads to, the first of its `next` rules that
holds, else the chapter below it in the file (the debrief after the last). `end` leads to the
debrief. reflect.model.scenario_paths follows these rules for a trainee.

The checks of the way through a scenario are reflect.model.scenario_branch_checks'. Scenario
types are read here for typing only (reflect.model.scenario imports this module for its fields).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from reflect.model._base import StrictModel

if TYPE_CHECKING:
    from reflect.model.scenario import Chapter, Question

END = "end"
"""The target that leads to the debrief; no chapter may take it as its id."""
_SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
Target = Annotated[str, Field(pattern=f"^{_SLUG}$", examples=["referral-not-made", END])]
ChoiceRef = Annotated[str, Field(pattern=f"^{_SLUG}/{_SLUG}$", examples=["what-next/refer-today"])]


LEADS_TO = Field(
    default=None,
    description=f"The id of the chapter that follows when this option is chosen, or '{END}' for "
    "the debrief: what happened next because of this choice.",
)
CHAPTER_ID = Field(
    default=None,
    description="A short name for the chapter, unique in the scenario; needed on every chapter "
    "of a scenario with branches. Saved paths refer to it: keep it when you reword the title.",
)
NEXT = Field(
    default=None,
    description=f"What comes after this chapter: a chapter's id (or '{END}'), or rules read in "
    "order, the first that holds wins. Default: the chapter below it (the debrief after the "
    "last). A chosen option's `leads_to` comes first.",
)


class Branch(StrictModel):
    """One rule of a chapter's `next`: go to a chapter when every condition given holds (a rule
    with no condition always holds)."""

    go_to: Target = Field(description=f"The id of the chapter that comes next, or '{END}'.")
    if_chose: tuple[ChoiceRef, ...] = Field(
        default=(),
        description="Holds when the trainee chose any of these answers, each written "
        "question-id/option-id, in this chapter or one before it.",
    )
    if_score_at_least: int | None = Field(
        default=None,
        ge=0,
        description="Holds when at least this many questions met so far on the trainee's path "
        "were answered right (every right option chosen, no other).",
    )
    loop: bool = Field(
        default=False,
        description="True for a rule that leads back to an earlier chapter on purpose, to play "
        "it again (the trainee's answers there can then be changed). It needs a condition, so "
        "there is a way out of the loop.",
    )

    def holds(self, chosen: Mapping[str, Sequence[str]], score: int) -> bool:
        """Whether the rule holds for these answers (option ids by question id) and score."""
        by_choice = not self.if_chose or any(
            option in chosen.get(question, ())
            for question, option in (ref.split("/", 1) for ref in self.if_chose)
        )
        by_score = self.if_score_at_least is None or score >= self.if_score_at_least
        return by_choice and by_score


def branches(chapter: Chapter) -> tuple[Branch, ...]:
    """A chapter's `next` as rules: one chapter written alone is a rule without conditions."""
    if chapter.next is None:
        return ()
    if isinstance(chapter.next, str):
        return (Branch(go_to=chapter.next),)
    return chapter.next


def intended_loops(chapters: Sequence[Chapter], index: int) -> set[int]:
    """The chapters a `next` rule of chapter `index` leads back to on purpose (`loop: true`)."""
    ids = chapter_ids(chapters)
    return {
        ids[rule.go_to] for rule in branches(chapters[index]) if rule.loop and rule.go_to in ids
    }


def questions(chapter: Chapter) -> Iterator[tuple[int, Question]]:
    """The chapter's questions with their places among its activities."""
    for place, activity in enumerate(chapter.activities):
        if activity.kind == "question":
            yield place, activity


def is_branching(chapters: Sequence[Chapter]) -> bool:
    """Whether a chapter says what comes next or an option leads somewhere."""
    return any(
        chapter.next is not None
        or any(option.leads_to for _, question in questions(chapter) for option in question.options)
        for chapter in chapters
    )


def chapter_ids(chapters: Sequence[Chapter]) -> dict[str, int]:
    """Each chapter id and its index (the first chapter keeps a repeated id)."""
    found: dict[str, int] = {}
    for index, chapter in enumerate(chapters):
        if chapter.id is not None:
            found.setdefault(chapter.id, index)
    return found


def file_order_next(chapters: Sequence[Chapter], index: int) -> int | None:
    """The chapter below in the file, None (the debrief) after the last."""
    return index + 1 if index + 1 < len(chapters) else None


def falls_through(chapter: Chapter) -> bool:
    """Whether the chapter can go on to the one below it in the file: no `next` rule always
    holds, and not every option of one of its questions leads somewhere."""
    if any(not rule.if_chose and rule.if_score_at_least is None for rule in branches(chapter)):
        return False
    return not any(
        all(option.leads_to for option in question.options) for _, question in questions(chapter)
    )


def successors(chapters: Sequence[Chapter], index: int) -> tuple[int | None, ...]:
    """Every chapter that can come after chapter `index` (None for the debrief), in the order
    the rules give them; targets that do not exist are left out (flow_problems names them)."""
    ids = chapter_ids(chapters)
    chapter = chapters[index]
    targets = [
        option.leads_to
        for _, question in questions(chapter)
        for option in question.options
        if option.leads_to
    ]
    targets += [rule.go_to for rule in branches(chapter)]
    found: list[int | None] = [
        None if target == END else ids[target]
        for target in targets
        if target in ids or target == END
    ]
    if falls_through(chapter):
        found.append(file_order_next(chapters, index))
    return tuple(dict.fromkeys(found))


def reachable(chapters: Sequence[Chapter], start: int) -> set[int]:
    """The chapters reachable from `start` by one step or more."""
    seen: set[int] = set()
    waiting = [start]
    while waiting:
        for found in successors(chapters, waiting.pop()):
            if found is not None and found not in seen:
                seen.add(found)
                waiting.append(found)
    return seen


def paths_to(chapters: Sequence[Chapter], target: int) -> list[list[int]]:
    """Every way from the first chapter to `target` (the chapters in order, target last).
    Only for a scenario without loops."""
    found: list[list[int]] = []

    def walk(path: list[int]) -> None:
        if path[-1] == target:
            found.append(path)
            return
        for step in successors(chapters, path[-1]):
            if step is not None and step not in path:
                walk([*path, step])

    walk([0])
    return found
