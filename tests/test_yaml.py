"""The safe YAML loader: every failure is a ScenarioError naming file, line and field."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import Field

from reflect import _yaml
from reflect.errors import ScenarioError
from reflect.model import StrictModel


class Event(StrictModel):
    on: date
    text: str = Field(min_length=1)


class Case(StrictModel):
    title: str
    events: list[Event] = Field(default_factory=list)


def load(text: str) -> Case:
    return _yaml.load_text(text, Case, "case.yaml")


def test_valid_document_loads() -> None:
    case = load("title: A case\nevents:\n  - on: 2026-03-02\n    text: Visit\n")
    assert case.events[0].on == date(2026, 3, 2)


def test_misspelt_key_names_line_and_dotted_path() -> None:
    text = (
        "title: A case\nevents:\n  - on: 2026-03-02\n    text: Visit\n"
        "  - on: 2026-03-04\n    txt: x\n"
    )
    with pytest.raises(ScenarioError) as caught:
        load(text)
    fields = {(problem.field, problem.line) for problem in caught.value.problems}
    assert ("events[1].txt", 6) in fields
    assert ("events[1].text", 5) in fields  # missing: reported at the item's line
    assert "case.yaml:6: events[1].txt: unknown key" in str(caught.value)


def test_wrong_type_says_what_was_expected() -> None:
    with pytest.raises(ScenarioError) as caught:
        load("title: A case\nevents:\n  - on: next tuesday\n    text: Visit\n")
    problem = caught.value.problems[0]
    assert (problem.line, problem.field) == (3, "events[0].on")
    assert "date" in problem.message
    assert "next tuesday" in problem.message


def test_python_tags_are_refused() -> None:
    with pytest.raises(ScenarioError) as caught:
        load("title: !!python/object/apply:os.system ['echo pwned']\n")
    assert caught.value.line == 1
    assert caught.value.field == "title"


def test_aliases_are_refused_so_a_billion_laughs_cannot_expand() -> None:
    bomb = 'a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    with pytest.raises(ScenarioError) as caught:
        _yaml.parse(bomb, "bomb.yaml")
    assert caught.value.line == 2
    assert "aliases" in str(caught.value)


def test_duplicate_keys_are_an_error_not_a_silent_overwrite() -> None:
    with pytest.raises(ScenarioError) as caught:
        load("title: A\ntitle: B\n")
    assert (caught.value.line, caught.value.field) == (2, "title")


def test_syntax_error_gives_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        load("title: A\nevents: [\n  {on: 2026-01-01\n")
    assert caught.value.line is not None
    assert "not valid YAML" in str(caught.value)


def test_impossible_date_is_an_error_with_its_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        load("title: A\nevents:\n  - on: 2026-02-30\n    text: x\n")
    assert (caught.value.line, caught.value.field) == (3, "events[0].on")


def test_oversize_file_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("title: " + "x" * (_yaml.MAX_BYTES + 1), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        _yaml.load_file(big, Case)
    assert caught.value.file == str(big)
    assert "limit" in str(caught.value)


def test_not_utf8_names_the_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        _yaml.decode(b"title: ok\ntext: \xff\xfe\n", "latin.yaml")
    assert caught.value.line == 2


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(ScenarioError):
        _yaml.parse("a: " + "[" * 200 + "]" * 200, "deep.yaml")


def test_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        _yaml.load_file(tmp_path / "absent.yaml", Case)
    assert "cannot read" in str(caught.value)


def test_empty_document_reports_the_missing_fields() -> None:
    with pytest.raises(ScenarioError) as caught:
        load("")
    assert caught.value.file == "case.yaml"


def test_yes_no_on_off_stay_words() -> None:
    data, _ = _yaml.parse("on: no\nanswer: yes\nflag: true\n", "words.yaml")
    assert data == {"on": "no", "answer": "yes", "flag": True}


def test_control_characters_are_a_scenario_error_with_a_line() -> None:
    with pytest.raises(ScenarioError) as caught:
        _yaml.parse("title: ok\ntext: bad \x1f here\n", "control.yaml")
    assert "not valid YAML" in str(caught.value)
    assert caught.value.line == 2


def test_python_tag_on_the_top_level_mapping_is_refused() -> None:
    with pytest.raises(ScenarioError) as caught:
        _yaml.parse("--- !!python/object:os.system\ntitle: A\n", "tagged.yaml")
    assert (caught.value.file, caught.value.line, caught.value.field) == ("tagged.yaml", 1, "")
    assert "python/object" in str(caught.value)


def test_tag_on_a_nested_mapping_is_refused() -> None:
    text = "title: A\nevents:\n  - !!python/object:datetime.date\n    on: 2026-03-02\n"
    with pytest.raises(ScenarioError) as caught:
        load(text)
    assert (caught.value.line, caught.value.field) == (3, "events[0]")
    assert "only plain YAML values are allowed" in str(caught.value)


def test_any_non_default_tag_on_a_mapping_is_refused() -> None:
    with pytest.raises(ScenarioError) as caught:
        _yaml.parse("title: A\nmeta: !custom {a: 1}\n", "custom.yaml")
    assert (caught.value.line, caught.value.field) == (2, "meta")


def test_tag_on_a_list_is_refused() -> None:
    with pytest.raises(ScenarioError) as caught:
        load("title: A\nevents: !!python/tuple\n  - on: 2026-03-02\n    text: x\n")
    assert (caught.value.file, caught.value.line, caught.value.field) == (
        "case.yaml",
        2,
        "events",
    )
    assert "python/tuple" in str(caught.value)


def test_explicit_default_tags_are_still_plain_yaml() -> None:
    data, _ = _yaml.parse("!!map\nitems: !!seq [1, 2]\n", "plain.yaml")
    assert data == {"items": [1, 2]}
