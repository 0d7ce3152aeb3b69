"""The scenario player's library page, hostile text in scenario files, and every shipped
scenario played to its debrief."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from reflect._paths import scenarios_dir
from reflect.scenarios import load_folder, load_scenario
from reflect.settings import SCENARIOS_ENV
from reflect.store import Store
from reflect.ui._player_activities import SpotIndicatorsView
from reflect.ui.scenario import ScenarioApp, ScenarioPlayer, Tools, library_folders
from tests.ui.player.app_helpers import (
    SHIPPED,
    attempt,
    chapter_titles_shown,
    elements,
    hostile_scenario,
    html_of,
    play_current_chapter,
)


def test_hostile_markdown_in_a_scenario_renders_without_scripts_or_handlers(
    tmp_path: Path, tools: Tools, store: Store
) -> None:
    scenario = load_scenario(hostile_scenario(tmp_path))
    player = ScenarioPlayer(scenario, tools)
    player.attach(store)
    for _ in scenario.chapters:
        play_current_chapter(player)
    page = html_of(player.body)
    assert "<h2>Debrief</h2>" in page
    assert "Hello" in page
    assert "there." in page
    tags = elements(page)
    assert {"script", "iframe", "img"}.isdisjoint(tag for tag, _ in tags)
    attributes = [(name, value or "") for _, attrs in tags for name, value in attrs]
    assert [name for name, _ in attributes if name.startswith("on")] == []
    assert [value for _, value in attributes if "javascript" in value.lower()] == []
    spot = player.chapters[0].activities[0]
    assert isinstance(spot, SpotIndicatorsView)
    ordinary = spot.boxes["something-ordinary"]
    assert "<img src=x onerror='window.__pwned=4'> ordinary" in ordinary.description
    assert not ordinary.description_allow_html
    # A warning sign's why, shown under its event where no activity lists the events.
    why = html.escape("<img src=x onerror='window.__pwned=6'> carried over")
    assert f"<strong>Why it matters:</strong> {why}" in player.chapters[1].text.value


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(scenarios_dir() / f"{SHIPPED}.yaml", folder)
    (folder / "half-written.yaml").write_text("id: half-written\ntitle: [unclosed\n")
    return folder


def test_without_a_scenario_the_page_lists_them_with_links(library: Path, store: Store) -> None:
    app = ScenarioApp(folders=lambda: [library])
    app.attach(store, {})
    page = html_of(app.body)
    assert app.player is None
    assert "<h1>Scenarios</h1>" in app.header.value
    assert f'<a href="?scenario={SHIPPED}">' in page
    assert 'role="alert"' not in page
    # A broken file is named with its line and problem for trainers to fix.
    assert re.search(r"half-written\.yaml:\d+: not valid YAML", page)
    assert str(library) not in page  # never the server's folders


def test_an_unknown_scenario_says_so_and_lists_the_others(library: Path, store: Store) -> None:
    app = ScenarioApp(folders=lambda: [library])
    app.attach(store, {"scenario": "no-such-case"})
    page = html_of(app.body)
    assert "There is no scenario &#x27;no-such-case&#x27;. Choose one of these." in page
    assert f'<a href="?scenario={SHIPPED}">' in page
    app.attach(store, {"scenario": "half-written"})
    page = html_of(app.body)
    assert "The scenario &#x27;half-written&#x27; could not be loaded" in page
    assert re.search(r"half-written\.yaml:\d+: not valid YAML", page)


def test_the_library_is_read_again_on_every_attach(
    library: Path, store: Store, tmp_path: Path
) -> None:
    app = ScenarioApp(folders=lambda: [library])
    app.attach(store, {"scenario": "hostile-case"})
    assert app.player is None
    hostile_scenario(library)
    app.attach(store, {"scenario": "hostile-case"})
    assert app.player is not None
    assert "Hello" in html_of(app.body)
    assert "<h1>Set the scene" not in app.header.value
    assert "<h1>Hostile case</h1>" in app.header.value


def test_the_trainers_folder_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(SCENARIOS_ENV, raising=False)
    assert library_folders() == [scenarios_dir()]
    monkeypatch.setenv(SCENARIOS_ENV, str(tmp_path))
    assert library_folders() == [scenarios_dir(), tmp_path]


@pytest.mark.parametrize("scenario_id", sorted(load_folder(scenarios_dir()).files))
def test_every_shipped_scenario_plays_to_its_debrief(
    scenario_id: str, tools: Tools, store: Store
) -> None:
    scenario = load_folder(scenarios_dir()).get(scenario_id)
    assert scenario is not None
    player = ScenarioPlayer(scenario, tools)
    player.attach(store)
    for _ in scenario.chapters:  # a branching scenario's path may pass fewer
        if not player.finished:
            play_current_chapter(player)
    assert player.finished
    assert "<h2>Debrief</h2>" in html_of(player.body)
    assert player.errors.value == ""


def test_a_chapter_that_could_not_be_saved_as_reached_stays_closed(
    player: ScenarioPlayer, store: Store
) -> None:
    for view in player.current.activities:
        attempt(view)
    store.close()
    player.current.continue_button.click()
    assert "closed" in player.errors.value
    assert player.reached == 1
    assert len(chapter_titles_shown(player)) == 1
    assert player.current.continue_button.layout.display is None  # still there to try again
