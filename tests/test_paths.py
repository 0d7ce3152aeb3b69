"""reflect._paths: the folders it returns exist and hold what reflect serves from them."""

from __future__ import annotations

import json

from reflect import _paths
from reflect._landing import APPS, SCENARIO_PLAYER


def test_scenarios_dir_holds_the_library_and_its_schema() -> None:
    folder = _paths.scenarios_dir()
    assert folder.is_dir()
    assert len(list(folder.glob("*.yaml"))) >= 1
    schema = folder / "scenario.schema.json"
    assert schema.is_file()
    assert isinstance(json.loads(schema.read_text(encoding="utf-8")), dict)


def test_notebooks_dir_holds_every_launcher_notebook() -> None:
    folder = _paths.notebooks_dir()
    assert folder.is_dir()
    for notebook in [*(app.notebook for app in APPS), SCENARIO_PLAYER]:
        path = folder / notebook
        assert path.is_file(), notebook
        assert json.loads(path.read_text(encoding="utf-8"))["nbformat"] == 4


def test_widgets_dir_holds_the_theme_and_the_widget_front_ends() -> None:
    folder = _paths.widgets_dir()
    assert folder.is_dir()
    # what reflect.ui reads from it at import time
    for name in ["theme.css", "cycle_wheel.js", "cycle_wheel.css"]:
        assert (folder / name).is_file(), name
    for name in ["level_choice.js", "level_choice.css"]:
        assert (folder / name).is_file(), name


def test_the_folders_are_absolute_and_sit_side_by_side() -> None:
    folders = [_paths.scenarios_dir(), _paths.notebooks_dir(), _paths.widgets_dir()]
    assert all(folder.is_absolute() for folder in folders)
    assert len({folder.parent for folder in folders}) == 1
    assert [folder.name for folder in folders] == ["scenarios", "notebooks", "widgets"]
