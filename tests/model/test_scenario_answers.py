"""A trainee's answers by id: marked against the file as it is now, kept when the trainer removes
what was chosen, and read from the positional form saved before ids; and the ids suggested."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from reflect.model.scenario import Chapter, Question
from reflect.model.scenario_answers import (
    LOST_POSITION,
    ChoiceAnswer,
    mark_question,
    mark_spotting,
    read_choice_answer,
)
from reflect.model.scenario_ids import suggest_id


def chapter(*events: tuple[str, bool]) -> Chapter:
    return Chapter.model_validate(
        {
            "title": "A chapter",
            "narrative": "What happened.",
            "events": [
                {"id": event_id, "on": date(2026, 1, 5), "text": event_id, "indicator": sign}
                | ({"why": "Because."} if sign else {})
                for event_id, sign in events
            ],
            "activities": [{"kind": "spot_indicators", "prompt": "Which?"}],
        }
    )


CHAPTER = chapter(
    ("jumper", True), ("reading-record", False), ("bread-rolls", True), ("late", True)
)


def test_spotting_is_marked_by_id_in_the_chapters_order() -> None:
    marked = mark_spotting(CHAPTER, ["late", "reading-record", "jumper"])
    assert marked.spotted == ("jumper", "late")
    assert marked.missed == ("bread-rolls",)
    assert marked.false_alarms == ("reading-record",)
    assert marked.not_in_chapter == ()
    assert marked.warning_signs == 3


def test_an_empty_answer_misses_every_indicator_and_raises_no_false_alarm() -> None:
    marked = mark_spotting(CHAPTER, [])
    assert (marked.spotted, marked.false_alarms) == ((), ())
    assert marked.missed == ("jumper", "bread-rolls", "late")


def test_a_chosen_event_the_chapter_no_longer_has_is_kept_apart_and_never_marked() -> None:
    marked = mark_spotting(CHAPTER, ["jumper", "gone-event", f"{LOST_POSITION}9"])
    assert marked.not_in_chapter == ("gone-event", f"{LOST_POSITION}9")
    assert marked.spotted == ("jumper",)
    assert marked.false_alarms == ()  # not counted against the trainee either
    assert marked.warning_signs == 3


def question(*options: tuple[str, bool]) -> Question:
    return Question.model_validate(
        {
            "kind": "question",
            "id": "what-next",
            "prompt": "What next?",
            "options": [
                {"id": option_id, "text": option_id, "correct": right, "feedback": "Because."}
                for option_id, right in options
            ],
        }
    )


def test_a_question_is_marked_by_option_id() -> None:
    asked = question(("wait", False), ("record", True), ("refer", True))
    marked = mark_question(asked, ["refer", "wait", "removed-option"])
    assert marked.right == ("refer",)
    assert marked.wrong == ("wait",)
    assert marked.right_answers == 2
    assert marked.not_in_question == ("removed-option",)


def test_a_saved_answer_is_read_by_id_with_its_texts() -> None:
    state: dict[str, Any] = {
        "chosen": ["late", "gone", "late", 3.5, None, ""],
        "labels": {"late": "5 January 2026: late", "gone": "an event removed", "other": "x"},
    }
    answer = read_choice_answer(state, CHAPTER.event_ids)
    assert answer.chosen == ("late", "gone")
    assert answer.labels == {"late": "5 January 2026: late", "gone": "an event removed"}
    assert not answer.from_positions
    assert answer.absent(CHAPTER.event_ids) == ("gone",)
    assert answer.label("gone") == "an event removed"


def test_an_answer_saved_by_position_is_mapped_to_the_ids_of_the_file_as_it_is() -> None:
    answer = read_choice_answer({"chosen": [0, 2, 7, -1, True]}, CHAPTER.event_ids)
    assert answer.from_positions
    # Position 7 is past the end: kept as a choice no longer there, numbered from 1.
    assert answer.chosen == ("jumper", "bread-rolls", f"{LOST_POSITION}8")
    assert answer.labels == {}


@pytest.mark.parametrize("state", [{}, {"chosen": "jumper"}, {"chosen": {"a": 1}}, {"labels": 3}])
def test_a_saved_answer_of_the_wrong_shape_reads_as_no_answer(state: dict[str, Any]) -> None:
    assert read_choice_answer(state, CHAPTER.event_ids) == ChoiceAnswer()


def test_changing_an_answer_keeps_the_choices_no_longer_in_the_file() -> None:
    before = ChoiceAnswer(
        chosen=("jumper", "gone"), labels={"jumper": "Jumper", "gone": "A removed event"}
    )
    after = before.changed_to(["late"], {"late": "Late"}, CHAPTER.event_ids)
    assert after.chosen == ("late", "gone")
    assert after.labels == {"late": "Late", "gone": "A removed event"}
    # Put back in the file, the choice counts again, in the order picked.
    again = after.changed_to(["gone"], {"gone": "Back again"}, {*CHAPTER.event_ids, "gone"})
    assert again.chosen == ("gone",)
    assert again.labels == {"gone": "Back again"}


@pytest.mark.parametrize(
    ("text", "taken", "expected"),
    [
        ("Mum misses the appointment.", (), "mum-misses-appointment"),
        ("Maisie's teacher logs that she wore the same jumper", (), "maisie-teacher-wore-same"),
        ("Mum misses the appointment.", ("mum-misses-appointment",), "mum-misses-appointment-2"),
        ("Zoë's café", (), "zoe-cafe"),
        ("", (), "item"),
        ("The and of", (), "the-and-of"),
        ("!!!", ("item",), "item-2"),
    ],
)
def test_an_id_is_suggested_from_the_text(text: str, taken: tuple[str, ...], expected: str) -> None:
    assert suggest_id(text, taken) == expected


def test_an_answer_of_positions_is_told_from_one_of_ids() -> None:
    from reflect.model.scenario_answers import is_positional

    assert is_positional({"chosen": [0, 2]})
    assert not is_positional({"chosen": ["why-now"]})
    assert not is_positional({"chosen": []})
    assert not is_positional({"chosen": [True]})  # a hand-edited workbook: not a place
    assert not is_positional({"moved_to": "question/why-now/"})
