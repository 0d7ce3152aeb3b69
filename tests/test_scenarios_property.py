"""Whatever a scenario file holds, loading it gives a Scenario or a ScenarioError, never a crash
or another exception, and every problem points into the file."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect import _yaml
from reflect.errors import ScenarioError
from reflect.model.scenario import Scenario
from reflect.scenarios import load_scenario_text, scaffold

NAME = "fuzz-case.yaml"
SCAFFOLD = scaffold("fuzz-case", "neglect")
FIELD_NAMES = [
    *("schema_version", "id", "title", "summary", "themes", "setting", "audience", "sources"),
    *("learning_outcomes", "chapters", "debrief", "narrative", "events", "activities", "on"),
    *("text", "indicator", "why", "kind", "prompt", "options", "correct", "feedback", "as_of"),
    *("case_facts", "expected_level", "expected_route", "exceptions", "emphasise", "theme"),
]
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(text: str) -> Scenario | ScenarioError:
    """Load text; any exception other than ScenarioError escapes and fails the test."""
    try:
        return load_scenario_text(text, NAME)
    except ScenarioError as error:
        return error


def assert_points_into(result: Scenario | ScenarioError, text: str) -> None:
    if isinstance(result, Scenario):
        return
    last_line = max(1, len(text.splitlines()) + 1)
    for problem in result.problems:
        assert problem.file == NAME
        assert problem.message.strip()
        assert problem.line is None or 1 <= problem.line <= last_line


@EXAMPLES
@given(st.binary(max_size=4000))
def test_any_bytes_give_a_scenario_or_a_scenario_error(data: bytes) -> None:
    try:
        text = _yaml.decode(data, NAME)
    except ScenarioError as error:
        decoding_error: ScenarioError | None = error
    else:
        decoding_error = None
        assert_points_into(outcome(text), text)
    if decoding_error is not None:
        assert decoding_error.file == NAME


@EXAMPLES
@given(st.text(max_size=4000))
def test_any_text_gives_a_scenario_or_a_scenario_error(text: str) -> None:
    assert_points_into(outcome(text), text)


YAML_PIECES = st.sampled_from(
    [
        *("\n", "  ", "- ", ": ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/name:os.system "),
        *("!!binary ", "? ", "|\n  ", ">-\n  ", "#", "'", '"', "2026-02-30", "2026-01-05", "1e400"),
        *("<<: ", "~", "true", "no", ".inf", "0x1F", "\t", "\\", "\x00", "\u2028", "---\n", "..."),
        *FIELD_NAMES,
    ]
)


@EXAMPLES
@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_yaml_like_fragments_give_a_scenario_or_a_scenario_error(text: str) -> None:
    assert_points_into(outcome(text), text)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(FIELD_NAMES),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=25,
)


@EXAMPLES
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=12))
def test_scenario_shaped_documents_give_a_scenario_or_a_scenario_error(
    document: dict[str, Any],
) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    assert_points_into(outcome(text), text)


def places(data: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and item position in a parsed document."""
    found = [at]
    if isinstance(data, dict):
        for key, value in data.items():
            found += places(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += places(value, (*at, index))
    return found


VALID = _yaml.parse(SCAFFOLD, NAME)[0]  # not yaml.safe_load, which reads the key `on` as True
PLACES = [place for place in places(VALID) if place]


@EXAMPLES
@given(
    st.sampled_from(PLACES),
    st.sampled_from(["replace", "delete", "add-key"]),
    VALUES,
)
def test_one_change_to_a_valid_scenario_gives_a_scenario_or_a_precise_error(
    place: tuple[Any, ...], change: str, value: Any
) -> None:
    document = _yaml.parse(SCAFFOLD, NAME)[0]
    parent = document
    for part in place[:-1]:
        parent = parent[part]
    last = place[-1]
    added = change == "add-key" and isinstance(parent[last], dict)
    if change == "replace":
        parent[last] = value
    elif change == "delete":
        del parent[last]
    elif added:
        parent[last]["surprise"] = value
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    result = outcome(text)
    assert_points_into(result, text)
    if added:  # an unknown key is always refused, and named
        assert isinstance(result, ScenarioError)
        assert any(problem.field.endswith("surprise") for problem in result.problems)


@EXAMPLES
@given(st.data())
def test_cutting_or_repeating_lines_of_a_valid_scenario_never_crashes(data: st.DataObject) -> None:
    lines = SCAFFOLD.splitlines(keepends=True)
    start = data.draw(st.integers(0, len(lines) - 1))
    end = data.draw(st.integers(start, min(len(lines), start + 8)))
    repeat = data.draw(st.booleans())
    text = "".join(
        lines[:end] + lines[start:end] + lines[end:] if repeat else lines[:start] + lines[end:]
    )
    assert_points_into(outcome(text), text)
