"""Ids of events, questions and options as the loader checks them: missing ones get a
suggestion, repeated ones name where they were first used."""

from __future__ import annotations

from reflect.model.scenario import Question
from reflect.scenarios import (
    load_scenario_text,
    scaffold,
)
from tests.scenario_text import fields, line_of, refused

# --- ids of events, questions and options ----------------------------------------------------


def test_the_scaffold_gives_every_event_question_and_option_an_id() -> None:
    text = scaffold("new-case")
    scenario = load_scenario_text(text, "new-case.yaml")
    questions = [a for c in scenario.chapters for a in c.activities if isinstance(a, Question)]
    events = [event.id for chapter in scenario.chapters for event in chapter.events]
    assert len(set(events)) == len(events) == text.count("\n      - id: ")
    assert [question.id for question in questions] == ["what-next"]
    assert questions[0].option_ids == ("wait-and-see", "record-tell-and-start-chronology")
    assert "saved answers refer to it" in text


def test_a_missing_event_id_says_exactly_which_id_to_add() -> None:
    text = scaffold("x-case").replace(
        "      - id: second-warning-sign\n        on: 2026-01-19", "      - on: 2026-01-19"
    )
    error = refused(text, "x-case.yaml")
    assert fields(error) == {"chapters[0].events[2].id": line_of(text, "on: 2026-01-19")}
    assert (
        "chapters[0].events[2].id: required, but missing: add `id: second-warning-sign-forms` "
        "(a short name for this event, unique in the scenario; saved answers refer to it)"
    ) in str(error)


def test_missing_ids_get_suggestions_unused_in_their_scope() -> None:
    text = (
        scaffold("x-case")
        .replace(
            "      - id: first-warning-sign  # a short name for the event; saved answers refer to"
            " it\n        on: 2026-01-05\n        text: What happened, in a sentence",
            "      - on: 2026-01-05\n        text: A second warning sign that forms a pattern.",
        )
        .replace("      - id: second-warning-sign\n        on:", "      - on:")
        .replace("        id: what-next  # unique among the scenario's questions\n", "")
        .replace(
            "          - id: wait-and-see  # unique among this question's options\n"
            "            text: Wait and see",
            "          - text: Record it. Wait and see",
        )
    )
    messages = {problem.field: problem.message for problem in refused(text, "x-case.yaml").problems}
    assert set(messages) == {
        "chapters[0].events[0].id",
        "chapters[0].events[2].id",
        "chapters[0].activities[1].id",
        "chapters[0].activities[1].options[0].id",
    }
    # The first suggestion is taken by the time the second is made: they never clash.
    assert "add `id: second-warning-sign-forms` (" in messages["chapters[0].events[0].id"]
    assert "add `id: second-warning-sign-forms-2` (" in messages["chapters[0].events[2].id"]
    question = messages["chapters[0].activities[1].id"]
    assert "add `id: happen-next` (a short name for this question" in question
    # Options are unique within their question only: the other option's id is the one to avoid.
    option = messages["chapters[0].activities[1].options[0].id"]
    assert "add `id: record-wait-see-whether` (a short name for this option, unique in its " in (
        option
    )


def test_a_missing_scenario_id_names_the_file() -> None:
    text = scaffold("x-case").replace("id: x-case  # the file name without .yaml\n", "")
    assert "id: required, but missing: add `id: x-case`" in str(refused(text, "x-case.yaml"))


def nth_line_of(text: str, line: str, nth: int) -> int:
    """The 1-based number of the nth line (from 1) that is exactly `line`."""
    return [n for n, found in enumerate(text.splitlines(), 1) if found == line][nth - 1]


def test_an_event_id_used_twice_names_the_first_place_and_a_free_id() -> None:
    text = scaffold("x-case").replace(
        "      - id: child-shows-daily-life", "      - id: second-warning-sign"
    )
    [problem] = refused(text, "x-case.yaml").problems
    assert problem.field == "chapters[2].events[0].id"
    assert problem.line == nth_line_of(text, "      - id: second-warning-sign", 2)
    assert problem.message == (
        "the id 'second-warning-sign' is already used by the event at chapters[0].events[2]; "
        "each event needs its own id in a scenario: give this one another, e.g. "
        "'child-shows-daily-life'"
    )


def test_option_ids_are_unique_within_their_question() -> None:
    text = scaffold("x-case").replace(
        "          - id: record-tell-and-start-chronology", "          - id: wait-and-see"
    )
    [problem] = refused(text, "x-case.yaml").problems
    assert problem.field == "chapters[0].activities[1].options[1].id"
    # The first wait-and-see carries a comment: the only line that is exactly this is the second.
    assert problem.line == nth_line_of(text, "          - id: wait-and-see", 1)
    assert problem.message.startswith(
        "the id 'wait-and-see' is already used by the option at options[0]; each option needs "
        "its own id in its question: give this one another, e.g. 'record-tell-designated-"
    )
