"""reflect.errors: every ScenarioError names the file, the line, the field and what was expected."""

from __future__ import annotations

import pytest

from reflect.errors import Problem, ReflectError, ScenarioError, StoreError


def test_a_problem_reads_file_line_field_then_what_was_expected() -> None:
    problem = Problem("scenarios/missed.yaml", 12, "chapters[1].title", "required, but missing")
    assert str(problem) == "scenarios/missed.yaml:12: chapters[1].title: required, but missing"


def test_a_problem_without_a_line_or_field_still_names_the_file() -> None:
    assert str(Problem("big.yaml", None, "", "the file is too large")) == (
        "big.yaml: the file is too large"
    )
    assert str(Problem("x.yaml", None, "title", "too long")) == "x.yaml: title: too long"
    assert str(Problem("x.yaml", 3, "", "not valid YAML")) == "x.yaml:3: not valid YAML"


def test_single_gives_one_problem_and_the_message_names_everything() -> None:
    error = ScenarioError.single("ladder.yaml", 7, "stages[0].who", "must not be empty")
    assert (error.file, error.line, error.field) == ("ladder.yaml", 7, "stages[0].who")
    assert error.problems == (Problem("ladder.yaml", 7, "stages[0].who", "must not be empty"),)
    assert str(error) == "ladder.yaml:7: stages[0].who: must not be empty"


def test_every_problem_is_kept_one_line_each_and_the_first_is_the_headline() -> None:
    problems = [
        Problem("a.yaml", 2, "title", "required, but missing"),
        Problem("a.yaml", 9, "themes[0]", "unknown theme (found 'neglet')"),
    ]
    error = ScenarioError(problems)
    assert error.problems == tuple(problems)
    assert str(error).splitlines() == [
        "a.yaml:2: title: required, but missing",
        "a.yaml:9: themes[0]: unknown theme (found 'neglet')",
    ]
    assert (error.file, error.line, error.field) == ("a.yaml", 2, "title")


def test_a_scenario_error_needs_at_least_one_problem() -> None:
    with pytest.raises(ValueError, match="at least one problem"):
        ScenarioError([])


def test_the_problems_cannot_be_changed_after_the_error_is_raised() -> None:
    problem = Problem("a.yaml", 1, "id", "not a slug")
    with pytest.raises(AttributeError):
        problem.line = 2  # type: ignore[misc]
    assert isinstance(ScenarioError([problem]).problems, tuple)


def test_both_errors_are_reflect_errors() -> None:
    assert issubclass(ScenarioError, ReflectError)
    assert issubclass(StoreError, ReflectError)
    assert issubclass(ReflectError, Exception)
    with pytest.raises(ReflectError):
        raise StoreError("the workbook is locked")
