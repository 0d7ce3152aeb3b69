"""Loading scenario files: the shipped library, precise errors for trainers, folders, the JSON
Schema and the scaffold of a new scenario."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from reflect import _yaml, frameworks
from reflect.errors import ScenarioError
from reflect.model.scenario import ACTIVITY_KINDS, DriftCheck, Question, Scenario
from reflect.model.themes import THEME_IDS
from reflect.scenarios import (
    find_scenario,
    json_schema,
    load_folder,
    load_folders,
    load_scenario,
    load_scenario_text,
    scaffold,
    validate_paths,
)

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
TOOLS = {"spot_indicators", "drift_check", "escalation_check", "gibbs_reflection", "question"}


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line containing `fragment`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def refused(text: str, name: str = "case.yaml") -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, name)
    return caught.value


def fields(error: ScenarioError) -> dict[str, int | None]:
    return {problem.field: problem.line for problem in error.problems}


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
    assert kinds == TOOLS
    assert scenario.indicator_count >= 5
    assert 3 <= len(scenario.chapters) <= 4
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


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


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


# --- the JSON Schema -----------------------------------------------------------------------


def test_the_checked_in_schema_is_the_generated_one() -> None:
    checked_in = (SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8")
    generated = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert checked_in == generated, (
        "run: make schema (reflect schema > scenarios/scenario.schema.json)"
    )


def test_every_field_in_the_schema_has_a_description() -> None:
    schema = json_schema()
    models = {"Scenario": schema, **schema["$defs"]}
    missing = [
        f"{model}.{name}"
        for model, definition in models.items()
        for name, field in definition.get("properties", {}).items()
        if not field.get("description")
    ]
    assert missing == []


def test_the_schema_offers_the_theme_ids_and_activity_kinds_for_completion() -> None:
    schema = json_schema()
    assert schema["properties"]["themes"]["items"]["enum"] == list(THEME_IDS)
    mapping = schema["$defs"]["Chapter"]["properties"]["activities"]["items"]["discriminator"]
    assert set(mapping["mapping"]) == set(ACTIVITY_KINDS)
    assert schema["additionalProperties"] is False


# --- the scaffold --------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEME_IDS)
def test_the_scaffold_validates_for_every_theme(theme: str) -> None:
    text = scaffold("new-case", theme)
    scenario = load_scenario_text(text, "new-case.yaml")
    assert scenario.themes == (theme,)
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./scenario.schema.json"


def test_the_scaffold_shows_every_activity_kind_and_validates_without_a_theme() -> None:
    scenario = load_scenario_text(scaffold("new-case"), "new-case.yaml")
    kinds = {activity.kind for chapter in scenario.chapters for activity in chapter.activities}
    assert kinds == set(ACTIVITY_KINDS)
    assert len(scenario.chapters) == 3


def test_the_scaffold_meets_the_library_bar_for_warning_signs() -> None:
    scenario = load_scenario_text(scaffold("new-case"), "new-case.yaml")
    assert scenario.indicator_count >= 5
    for chapter in scenario.chapters:
        if any(activity.kind == "spot_indicators" for activity in chapter.activities):
            assert len(chapter.indicators) < len(chapter.events)  # a false alarm is possible
            assert all(event.why for event in chapter.events)


def test_the_scaffold_can_point_at_a_schema_elsewhere() -> None:
    text = scaffold("new-case", schema_ref="/opt/reflect/scenario.schema.json")
    assert text.startswith("# yaml-language-server: $schema=/opt/reflect/scenario.schema.json\n")


def test_the_scaffold_refuses_an_unknown_theme_and_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown theme 'no-such-theme'") as caught:
        scaffold("new-case", "no-such-theme")
    assert all(theme in str(caught.value) for theme in THEME_IDS)


@pytest.mark.parametrize("bad_id", ["New Case", "new_case", "-new", ""])
def test_the_scaffold_refuses_an_id_that_cannot_be_a_file_name(bad_id: str) -> None:
    with pytest.raises(ValueError, match="not a scenario id"):
        scaffold(bad_id)


def test_a_scaffolded_file_in_the_library_validates_beside_the_schema(tmp_path: Path) -> None:
    path = write(tmp_path, "late-visits.yaml", scaffold("late-visits", "neglect"))
    assert load_scenario(path).title == "Late visits"


def test_one_scenario_is_found_by_its_id_in_the_first_folder_that_has_it(tmp_path: Path) -> None:
    shipped = SCENARIOS
    trainers = tmp_path / "trainers"
    trainers.mkdir()
    (trainers / "packed-lunches.yaml").write_text(
        scaffold("packed-lunches", "neglect"), encoding="utf-8"
    )
    (trainers / "our-own.yml").write_text(scaffold("our-own", "neglect"), encoding="utf-8")

    found = find_scenario([shipped, trainers], "packed-lunches")
    assert found is not None
    assert found == load_scenario(shipped / "packed-lunches.yaml")  # the first folder's file
    ours = find_scenario([shipped, trainers], "our-own")
    assert ours is not None
    assert ours.id == "our-own"
    assert find_scenario([shipped, trainers], "not-there") is None


@pytest.mark.parametrize("asked", ["../trainers/our-own", "/etc/passwd", "Our-Own", "", "a b"])
def test_an_id_from_an_address_is_never_followed_as_a_path(tmp_path: Path, asked: str) -> None:
    # Every file these paths would reach is there, so only the id check keeps them out.
    library, trainers = tmp_path / "library", tmp_path / "trainers"
    for folder, name in (
        (trainers, "our-own.yaml"),
        (library, "Our-Own.yaml"),
        (library, "a b.yaml"),
    ):
        write(folder, name, scaffold("our-own", "neglect"))
    assert find_scenario([library], asked) is None
    assert find_scenario([library], str(trainers / "our-own")) is None  # an absolute path


def test_a_broken_file_found_by_its_id_raises_its_problems(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as raised:
        find_scenario([tmp_path], "broken")
    assert "broken.yaml" in str(raised.value)


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
