"""The scenario format's JSON Schema, the scaffold of a new scenario, and finding a scenario
by the id in an address."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reflect.errors import ScenarioError
from reflect.model.scenario import ACTIVITY_KINDS
from reflect.model.themes import THEME_IDS
from reflect.scenarios import (
    find_scenario,
    json_schema,
    load_scenario,
    load_scenario_text,
    scaffold,
)
from tests.scenario_text import SCENARIOS, write

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
    assert sum(len(chapter.indicators) for chapter in scenario.chapters) >= 5
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
