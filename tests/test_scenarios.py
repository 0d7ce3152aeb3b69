"""Loading scenario files: the shipped library, precise errors for trainers, and folders."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reflect import _yaml, frameworks
from reflect.errors import ScenarioError
from reflect.model.scenario import ACTIVITY_KINDS, DriftCheck, Scenario
from reflect.model.scenario_paths import wished_path
from reflect.model.themes import THEME_IDS
from reflect.scenarios import (
    load_folder,
    load_folders,
    load_scenario,
    load_scenario_text,
    scaffold,
    validate_paths,
)
from tests.scenario_text import SCENARIOS, SHIPPED, TOOLS, fields, line_of, refused, write

# --- the shipped library -------------------------------------------------------------------


def test_the_shipped_library_loads_without_a_problem() -> None:
    report = load_folder(SCENARIOS)
    assert report.errors == ()
    assert len(report.scenarios) == len(SHIPPED) >= 3
    assert set(report.files) == {path.stem for path in SHIPPED}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_each_shipped_scenario_uses_every_tool_and_enough_indicators(path: Path) -> None:
    scenario = load_scenario(path)
    kinds = {activity.kind for chapter in scenario.chapters for activity in chapter.activities}
    assert kinds - {"body_map"} == TOOLS  # a body map where the case has one
    assert sum(len(chapter.indicators) for chapter in scenario.chapters) >= 5
    assert 3 <= len(wished_path(scenario)) <= 4  # a branching one's other chapters aside
    assert len(scenario.debrief.references) >= 2


def test_every_theme_of_the_shipped_scenarios_is_in_the_catalogue_the_app_shows() -> None:
    catalogue = frameworks.themes()
    for path in SHIPPED:
        for theme in load_scenario(path).themes:
            assert catalogue.get(theme).name


def test_the_shipped_scenarios_each_lead_with_a_different_theme() -> None:
    leading = [load_scenario(path).themes[0] for path in SHIPPED]
    assert len(set(leading)) == len(leading)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_a_shipped_scenario_written_back_out_loads_to_the_same_scenario(path: Path) -> None:
    scenario = load_scenario(path)
    text = yaml.safe_dump(scenario.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
    assert load_scenario_text(text, path.name) == scenario


# --- hostile and broken files ----------------------------------------------------------------


def test_python_tags_are_refused() -> None:
    text = scaffold("x-case").replace(
        "title: X case", "title: !!python/object/apply:os.system ['echo pwned']"
    )
    error = refused(text, "x-case.yaml")
    assert error.field == "title"
    assert error.line == line_of(text, "!!python")


def test_an_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = 'a: &a ["lol","lol","lol"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\nd: [*c,*c,*c]\n'
    error = refused(bomb)
    assert error.line == 2
    assert "aliases" in str(error)


def test_an_oversize_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(scaffold("big") + "# " + "x" * _yaml.MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(big)
    assert caught.value.file == str(big)
    assert "limit" in str(caught.value)


def test_a_misspelt_key_gives_its_line_dotted_path_and_the_likely_key() -> None:
    text = scaffold("x-case").replace(
        "carried over again.\n        indicator: true",
        "carried over again.\n        indicater: true",
    )
    error = refused(text, "x-case.yaml")
    problem = error.problems[0]
    assert problem.field == "chapters[1].events[0].indicater"
    assert problem.line == line_of(text, "indicater")
    assert "unknown key; did you mean 'indicator'?" in problem.message
    assert f"x-case.yaml:{problem.line}: chapters[1].events[0].indicater: unknown key" in str(error)


@pytest.mark.parametrize("written", ["2026-02-30", "next tuesday", "20260105"])
def test_a_wrong_date_names_its_line_and_field(written: str) -> None:
    text = scaffold("x-case").replace("on: 2026-01-12", f"on: {written}")
    error = refused(text, "x-case.yaml")
    assert fields(error) == {"chapters[0].events[1].on": line_of(text, written)}


def test_a_duplicate_key_is_refused_not_overwritten() -> None:
    text = scaffold("x-case").replace("title: X case", "title: X case\ntitle: Another")
    error = refused(text, "x-case.yaml")
    assert (error.field, error.line) == ("title", line_of(text, "Another"))


def test_the_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other-name.yaml"
    path.write_text(scaffold("x-case"), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert fields(caught.value) == {"id": line_of(scaffold("x-case"), "id: x-case")}
    assert "rename the file to x-case.yaml" in str(caught.value)


def test_text_without_a_file_name_is_not_held_to_one() -> None:
    assert load_scenario_text(scaffold("x-case"), "pasted text").id == "x-case"


def test_an_unknown_theme_lists_the_known_ones() -> None:
    text = scaffold("x-case").replace("themes: [professional-curiosity]", "themes: [curiosity]")
    error = refused(text, "x-case.yaml")
    problem = next(p for p in error.problems if p.field == "themes[0]")
    assert problem.line == line_of(text, "themes: [curiosity]")
    assert "unknown theme 'curiosity'" in problem.message
    assert all(theme in problem.message for theme in THEME_IDS)


def test_an_unknown_activity_kind_names_the_kind_key() -> None:
    text = scaffold("x-case").replace("kind: question", "kind: quiz")
    error = refused(text, "x-case.yaml")
    assert fields(error) == {"chapters[0].activities[1].kind": line_of(text, "kind: quiz")}
    assert all(kind in str(error) for kind in ACTIVITY_KINDS)


def test_a_problem_inside_an_activity_has_the_path_as_written() -> None:
    text = scaffold("x-case").replace(
        "feedback: Say why this is, or is not, a good answer.", "feedback: ''"
    )
    error = refused(text, "x-case.yaml")
    assert fields(error) == {"chapters[0].activities[1].options[0].feedback": line_of(text, "''")}
    assert "must not be empty" in str(error)


def test_an_indicator_without_why_is_reported_at_the_event() -> None:
    text = scaffold("x-case").replace(
        "        why: Why it matters, and how it adds to the first.\n", ""
    )
    error = refused(text, "x-case.yaml")
    assert fields(error) == {"chapters[0].events[2].why": line_of(text, "id: second-warning-sign")}


def test_every_problem_is_reported_at_once_in_line_order() -> None:
    text = (
        scaffold("x-case")
        .replace("title: X case", "titel: X case")
        .replace("expected_route: ladder", "expected_route: maybe")
    )
    error = refused(text, "x-case.yaml")
    assert {"titel", "title", "chapters[1].activities[1].expected_route"} <= set(fields(error))
    lines = [problem.line or 0 for problem in error.problems]
    assert lines == sorted(lines)


def test_a_drift_level_lower_than_the_dates_show_is_refused() -> None:
    text = (SCENARIOS / "packed-lunches.yaml").read_text(encoding="utf-8")
    text = text.replace("expected_level: drifting", "expected_level: watch")
    error = refused(text, "packed-lunches.yaml")
    assert fields(error) == {
        "chapters[1].activities[1].expected_level": line_of(text, "expected_level: watch")
    }
    assert "the dates alone show 'drifting'" in str(error)
    assert "carried over" in str(error)


def test_a_drift_level_higher_than_the_dates_show_is_allowed() -> None:
    scenario = load_scenario(SCENARIOS / "everything-is-fine.yaml")
    check = next(a for c in scenario.chapters for a in c.activities if isinstance(a, DriftCheck))
    assert check.expected_level == "drifting"  # the dates alone show only 'watch'


@pytest.mark.parametrize("text", ["", "just words", "- a\n- list\n", "42"])
def test_a_file_that_is_not_a_mapping_says_what_a_scenario_looks_like(text: str) -> None:
    assert "schema_version: 1" in str(refused(text))


def test_a_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "absent.yaml")
    assert "cannot read" in str(caught.value)


# --- folders -----------------------------------------------------------------------------


def test_one_broken_file_is_reported_and_the_rest_still_load(tmp_path: Path) -> None:
    write(tmp_path, "first.yaml", scaffold("first"))
    broken = write(tmp_path, "broken.yaml", "schema_version: 1\nid: broken\ntitel: x\n")
    write(tmp_path, "last.yml", scaffold("last"))
    write(tmp_path, "notes.txt", "not a scenario")
    write(tmp_path, ".hidden.yaml", "not: [valid")
    report = load_folder(tmp_path)
    assert [s.id for s in report.scenarios] == ["first", "last"]
    assert [error.file for error in report.errors] == [str(broken)]
    assert f"{broken}:3: titel: unknown key" in str(report.errors[0])
    assert report.files["last"] == tmp_path / "last.yml"
    assert not report.ok
    assert report.get("first") is report.scenarios[0]


def test_the_same_id_in_two_folders_is_an_error_naming_both_files(tmp_path: Path) -> None:
    shipped = write(tmp_path / "shipped", "a-case.yaml", scaffold("a-case"))
    own = write(tmp_path / "own", "a-case.yaml", scaffold("a-case"))
    report = load_folders([tmp_path / "shipped", tmp_path / "own"])
    assert [s.id for s in report.scenarios] == ["a-case"]
    assert report.files["a-case"] == shipped
    [error] = report.errors
    assert (error.file, error.field) == (str(own), "id")
    assert str(shipped) in str(error)


def test_a_yaml_and_a_yml_file_with_the_same_name_clash(tmp_path: Path) -> None:
    write(tmp_path, "a-case.yaml", scaffold("a-case"))
    write(tmp_path, "a-case.yml", scaffold("a-case"))
    assert len(load_folder(tmp_path).errors) == 1


def test_a_missing_folder_is_reported_not_raised(tmp_path: Path) -> None:
    report = load_folder(tmp_path / "nowhere")
    assert report.scenarios == ()
    assert "no such file or folder" in str(report.errors[0])


def test_validate_paths_takes_files_and_folders_and_checks_each_file_once(
    tmp_path: Path,
) -> None:
    one = write(tmp_path / "lib", "one.yaml", scaffold("one"))
    two = write(tmp_path / "lib", "two.yaml", scaffold("two"))
    loose = write(tmp_path, "loose.yaml", "schema_version: 2\n")
    results = validate_paths([tmp_path / "lib", one, loose, tmp_path / "gone.yaml"])
    assert [path for path, _ in results] == [one, two, loose, tmp_path / "gone.yaml"]
    outcomes = [outcome for _, outcome in results]
    assert [type(outcome) for outcome in outcomes] == [
        Scenario,
        Scenario,
        ScenarioError,
        ScenarioError,
    ]


def test_validate_paths_of_an_empty_folder_is_empty(tmp_path: Path) -> None:
    assert validate_paths([tmp_path]) == []
