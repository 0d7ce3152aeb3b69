"""A trainee's answers to the choice activities of a scenario (spot the warning signs, a
question): held by the ids of the events and options chosen, and marked against the file as it
is now, so a trainer can insert, remove and reorder events and options under saved answers.

An answer whose event or option the trainer has since removed is kept, with the text it had when
it was chosen: it is carried into every later save and shown as no longer there, never counted
in a score (nor silently dropped). Put the id back and the answer counts again.

Answers saved before events and options had ids hold positions in the list. They are read by
giving each position the id at that position in the file as it is when they are first read:
the best that can be done, as the file they were saved against is not known. The player saves
them back by id at once, so that mapping is made only once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import NamedTuple

from pydantic import Field

from reflect.model._base import StrictModel
from reflect.model.scenario import Chapter, Question

LOST_POSITION = "#"
"""Starts the stand-in id of an old positional answer that points past the end of the list
(e.g. '#7'). Never an id in a file, which is a slug, so it always shows as no longer there."""


class ChoiceAnswer(StrictModel):
    """What a trainee chose in one activity: ids in the order chosen and, for each, the text
    it showed then (so a choice whose event or option is removed can still be named)."""

    chosen: tuple[str, ...] = Field(default=(), description="Ids of the events or options.")
    labels: dict[str, str] = Field(default_factory=dict, description="Text shown, by id.")
    from_positions: bool = Field(
        default=False, description="Read from the positional form saved before ids."
    )

    def absent(self, ids: Collection[str]) -> tuple[str, ...]:
        """The choices whose event or option is not among `ids` (the file as it is now)."""
        return tuple(item for item in self.chosen if item not in ids)

    def label(self, item: str) -> str | None:
        """The text the choice showed when it was made, if it was saved."""
        return self.labels.get(item)

    def changed_to(
        self, picked: Sequence[str], labels: Mapping[str, str], ids: Collection[str]
    ) -> ChoiceAnswer:
        """The answer after the trainee picks `picked` among `ids`: the choices no longer in
        the file are kept after them, with their texts."""
        chosen = (*picked, *(item for item in self.absent(ids) if item not in picked))
        texts = {**self.labels, **labels}
        return ChoiceAnswer(
            chosen=chosen, labels={item: texts[item] for item in chosen if item in texts}
        )


def _is_position(item: object) -> bool:
    return isinstance(item, int) and not isinstance(item, bool) and item >= 0


def is_positional(state: Mapping[str, object]) -> bool:
    """True for an answer saved before ids, as the places of the options chosen."""
    chosen = state.get("chosen")
    return isinstance(chosen, list) and bool(chosen) and all(_is_position(i) for i in chosen)


def read_choice_answer(state: Mapping[str, object], ids_in_order: Sequence[str]) -> ChoiceAnswer:
    """The answer saved in an activity's state, by id. A hand-edited workbook may hold anything:
    what is not a list of ids or positions is left out."""
    saved = state.get("chosen")
    labels = state.get("labels")
    chosen: list[str] = []
    from_positions = False
    for item in saved if isinstance(saved, list) else []:
        if isinstance(item, str) and item and item not in chosen:
            chosen.append(item)
        elif isinstance(item, int) and _is_position(item):
            from_positions = True
            lost = f"{LOST_POSITION}{item + 1}"
            mapped = ids_in_order[item] if item < len(ids_in_order) else lost
            if mapped not in chosen:
                chosen.append(mapped)
    texts = {
        str(key): value
        for key, value in (labels.items() if isinstance(labels, dict) else ())
        if key in chosen and isinstance(value, str)
    }
    return ChoiceAnswer(chosen=tuple(chosen), labels=texts, from_positions=from_positions)


class SpotResult(StrictModel):
    """How a trainee did at spotting, by event id, in the chapter's order."""

    spotted: tuple[str, ...] = Field(description="Indicators the trainee chose.")
    missed: tuple[str, ...] = Field(description="Indicators the trainee did not choose.")
    false_alarms: tuple[str, ...] = Field(description="Events chosen that are not indicators.")
    not_in_chapter: tuple[str, ...] = Field(
        default=(), description="Chosen events no longer in the chapter: kept, never marked."
    )

    @property
    def warning_signs(self) -> int:
        """How many warning signs the chapter has: the score is spotted out of these."""
        return len(self.spotted) + len(self.missed)


def mark_spotting(chapter: Chapter, chosen: Collection[str]) -> SpotResult:
    """Compare the events a trainee chose (by id) with the chapter's indicators."""
    found = _compare(chapter.event_ids, chapter.indicators, chosen)
    return SpotResult(
        spotted=found.hits, missed=found.misses, false_alarms=found.wrong, not_in_chapter=found.gone
    )


class QuestionResult(StrictModel):
    """How a trainee answered a question, by option id, in the question's order."""

    right: tuple[str, ...] = Field(description="Correct options the trainee chose.")
    wrong: tuple[str, ...] = Field(description="Options chosen that are not correct.")
    missed: tuple[str, ...] = Field(default=(), description="Correct options not chosen.")
    right_answers: int = Field(description="How many options are correct.")
    not_in_question: tuple[str, ...] = Field(
        default=(), description="Chosen options no longer in the question: kept, never marked."
    )


def mark_question(question: Question, chosen: Collection[str]) -> QuestionResult:
    """Compare the options a trainee chose (by id) with the correct ones."""
    found = _compare(question.option_ids, question.correct_options, chosen)
    return QuestionResult(
        right=found.hits,
        wrong=found.wrong,
        missed=found.misses,
        right_answers=len(found.hits) + len(found.misses),
        not_in_question=found.gone,
    )


class _Comparison(NamedTuple):
    hits: tuple[str, ...]
    misses: tuple[str, ...]
    wrong: tuple[str, ...]
    gone: tuple[str, ...]


def _compare(
    in_order: Sequence[str], targets: Collection[str], chosen: Collection[str]
) -> _Comparison:
    """The chosen ids against the ones to choose, each list in the file's order; ids chosen
    that the file no longer has are kept apart, in the order they were chosen."""
    picked, wanted = set(chosen), set(targets)
    return _Comparison(
        hits=tuple(item for item in in_order if item in picked & wanted),
        misses=tuple(item for item in in_order if item in wanted - picked),
        wrong=tuple(item for item in in_order if item in picked - wanted),
        gone=tuple(item for item in chosen if item not in in_order),
    )
