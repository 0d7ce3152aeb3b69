"""Warnings for a scenario that loads: Markdown where it shows as typed,
yes/no and other words read as true or false, a time read as a number. The scenario still loads;
`reflect validate` lists each warning under the file and passes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reflect.cli import main
from reflect.errors import Problem
from reflect.scenario_lint import file_warnings, markdown_in, text_warnings
from reflect.scenarios import load_scenario, load_scenario_text, scaffold
from tests.scenario_text import SHIPPED, line_of

NAME = "x-case.yaml"
TEXT = scaffold("x-case", "neglect")


def changed(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def warned(text: str) -> list[Problem]:
    scenario = load_scenario_text(text, NAME)  # a warning never stops the scenario loading
    return list(text_warnings(text, NAME, scenario))


def only(text: str) -> Problem:
    found = warned(text)
    assert len(found) == 1, found
    assert found[0].file == NAME
    return found[0]


def test_the_scaffold_has_no_warning() -> None:
    assert warned(TEXT) == []


# --- yes, no, on, off, 1 and 0 where true or false was meant -----------------------------------


def test_indicator_yes_is_read_as_true_and_the_warning_says_write_true() -> None:
    text = changed("        indicator: true  # a warning sign", "        indicator: yes  # a sign")
    assert load_scenario_text(text, NAME).chapters[0].events[0].indicator is True
    problem = only(text)
    assert (problem.line, problem.field) == (
        line_of(text, "indicator: yes"),
        "chapters[0].events[0].indicator",
    )
    assert problem.message.startswith("`indicator: yes` is read as true; write `indicator: true`")


def test_done_off_is_read_as_false_and_the_warning_says_write_false() -> None:
    text = changed("              done: false", "              done: off")
    problem = only(text)
    assert problem.field == "chapters[1].activities[0].case_facts.actions[0].done"
    assert problem.line == line_of(text, "done: off")
    assert problem.message.startswith("`done: off` is read as false; write `done: false`")


def test_correct_1_is_read_as_true_and_the_warning_says_write_true() -> None:
    text = changed("            correct: true", "            correct: 1")
    problem = only(text)
    assert problem.field == "chapters[0].activities[1].options[1].correct"
    assert problem.message.startswith("`correct: 1` is read as true; write `correct: true`")


def test_an_unquoted_time_read_as_a_number_says_put_it_in_quotes() -> None:
    text = changed(
        "        text: Something ordinary that a trainee might over-read.\n",
        "        text: Something ordinary that a trainee might over-read.\n        time: 22:00\n",
    )
    assert load_scenario_text(text, NAME).chapters[0].events[1].time == "22:00"
    problem = only(text)
    assert (problem.line, problem.field) == (
        line_of(text, "time: 22:00"),
        "chapters[0].events[1].time",
    )
    assert problem.message == (
        "YAML reads the unquoted 22:00 as the number 1320; it was read back as '22:00', "
        "but put it in quotes: `time: '22:00'`"
    )


# --- Markdown where a field shows plain text ---------------------------------------------------


def test_bold_in_a_why_is_shown_as_typed_and_the_warning_says_so() -> None:
    text = changed("why: Why it matters. Shown after", "why: It **really** matters. Shown after")
    problem = only(text)
    assert (problem.line, problem.field) == (
        line_of(text, "**really**"),
        "chapters[0].events[0].why",
    )
    assert problem.message.startswith(
        "Markdown is not rendered here: the trainee sees bold as typed ('**really**'); "
        "write plain text"
    )


def test_italics_in_an_option_are_warned_about() -> None:
    text = changed("text: Wait and see whether", "text: Wait and *see* whether")
    problem = only(text)
    assert problem.field == "chapters[0].activities[1].options[0].text"
    assert "italics as typed ('*see*')" in problem.message


def test_a_link_in_a_key_learning_point_is_warned_about() -> None:
    text = changed(
        "- The first thing to take away.", "- Read [the policy](https://example.org/p) again."
    )
    problem = only(text)
    assert (problem.line, problem.field) == (
        line_of(text, "[the policy]"),
        "debrief.key_learning[0]",
    )
    assert "a link as typed" in problem.message


def test_markdown_where_it_is_rendered_is_not_warned_about() -> None:
    text = changed("prompt: Which of these events", "prompt: Which **of** these events")
    text = text.replace("text: Something ordinary", "text: Something *ordinary*")
    text = text.replace("Set the scene in a paragraph", "Set the **scene** in a paragraph")
    assert warned(text) == []


@pytest.mark.parametrize(
    "prose",
    [
        "Mum (aged 2*3) said 5 * 4 is fine",
        "the file 003_3ed91ddee24b6ab3.txt",
        "snake_case_words and a_b",
        "a - dash in the middle",
    ],
)
def test_ordinary_prose_is_not_taken_for_markdown(prose: str) -> None:
    assert markdown_in(prose) is None


# --- every why is shown: none is warned about ---------------------------------------------------


def test_a_why_on_an_ordinary_event_in_a_chapter_without_spotting_is_not_warned() -> None:
    """The player shows it beneath the event once the chapter is answered
    (tests/ui/player/test_playing.py:
    test_a_chapter_without_spotting_shows_why_each_event_matters_once_answered)."""
    text = changed(
        "        text: The supervision session.\n",
        "        text: The supervision session.\n        why: Ordinary, nothing to see.\n",
    )
    assert warned(text) == []


# --- the shipped library and the command --------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_warning_on_a_shipped_scenario_names_its_line_and_field(path: Path) -> None:
    for problem in file_warnings(path, load_scenario(path)):
        assert problem.line is not None, problem
        assert problem.field, problem


def test_reflect_validate_lists_warnings_and_still_passes(tmp_path: Path) -> None:
    path = tmp_path / NAME
    text = changed("        indicator: true  # a warning sign", "        indicator: yes  # a sign")
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    line = line_of(text, "indicator: yes")
    assert (
        f"    warning: {path}:{line}: chapters[0].events[0].indicator: `indicator: yes` is read "
        "as true; write `indicator: true`"
    ) in result.output
    assert "All 1 files are valid, with 1 warning." in result.output
